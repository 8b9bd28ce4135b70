"""A request's SQL statement count does not grow with the page size or with the data.

Counted with SQLAlchemy's before_cursor_execute on the app's engine, for the worklist, a resident's
own list, search, the region's services and the IKM report: each first with a few rows and a small
page, then with more rows than the largest page.
"""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from backend.extensions import db

WORKLIST_STATEMENTS = 8  # token check, the region's zone, count, page, applicants, events, documents, services


@contextmanager
def counting(app):
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements(app, client, path: str, headers: dict) -> int:
    with counting(app) as seen:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    # the catalogue cache rereads its revision now and then (once a second at most), whatever the data
    return len([s for s in seen if "catalogue_meta" not in s])


def fill(app, user, count: int, start: int = 0) -> None:
    """count applications of user at Disdukcapil Kota Probolinggo, each with a history event and a survey."""
    from backend.applications.models import Application, ApplicationEvent
    from backend.catalogue.models import Service
    from backend.feedback.models import Survey

    with app.app_context():
        services = list(db.session.scalars(select(Service).where(Service.agency.has(code="DISDUKCAPIL"))
                                           .order_by(Service.id)))
        now = datetime(2026, 11, 20, 3, tzinfo=UTC)
        for n in range(start, start + count):
            service = services[n % len(services)]
            application = Application(
                tracking_number=f"T-{uuid.uuid4().hex[:12]}", user_id=user.id, service_id=service.id,
                agency_id=service.agency_id, region_code="35.74", form_version=1, data={"n": n},
                status=("submitted", "completed", "in_review")[n % 3], received_at=now - timedelta(hours=n),
                sla_due_date=date(2026, 11, 1) + timedelta(days=n % 40))
            db.session.add(application)
            db.session.flush()
            db.session.add(ApplicationEvent(application_id=application.id, status="submitted", at=application.received_at,
                                            actor_id=user.id, actor_role="resident"))
            db.session.add(Survey(user_id=user.id, application_id=application.id, service_id=service.id,
                                  agency_id=service.agency_id, region_code="35.74", local_date=date(2026, 11, 1 + n % 28),
                                  created_at=now, **{f"u{i}": 1 + (n + i) % 4 for i in range(1, 10)}))
        db.session.commit()


def known_services(app) -> None:
    from backend.catalogue.models import Service
    from backend.catalogue.refs import service_refs

    with app.app_context():
        service_refs(db.session, list(db.session.scalars(select(Service.id))))


@pytest.fixture
def people(make_user, auth_headers):
    resident = make_user("resident")
    staff = {"officer": make_user("officer"), "admin": make_user("admin")}
    return resident, {"resident": auth_headers(resident), **{k: auth_headers(v) for k, v in staff.items()}}


ENDPOINTS = [
    ("officer", "/api/officer/applications?per_page={n}"),
    ("officer", "/api/officer/applications?per_page={n}&status=submitted"),
    ("officer", "/api/officer/applications?per_page={n}&overdue=true"),
    ("admin", "/api/officer/applications?per_page={n}&region=35.74"),
    ("resident", "/api/applications?per_page={n}"),
    ("resident", "/api/regions/35.74/services?per_page={n}"),
    ("resident", "/api/regions/35.74/services?per_page={n}&q=akta"),
    ("officer", "/api/reports/ikm?from=2026-11-{n:02d}&to=2026-11-30"),
    ("admin", "/api/reports/ikm?region=35.74&to=2026-12-{n:02d}"),
]


@pytest.mark.parametrize(("who", "path"), ENDPOINTS)
def test_statement_count_does_not_grow_with_page_size_or_data(app, client, people, who, path):
    resident, headers = people
    fill(app, resident, 3)
    statements(app, client, path.format(n=1), headers[who])  # once-per-process lookups (the catalogue revision)
    known_services(app)  # a page names its services from a per-process cache: filled here, not by whichever page comes first
    small = statements(app, client, path.format(n=2), headers[who])
    fill(app, resident, 57, start=3)
    large = [statements(app, client, path.format(n=n), headers[who]) for n in (20, 30)]
    assert large == [small, small], f"{path}: {small} statements with 3 rows, {large} with 60"
    if path.startswith("/api/officer/applications"):
        assert small <= WORKLIST_STATEMENTS


OWN_LIST_STATEMENTS = 5  # token check, count, page, events, documents: the services' names come from a per-revision cache


def test_own_list_reads_no_service_rows(app, client, people):
    """A resident's own list names each service from the per-revision cache (catalogue/refs.py), not Service rows."""
    resident, headers = people
    fill(app, resident, 6)
    from backend.catalogue import refs

    refs.clear()
    with counting(app) as cold:
        client.get("/api/applications?per_page=20", headers=headers["resident"])
    assert [s for s in cold if "FROM service" in s], "the first page reads its services' names"
    with counting(app) as seen:
        response = client.get("/api/applications?per_page=20", headers=headers["resident"])
    assert response.status_code == 200
    assert len({i["service"]["id"] for i in response.get_json()["items"]}) > 1
    seen = [s for s in seen if "catalogue_meta" not in s]
    assert not [s for s in seen if "FROM service" in s], seen
    assert len(seen) <= OWN_LIST_STATEMENTS, seen


def test_own_list_shows_a_service_renamed_by_a_catalogue_reload(app, client, people):
    from backend.catalogue import revision
    from backend.catalogue.models import Service

    resident, headers = people
    fill(app, resident, 1)
    first = client.get("/api/applications", headers=headers["resident"]).get_json()["items"][0]["service"]
    with app.app_context():
        service = db.session.get(Service, first["id"])
        old_name, old_revision = dict(service.name), revision.current(db.session)
        service.name = {**old_name, "id": "Nama baru"}
        revision.bump(db.session, "renamed")
        db.session.commit()
    try:
        again = client.get("/api/applications", headers=headers["resident"]).get_json()["items"][0]["service"]
        assert again["name"]["id"] == "Nama baru"
    finally:
        with app.app_context():
            db.session.get(Service, first["id"]).name = old_name
            revision.bump(db.session, old_revision)
            db.session.commit()
