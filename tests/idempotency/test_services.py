"""The shared Idempotency-Key store: keys, scopes, release, retention and the purge command."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.errors import Problem
from backend.extensions import db
from backend.idempotency import services as idempotency
from backend.idempotency.models import IdempotencyKey
from backend.timeutil import utcnow


def _count() -> int:
    return db.session.scalar(select(func.count(IdempotencyKey.id)))


def test_uuid_keys_are_canonical_and_other_keys_are_bounded_ascii():
    key = str(uuid.uuid4())
    assert idempotency.parse_key(f"  {key.upper()} ") == key
    assert idempotency.parse_key(" outbox-7 ", uuid_only=False) == "outbox-7"
    for raw, code in ((None, "idempotency-key-missing"), ("  ", "idempotency-key-missing"),
                      ("not-a-uuid", "idempotency-key-invalid")):
        with pytest.raises(Problem) as caught:
            idempotency.parse_key(raw)
        assert caught.value.status == 400 and caught.value.code == code
    for raw in ("k" * 101, "ünïcode", "tab\there"):
        with pytest.raises(Problem) as caught:
            idempotency.parse_key(raw, uuid_only=False)
        assert caught.value.code == "idempotency-key-invalid"


def test_run_does_the_work_once_and_replays_it(ctx, resident):
    calls = []

    def work():
        calls.append(1)
        return 201, {"n": len(calls)}

    now = utcnow()
    first = idempotency.run(db.session, user_id=resident.id, key="k1", scope="booking", body={"a": 1}, now=now,
                            work=work)
    again = idempotency.run(db.session, user_id=resident.id, key="k1", scope="booking", body={"a": 1}, now=now,
                            work=work)
    assert (first.status, first.body, first.replayed) == (201, {"n": 1}, False)
    assert (again.status, again.body, again.replayed) == (201, {"n": 1}, True)
    assert len(calls) == 1


def test_a_key_is_per_user_across_scopes(ctx, resident):
    now = utcnow()
    idempotency.run(db.session, user_id=resident.id, key="k1", scope="booking", body={"a": 1}, now=now,
                    work=lambda: (201, {}))
    with pytest.raises(Problem) as caught:
        idempotency.claim(db.session, user_id=resident.id, key="k1", scope="survey", body={"a": 1}, now=now)
    assert caught.value.status == 422 and caught.value.code == "idempotency-key-reused"


def test_failed_work_releases_the_key(ctx, resident):
    def fail():
        raise Problem(422, "nope", "error.validation")

    with pytest.raises(Problem):
        idempotency.run(db.session, user_id=resident.id, key="k1", scope="survey", body={}, now=utcnow(), work=fail)
    assert _count() == 0


def test_purge_keeps_keys_30_days_and_fresh_claims(ctx, resident):
    now = utcnow()
    old = now - timedelta(days=31)
    db.session.add_all([
        IdempotencyKey(user_id=resident.id, key="done-old", scope="booking", request_hash="h", state="done",
                       created_at=old, updated_at=old),
        IdempotencyKey(user_id=resident.id, key="done-new", scope="booking", request_hash="h", state="done",
                       created_at=now - timedelta(days=29), updated_at=now),
        # created long ago but taken over a moment ago: still being worked on
        IdempotencyKey(user_id=resident.id, key="in-flight", scope="create", request_hash="h", state="in_flight",
                       created_at=old, updated_at=now),
    ])
    db.session.commit()
    assert idempotency.purge(db.session, now=now, keep_days=1) == 1
    db.session.commit()
    assert sorted(db.session.scalars(select(IdempotencyKey.key))) == ["done-new", "in-flight"]


def test_purge_command_refuses_fewer_than_30_days(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["idempotency", "purge", "--days", "7"]).exit_code != 0
    result = runner.invoke(args=["idempotency", "purge", "--days", "45"])
    assert result.exit_code == 0 and "idempotency keys deleted: 0" in result.output


def test_every_table_an_idempotent_post_writes_has_a_unique_owner_and_key(ctx):
    """The last guard, read from the live schema: a second row for one (user, key) cannot exist."""
    from sqlalchemy import inspect

    inspector = inspect(db.engine)
    for table in ("application", "booking", "survey", "complaint", "idempotency_key"):
        uniques = [set(u["column_names"]) for u in inspector.get_unique_constraints(table)]
        uniques += [set(i["column_names"]) for i in inspector.get_indexes(table) if i.get("unique")]
        wanted = {"user_id", "key" if table == "idempotency_key" else "idempotency_key"}
        assert wanted in uniques, (table, uniques)
