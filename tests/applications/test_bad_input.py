"""Bad input is a problem+json 4xx, never a 500."""
from __future__ import annotations

import uuid

import pytest

HUGE = 10**20


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[]", "application/json"),
        (b'"text"', "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        (b"null", "application/json"),
        (b'{"service_id": 1e400}', "application/json"),
        (b"service_id=1", "application/x-www-form-urlencoded"),
    ],
)
def test_malformed_submission_bodies(client, resident, auth_headers, body, content_type):
    response = client.post("/api/applications", data=body, content_type=content_type,
                           headers=auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4())}))
    assert 400 <= response.status_code < 500
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("key", ["x" * 5000, "ünïcode", " ", "00000000-0000-0000-0000-00000000000g"])
def test_odd_idempotency_keys(client, resident, auth_headers, kk_payload, key):
    headers = auth_headers(resident)
    headers["Idempotency-Key"] = key
    response = client.post("/api/applications", json=kk_payload(resident), headers=headers)
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", f"/api/applications/{HUGE}"), ("post", f"/api/applications/{HUGE}/cancel"),
     ("get", f"/api/officer/applications/{HUGE}"), ("get", f"/api/documents/{HUGE}/content"),
     ("delete", f"/api/documents/{HUGE}"), ("get", f"/api/services/{HUGE}/form")],
)
def test_huge_ids_are_404(client, resident, officer, auth_headers, method, path):
    user = officer if "/officer/" in path else resident
    response = getattr(client, method)(path, json={} if method == "post" else None, headers=auth_headers(user))
    assert response.status_code == 404


def test_huge_numbers_in_the_body(client, resident, auth_headers, kk_payload, submit):
    payload = {**kk_payload(resident), "service_id": HUGE}
    assert submit(resident, payload).status_code == 422
    payload = kk_payload(resident, kk_scan=HUGE)
    assert submit(resident, payload).status_code == 422
    worklist = client.get(f"/api/officer/applications?service={HUGE}&page=1", headers=auth_headers(resident))
    assert worklist.status_code in (403, 422)


def test_deeply_nested_data_is_refused(resident, kk_payload, submit):
    nested: object = "x"
    for _ in range(50):
        nested = {"a": nested}
    assert submit(resident, kk_payload(resident, full_name=nested)).status_code == 422
