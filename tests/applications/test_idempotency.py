"""Idempotency-Key: one application per key, replayed answers, 422/409/400, concurrency, retention."""
from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select

from backend.applications.models import Application
from backend.extensions import db
from backend.idempotency import services as idempotency
from backend.idempotency.models import IdempotencyKey
from backend.timeutil import utcnow

from .conftest import post_all_at_once


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Application.id)))


def test_repeat_with_same_key_and_body_returns_the_original(app, client, resident, kk_payload, submit, auth_headers):
    key = str(uuid.uuid4())
    first = submit(resident, kk_payload(resident), key)
    assert first.status_code == 201
    stored = client.get(f"/api/applications/{first.get_json()['id']}", headers=auth_headers(resident))
    assert stored.get_json() == first.get_json()
    for _ in range(3):
        again = submit(resident, kk_payload(resident), key)
        assert again.status_code == 201
        assert again.data == first.data
    assert _count(app) == 1


def test_key_is_case_insensitive_uuid(app, resident, kk_payload, submit):
    key = str(uuid.uuid4())
    first = submit(resident, kk_payload(resident), key)
    again = submit(resident, kk_payload(resident), key.upper())
    assert again.get_json() == first.get_json()
    assert _count(app) == 1


def test_same_key_with_a_different_body_is_422(app, resident, kk_payload, submit):
    key = str(uuid.uuid4())
    assert submit(resident, kk_payload(resident), key).status_code == 201
    response = submit(resident, kk_payload(resident, request_type="baru"), key)
    assert response.status_code == 422
    assert response.get_json()["code"] == "idempotency-key-reused"
    assert _count(app) == 1


def test_missing_or_malformed_key_is_400(client, resident, kk_payload, auth_headers):
    missing = client.post("/api/applications", json=kk_payload(resident), headers=auth_headers(resident))
    assert missing.status_code == 400
    assert missing.get_json()["code"] == "idempotency-key-missing"
    bad = client.post("/api/applications", json=kk_payload(resident),
                      headers=auth_headers(resident, **{"Idempotency-Key": "not-a-uuid"}))
    assert bad.status_code == 400
    assert bad.get_json()["code"] == "idempotency-key-invalid"


def test_repeat_while_the_first_is_in_flight_is_409(app, resident, kk_payload, submit):
    key = str(uuid.uuid4())
    payload = kk_payload(resident)
    with app.app_context():
        # what a first request looks like while it is still being processed
        outcome = idempotency.claim(db.session, user_id=resident.id, key=key, scope="create",
                                    body=_loaded(app, payload), now=utcnow())
        assert isinstance(outcome, idempotency.Claim)
    response = submit(resident, payload, key)
    assert response.status_code == 409
    assert response.get_json()["code"] == "idempotency-in-flight"
    assert response.headers["Retry-After"] == "1"
    assert _count(app) == 0


def test_stale_in_flight_claim_is_taken_over(app, resident, kk_payload, submit):
    key = str(uuid.uuid4())
    payload = kk_payload(resident)
    with app.app_context():
        idempotency.claim(db.session, user_id=resident.id, key=key, scope="create", body=_loaded(app, payload),
                          now=utcnow() - idempotency.TAKEOVER_AFTER - timedelta(seconds=5))
    assert submit(resident, payload, key).status_code == 201
    assert _count(app) == 1


def test_failed_validation_releases_the_key(app, resident, kk_payload, submit):
    key = str(uuid.uuid4())
    bad = submit(resident, kk_payload(resident, phone="12"), key)
    assert bad.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(IdempotencyKey.id))) == 0
    good = submit(resident, kk_payload(resident), key)
    assert good.status_code == 201


def test_keys_are_per_resident(app, make_user, kk_payload, submit):
    a, b = make_user("resident"), make_user("resident")
    key = str(uuid.uuid4())
    first = submit(a, kk_payload(a), key).get_json()
    second = submit(b, kk_payload(b), key).get_json()
    assert first["id"] != second["id"]
    assert _count(app) == 2


def test_concurrent_duplicates_make_exactly_one_application(app, live_server, resident, kk_payload, auth_headers):
    key = str(uuid.uuid4())
    headers = auth_headers(resident, **{"Idempotency-Key": key})
    results = post_all_at_once(live_server, [("/api/applications", headers, kk_payload(resident))] * 24)
    statuses = [status for status, _ in results]
    assert set(statuses) <= {201, 409}, statuses
    created = [body for status, body in results if status == 201]
    assert created, statuses
    assert all(body == created[0] for body in created)
    assert all(body["code"] == "idempotency-in-flight" for status, body in results if status == 409)
    assert _count(app) == 1
    # and once it is done, every repeat is the original
    import json
    import urllib.request

    request = urllib.request.Request(f"{live_server}/api/applications", data=json.dumps(kk_payload(resident)).encode(),
                                     headers={**headers, "Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request) as response:
        assert response.status == 201
        assert json.loads(response.read()) == created[0]


def test_purge_keeps_keys_for_at_least_30_days(app, resident, kk_payload, submit):
    submit(resident, kk_payload(resident))
    with app.app_context():
        now = utcnow()
        assert idempotency.purge(db.session, now=now + timedelta(days=29), keep_days=1) == 0
        assert idempotency.purge(db.session, now=now + timedelta(days=31)) == 1
        db.session.commit()
        assert db.session.scalar(select(func.count(IdempotencyKey.id))) == 0
        assert db.session.scalar(select(func.count(Application.id))) == 1


def test_purge_cli(app, resident, kk_payload, submit):
    submit(resident, kk_payload(resident))
    result = app.test_cli_runner().invoke(args=["idempotency", "purge"])
    assert result.exit_code == 0, result.output
    assert "idempotency keys deleted: 0" in result.output


def _loaded(app, payload: dict) -> dict:
    """The payload as the view hands it to the service (parsed by ApplicationIn)."""
    from backend.applications.schemas import ApplicationIn

    return ApplicationIn().load(payload)
