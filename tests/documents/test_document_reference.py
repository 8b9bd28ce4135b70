"""documents owns the references to documents: the delete guard and staff reads read only its own table.

Applications, complaints and consultations write document_reference through documents.services;
documents imports none of them. A delete and an attach serialise on the document row (PostgreSQL:
two connections, one waits for the other).
"""
from __future__ import annotations

import ast
import pathlib
import threading
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEntry
from backend.catalogue.models import Service
from backend.documents import services as documents
from backend.documents.models import Document, DocumentReference
from backend.errors import Problem
from backend.extensions import db
from tests.conftest import is_postgres

from .files import PDF, PNG, upload
from .test_references import submit_with_document

DOCUMENTS = pathlib.Path(__file__).resolve().parents[2] / "backend" / "documents"
CALLERS = {"applications", "feedback", "consultation", "assisted"}


def _imported_domains(path: pathlib.Path) -> set[str]:
    """The backend packages a module of backend/documents imports (relative or absolute, lazy ones too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 2:  # from ..x import y / from .. import x
            found.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("backend."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("backend."))
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in DOCUMENTS.glob("*.py")))
def test_documents_imports_none_of_its_callers(module):
    assert _imported_domains(DOCUMENTS / module) & CALLERS == set()


def _references(app, document_id: int) -> list[tuple[str, str, bool]]:
    with app.app_context():
        return [(r.kind, r.ref, r.active) for r in db.session.scalars(
            select(DocumentReference).where(DocumentReference.document_id == document_id).order_by(DocumentReference.id))]


def test_an_application_writes_an_active_reference_that_cancelling_releases(app, client, resident, auth_headers):
    headers = auth_headers(resident)
    document_id = upload(client, headers, PDF).get_json()["id"]
    application = submit_with_document(app, client, headers, resident, document_id)
    assert _references(app, document_id) == [("application", application["tracking_number"], True)]

    assert client.post(f"/api/applications/{application['id']}/cancel", json={}, headers=headers).status_code == 200

    assert _references(app, document_id) == [("application", application["tracking_number"], False)]
    assert client.delete(f"/api/documents/{document_id}", headers=headers).status_code == 204
    assert _references(app, document_id) == []


def _service_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Service.id).where(Service.code == code))


def test_a_consultation_photo_is_referenced_and_its_counter_reads_it_audited(app, client, resident, officer,
                                                                             make_user, auth_headers):
    headers = auth_headers(resident)
    document_id = upload(client, headers, PNG, document_type="lainnya").get_json()["id"]
    asked = client.post("/api/consultations", headers={**headers, "Idempotency-Key": str(uuid.uuid4())}, json={
        "service_id": _service_id(app, "ktp-el-baru"), "region_code": "35.74",
        "question": "Apakah foto ini cukup jelas?", "document_id": document_id})
    assert asked.status_code == 201, asked.get_json()
    consultation_id = asked.get_json()["id"]
    assert _references(app, document_id) == [("consultation", f"konsultasi #{consultation_id}", False)]

    stranger = make_user("officer", agency_code="POLRI")
    assert client.get(f"/api/documents/{document_id}/content", headers=auth_headers(stranger)).status_code == 404
    response = client.get(f"/api/documents/{document_id}/content", headers=auth_headers(officer))
    assert response.status_code == 200 and response.data == PNG
    with app.app_context():
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_user_id == resident.id,
                                                              AuditEntry.object_type == "document")).all()
        assert (entry.actor_user_id, entry.detail) == (officer.id, f"lainnya (konsultasi #{consultation_id})")

    # not an application in progress: the resident may still delete the photo
    assert client.delete(f"/api/documents/{document_id}", headers=headers).status_code == 204
    assert _references(app, document_id) == []


def test_a_complaint_photo_is_referenced_without_blocking_its_deletion(app, client, resident, auth_headers):
    headers = auth_headers(resident)
    document_id = upload(client, headers, PNG, document_type="lainnya").get_json()["id"]
    filed = client.post("/api/complaints", headers={**headers, "Idempotency-Key": str(uuid.uuid4())}, json={
        "subject_type": "service", "subject_id": _service_id(app, "ktp-el-baru"), "region_code": "35.74",
        "text": "Antrean di loket perekaman KTP-el tidak bergerak.", "document_id": document_id})
    assert filed.status_code == 201, filed.get_json()
    assert _references(app, document_id) == [("complaint", f"pengaduan #{filed.get_json()['id']}", False)]
    assert client.delete(f"/api/documents/{document_id}", headers=headers).status_code == 204


@pytest.mark.skipif(not is_postgres(), reason="row locks between two connections: PostgreSQL")
@pytest.mark.parametrize("first", ["attach", "delete"])
def test_attach_and_delete_on_two_connections_serialise(app, client, resident, auth_headers, first):
    """Connection A holds its step (attach or delete) open; B's step waits for A's commit, then sees its outcome."""
    document_id = upload(client, auth_headers(resident), PDF).get_json()["id"]
    outcome: dict[str, object] = {}

    def attach(session: Session) -> None:
        found = documents.owned_documents(session, resident.id, [document_id], lock=True)
        if document_id not in found:
            outcome["attach"] = "gone"
            return
        documents.refer(session, kind="application", object_id=999_999, ref="PBL-TEST", document_ids=[document_id])
        outcome["attach"] = "referenced"

    def delete(session: Session) -> None:
        try:
            documents.delete_document(session, owner_id=resident.id, document_id=document_id)
            outcome["delete"] = "deleted"
        except Problem as problem:
            outcome["delete"] = problem.status

    steps = {"attach": attach, "delete": delete}
    second = "delete" if first == "attach" else "attach"
    with app.app_context():
        a, b = Session(db.engine), Session(db.engine)
        try:
            steps[first](a)  # A holds the document row lock until its commit
            done = threading.Event()

            def run_second():
                steps[second](b)
                b.commit()
                done.set()

            thread = threading.Thread(target=run_second)
            thread.start()
            assert not done.wait(1.0), "the second step did not wait for the first one's lock"
            a.commit()
            thread.join(30)
            assert done.is_set()
        finally:
            a.close()
            b.close()
        if first == "attach":
            assert outcome == {"attach": "referenced", "delete": 409}
            assert db.session.get(Document, document_id) is not None
        else:
            assert outcome == {"delete": "deleted", "attach": "gone"}
            assert db.session.get(Document, document_id) is None
        db.session.execute(DocumentReference.__table__.delete())
        db.session.commit()
