"""Migration i14_document_refs fills document_reference from what already attaches documents.

The data is made at the head revision, then the migration is taken down (its table goes) and up
again: the upgrade must find every application link, complaint photo and consultation photo.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from backend.accounts.models import User
from backend.app import create_app
from backend.applications.models import Application, ApplicationDocument
from backend.catalogue.models import Service
from backend.consultation.models import Consultation
from backend.documents.models import Document
from backend.extensions import db
from backend.feedback.models import Complaint
from tests.test_migrations import empty_database  # noqa: F401 - the fixture

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


def _application(user, service, n: int, status: str) -> Application:
    return Application(tracking_number=f"PBL-20261130-{n:04d}", user_id=user.id, service_id=service.id,
                       agency_id=service.agency_id, region_code="35.74", form_version=1, data={}, status=status,
                       fields_to_fix=[], sla_due_date=date(2026, 12, 7), received_at=NOW, updated_at=NOW)


def test_upgrade_backfills_references_of_applications_complaints_and_consultations(empty_database, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "INSTANCE_PATH": str(tmp_path), "TESTING": True})
    with app.app_context():
        upgrade()
        from backend.catalogue import demo as catalogue_demo

        catalogue_demo.load(db.session)
        user = User(role="resident", full_name="Warga", nik="3574014507900001", birth_date=date(1990, 7, 5))
        db.session.add(user)
        db.session.flush()
        service = db.session.scalar(sa.select(Service).where(Service.code == "kartu-keluarga"))
        docs = [Document(owner_id=user.id, document_type="kk", filename=f"{n}.pdf", content_type="application/pdf",
                         size=1, sha256=f"{n:064d}", storage_key=f"k{n}") for n in range(4)]
        db.session.add_all(docs)
        running, done = _application(user, service, 1, "in_review"), _application(user, service, 2, "completed")
        db.session.add_all([running, done])
        db.session.flush()
        db.session.add_all([ApplicationDocument(application_id=running.id, document_id=docs[0].id),
                            ApplicationDocument(application_id=done.id, document_id=docs[1].id)])
        complaint = Complaint(user_id=user.id, subject_type="service", subject_id=service.id, subject_label=service.code,
                              service_id=service.id, agency_id=service.agency_id, region_code="35.74", text="Antre lama.",
                              document_id=docs[2].id, status="diterima", due_date=date(2026, 12, 7), created_at=NOW)
        question = Consultation(user_id=user.id, service_id=service.id, agency_id=service.agency_id, region_code="35.74",
                                question="Apakah perlu legalisir?", document_id=docs[3].id, allow_public=False,
                                status="diterima", due_date=date(2026, 12, 3), created_at=NOW)
        db.session.add_all([complaint, question])
        db.session.commit()
        expected = {
            (docs[0].id, "application", running.id, running.tracking_number, True),
            (docs[1].id, "application", done.id, done.tracking_number, False),
            (docs[2].id, "complaint", complaint.id, f"pengaduan #{complaint.id}", False),
            (docs[3].id, "consultation", question.id, f"konsultasi #{question.id}", False),
        }
        agency_id = service.agency_id
        db.session.remove()

        downgrade(revision="i17_mpp_at_work")
        assert "document_reference" not in sa.inspect(db.engine).get_table_names()
        upgrade()

        with db.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT document_id, kind, object_id, ref, active, agency_id, region_code"
                                        " FROM document_reference")).all()
        assert {(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows} == expected
        assert {(r[5], r[6]) for r in rows} == {(agency_id, "35.74")}
        # the guard holds on the migrated data: the running application's document cannot go
        with db.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.execute(sa.text("PRAGMA foreign_keys = ON"))
            try:
                conn.execute(sa.text(f"DELETE FROM document WHERE id = {docs[0].id}"))
                deleted = True
            except sa.exc.IntegrityError:
                deleted = False
            conn.rollback()
        assert not deleted
        downgrade(revision="base")
        db.engine.dispose()
