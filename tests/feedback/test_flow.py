"""The whole visit through the API: book, check in, serve, answer the survey twice (outbox replay), IKM counts it once."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from backend.extensions import db


def test_booked_served_surveyed_counted_once(client, auth_headers, resident, officer, monkeypatch, app):
    from backend.booking import demo
    from backend.catalogue.models import Service

    with app.app_context():
        demo.load(db.session)
        db.session.commit()
        service_id = db.session.scalar(select(Service.id).where(Service.code == "ktp-el-baru"))

    def at(when):
        for module in ("backend.booking.routes", "backend.booking.officer_routes"):
            monkeypatch.setattr(f"{module}.utcnow", lambda: when)

    at(datetime(2026, 12, 6, 3, 0, tzinfo=UTC))
    ticket = client.post("/api/bookings", json={"service_id": service_id, "region_code": "35.74", "date": "2026-12-07",
                                                "start": "08:00"},
                         headers=auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4())})).get_json()
    at(datetime(2026, 12, 7, 0, 55, tzinfo=UTC))  # 07:55 WIB
    officer_headers = auth_headers(officer)
    assert client.post("/api/officer/queue/check-in", json={"token": ticket["token"]}, headers=officer_headers).status_code == 200
    assert client.post("/api/officer/queue/call-next", headers=officer_headers).get_json()["id"] == ticket["id"]
    assert client.post(f"/api/officer/queue/{ticket['id']}/served", headers=officer_headers).status_code == 200

    key = str(uuid.uuid4())
    answers = {"u1": 4, "u2": 3, "u3": 3, "u4": 4, "u5": 4, "u6": 4, "u7": 4, "u8": 3, "u9": 3}
    for _ in range(2):  # the outbox sends it again after a lost response
        response = client.post("/api/surveys", json={"booking_id": ticket["id"], "answers": answers},
                               headers=auth_headers(resident, **{"Idempotency-Key": key}))
        assert response.status_code == 201
    report = client.get("/api/reports/ikm", headers=officer_headers).get_json()
    # 32 points / 9 elements x 25 = 88.888... -> 88.89, band A
    assert (report["respondents"], report["ikm"], report["band"]) == (1, 88.89, "A")
