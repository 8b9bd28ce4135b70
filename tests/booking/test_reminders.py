"""Reminders the day before, in each MPP's own calendar, sent once."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from backend.booking import services
from backend.extensions import db
from backend.notifications.models import Notification

from .conftest import SUNDAY, at_local


def test_reminder_for_tomorrows_tickets_once(app, book, make_user, clock, counters):
    clock(SUNDAY)
    gowa_user, prb_user, later_user = make_user(), make_user(), make_user()
    gowa = book(gowa_user, region_code="73.06").get_json()
    book(prb_user)
    book(later_user, date="2026-12-08")
    with app.app_context():
        # Saturday 23:30 WIB is already Sunday 00:30 WITA: only Gowa is on the day before Monday
        assert services.send_reminders(db.session, now=datetime(2026, 12, 5, 16, 30, tzinfo=UTC)) == 1
        db.session.commit()
        rows = db.session.scalars(select(Notification)).all()
        assert [(n.user_id, n.kind) for n in rows] == [(gowa_user.id, "booking_reminder")]
        assert rows[0].params["ticket_number"] == "A-001" and rows[0].url == f"/antrian/{gowa['id']}"
        assert "WITA" in rows[0].params["when"]["id"]
        # Sunday 23:30 WIB: Probolinggo's Monday ticket now; Gowa is already on Monday and was reminded
        assert services.send_reminders(db.session, now=datetime(2026, 12, 6, 16, 30, tzinfo=UTC)) == 1
        db.session.commit()
        users = sorted(n.user_id for n in db.session.scalars(select(Notification)))
        assert users == sorted([prb_user.id, gowa_user.id])  # later_user's Tuesday ticket not yet
        # running again sends nothing twice
        assert services.send_reminders(db.session, now=datetime(2026, 12, 6, 16, 45, tzinfo=UTC)) == 0
    assert gowa["region"]["zone"] == "WITA"
    assert date.fromisoformat(gowa["date"]).weekday() == 0


def test_reminders_wait_for_the_afternoon_before_at_each_mpp(app, book, make_user, clock, counters):
    clock(SUNDAY)
    prb_user, gowa_user = make_user(), make_user()
    book(prb_user)
    book(gowa_user, region_code="73.06")
    with app.app_context():
        # 15:30 WIB is 16:30 WITA: Gowa's afternoon has come, Probolinggo's not yet
        assert services.send_reminders(db.session, now=at_local(SUNDAY.date(), "15:30", 7), from_hour=16) == 1
        db.session.commit()
        assert [n.user_id for n in db.session.scalars(select(Notification))] == [gowa_user.id]
        assert services.send_reminders(db.session, now=at_local(SUNDAY.date(), "16:00", 7), from_hour=16) == 1
        db.session.commit()
        assert sorted(n.user_id for n in db.session.scalars(select(Notification))) == sorted([prb_user.id, gowa_user.id])


def test_the_push_worker_sends_reminders_without_cron(app, book, make_user, clock, counters, monkeypatch):
    clock(SUNDAY)
    user = make_user()
    book(user)
    monkeypatch.setattr("backend.booking.cli.utcnow", lambda: at_local(SUNDAY.date(), "17:00", 7))

    result = app.test_cli_runner().invoke(args=["notifications", "worker", "--once"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.scalars(select(Notification)).all()
        assert [(n.user_id, n.kind) for n in rows] == [(user.id, "booking_reminder")]


def test_the_push_worker_keeps_reminders_for_the_afternoon(app, book, make_user, clock, counters, monkeypatch):
    clock(SUNDAY)
    book(make_user())
    monkeypatch.setattr("backend.booking.cli.utcnow", lambda: at_local(SUNDAY.date(), "06:00", 7))

    result = app.test_cli_runner().invoke(args=["notifications", "worker", "--once"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(select(Notification)).all() == []


def test_cli_send_reminders_from_hour(app, book, make_user, clock, counters, monkeypatch):
    clock(SUNDAY)
    book(make_user())
    monkeypatch.setattr("backend.booking.cli.utcnow", lambda: at_local(SUNDAY.date(), "06:00", 7))
    runner = app.test_cli_runner()
    assert "reminders queued: 0" in runner.invoke(args=["bookings", "send-reminders"]).output
    assert "reminders queued: 1" in runner.invoke(args=["bookings", "send-reminders", "--from-hour", "6"]).output


def test_cli_send_reminders(app, counters):
    result = app.test_cli_runner().invoke(args=["bookings", "send-reminders"])
    assert result.exit_code == 0 and "reminders queued: 0" in result.output


@pytest.mark.parametrize("command", [["idempotency", "purge"], ["notifications", "worker", "--once"]],
                         ids=["cli", "push-worker"])
def test_old_keys_are_purged_recent_ones_kept(app, resident, command):
    from backend.idempotency.models import IdempotencyKey

    with app.app_context():
        now = datetime.now(UTC)
        for key, age in (("old", 31), ("new", 1)):
            db.session.add(IdempotencyKey(user_id=resident.id, scope="booking", key=key, request_hash="h",
                                          state="done", created_at=now - timedelta(days=age), updated_at=now))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert list(db.session.scalars(select(IdempotencyKey.key))) == ["new"]
