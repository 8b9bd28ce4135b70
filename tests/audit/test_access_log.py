"""The resident's access log names the reader by agency, role and a staff identity the reader cannot edit,
and shows a run of reads of one object by one reader as one line."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from backend.accounts.models import User
from backend.audit import services as audit
from backend.audit.models import AuditEntry
from backend.extensions import db
from tests.booking.conftest import MONDAY, SUNDAY, at_local

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)


def _record(app, actor, subject, *, at=T0, action="read", object_type="application", object_id=7, detail=None):
    with app.app_context():
        actor = db.session.get(User, actor.id) if actor is not None else None
        audit.record(db.session, actor=actor, subject_user_id=subject.id, action=action, object_type=object_type,
                     object_id=object_id, detail=detail, now=at)
        db.session.commit()


def _log(client, auth_headers, user, **query):
    response = client.get("/api/me/access-log", query_string={"per_page": 50, **query}, headers=auth_headers(user))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("role", ["officer", "admin"])
@pytest.mark.parametrize("lang, text", [("id", "tidak dapat mengubah nama"), ("en", "cannot change your own name")])
def test_staff_cannot_rename_themselves(client, app, make_user, auth_headers, role, lang, text):
    staff = make_user(role, full_name="Rina Wulandari")
    response = client.patch("/api/me", json={"full_name": "Sistem Otomatis"},
                            headers=auth_headers(staff, **{"Accept-Language": lang}))
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["code"] == "staff-name-locked" and text in body["detail"]
    with app.app_context():
        assert db.session.get(User, staff.id).full_name == "Rina Wulandari"
    # the rest of their profile, and sending the name unchanged, still work
    same = client.patch("/api/me", json={"full_name": "Rina Wulandari", "phone": "081200000001"}, headers=auth_headers(staff))
    assert same.status_code == 200 and same.get_json()["phone"] == "081200000001"


def test_a_resident_still_corrects_their_own_name(client, resident, auth_headers):
    response = client.patch("/api/me", json={"full_name": "Dewi Lestari Putri"}, headers=auth_headers(resident))
    assert response.status_code == 200 and response.get_json()["full_name"] == "Dewi Lestari Putri"


def test_the_log_names_agency_role_and_staff_number_of_the_reader(client, app, resident, officer, auth_headers):
    client.patch("/api/me", json={"full_name": "Sistem Otomatis"}, headers=auth_headers(officer))
    _record(app, officer, resident, detail="PRB-2026-000007")
    [item] = _log(client, auth_headers, resident)["items"]
    assert item["actor_name"] == "Petugas Disdukcapil"
    assert item["actor_role"] == "officer"
    assert item["actor_staff_number"] == officer.id
    assert item["agency"]["code"] == "DISDUKCAPIL"
    assert item["region"] == {"code": "35.74", "name": "Kota Probolinggo"}
    assert (item["count"], item["first_at"], item["last_at"]) == (1, item["created_at"], item["created_at"])


def test_the_log_keeps_the_readers_identity_as_it_was_when_they_read(client, app, resident, officer, auth_headers):
    _record(app, officer, resident)
    with app.app_context():
        db.session.get(User, officer.id).full_name = "Nama Baru"
        db.session.commit()
    [item] = _log(client, auth_headers, resident)["items"]
    assert item["actor_name"] == "Petugas Disdukcapil" and item["actor_staff_number"] == officer.id


def test_the_log_survives_the_staff_account(client, app, resident, make_user, auth_headers):
    leaver = make_user("officer", full_name="Pindah Tugas")
    _record(app, leaver, resident)
    with app.app_context():
        db.session.delete(db.session.get(User, leaver.id))
        db.session.commit()
    [item] = _log(client, auth_headers, resident)["items"]
    assert (item["actor_name"], item["actor_staff_number"], item["agency"]["code"]) == ("Pindah Tugas", leaver.id, "DISDUKCAPIL")


def test_check_in_call_and_serve_of_one_ticket_are_one_line(client, app, resident, officer, auth_headers, book, clock, counters):
    clock(SUNDAY)
    ticket = book(resident).get_json()
    clock(at_local(MONDAY, "08:05", 7))
    headers = auth_headers(officer)
    assert client.post("/api/officer/queue/check-in", json={"token": ticket["token"]}, headers=headers).status_code == 200
    assert client.post("/api/officer/queue/call-next", headers=headers).status_code == 200
    assert client.post(f"/api/officer/queue/{ticket['id']}/served", headers=headers).status_code == 200
    with app.app_context():
        assert len(db.session.scalars(select(AuditEntry).where(AuditEntry.subject_user_id == resident.id)).all()) == 3
    body = _log(client, auth_headers, resident)
    assert body["total"] == 1
    [item] = body["items"]
    assert (item["count"], item["object_type"], item["detail"]) == (3, "booking", ticket["ticket_number"])


def test_reads_are_grouped_per_reader_object_and_half_hour(client, app, resident, make_user, officer, auth_headers):
    other = make_user("officer", full_name="Petugas Kedua")
    for minutes in (0, 10, 25, 50):  # 0-10-25 is a run (each within 30 min of the previous); 50 is too
        _record(app, officer, resident, at=T0 + timedelta(minutes=minutes))
    _record(app, officer, resident, at=T0 + timedelta(minutes=90))  # 40 min after the last: a new line
    _record(app, other, resident, at=T0 + timedelta(minutes=12))  # another reader: own line
    _record(app, officer, resident, at=T0 + timedelta(minutes=14), object_id=8)  # another object: own line
    _record(app, officer, resident, at=T0 + timedelta(minutes=15), action="update", detail="a -> b")
    _record(app, officer, resident, at=T0 + timedelta(minutes=16), action="update", detail="b -> c")
    items = _log(client, auth_headers, resident)["items"]
    lines = [(i["actor_name"], i["action"], i["object_id"], i["count"], i["first_at"][11:16], i["last_at"][11:16])
             for i in items]
    assert lines == [
        ("Petugas Disdukcapil", "read", "7", 1, "02:30", "02:30"),
        ("Petugas Disdukcapil", "read", "7", 4, "01:00", "01:50"),
        ("Petugas Disdukcapil", "update", "7", 1, "01:16", "01:16"),  # changes are never merged
        ("Petugas Disdukcapil", "update", "7", 1, "01:15", "01:15"),
        ("Petugas Disdukcapil", "read", "8", 1, "01:14", "01:14"),
        ("Petugas Kedua", "read", "7", 1, "01:12", "01:12"),
    ]
    assert items[3]["detail"] == "a -> b"


def test_grouped_lines_are_paged(client, app, resident, officer, auth_headers):
    for n in range(5):
        _record(app, officer, resident, object_id=n, at=T0 + timedelta(minutes=n))
        _record(app, officer, resident, object_id=n, at=T0 + timedelta(minutes=n, seconds=30))
    body = _log(client, auth_headers, resident, per_page=2, page=3)
    assert (body["total"], body["pages"], len(body["items"])) == (5, 3, 1)
    assert body["items"][0]["object_id"] == "0" and body["items"][0]["count"] == 2


def test_a_system_entry_has_no_staff_number(client, app, resident, auth_headers):
    _record(app, None, resident, action="export", object_type="profile")
    [item] = _log(client, auth_headers, resident)["items"]
    assert (item["actor_role"], item["actor_staff_number"], item["agency"], item["region"]) == ("system", None, None, None)
