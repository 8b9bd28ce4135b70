"""Fencing and takeover: a holder that lost its claim commits nothing; a live holder is never taken over.

Runs on SQLite (lockf on a side file) and PostgreSQL (advisory locks), like the rest of the suite.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from backend.errors import Problem
from backend.extensions import db
from backend.idempotency import liveness
from backend.idempotency import services as idempotency
from backend.idempotency.models import IdempotencyKey
from backend.timeutil import utcnow

from .conftest import PROBE, probe_rows

NOW_TAKEOVER = timedelta(0)
ROOT = Path(__file__).resolve().parents[2]


def _claim(session, user_id, key, *, holder, now=None, takeover=NOW_TAKEOVER):
    return idempotency.claim(session, user_id=user_id, key=key, scope="probe", body={"n": 1}, now=now or utcnow(),
                             holder=holder, takeover=takeover)


def _writer(session, user_id: int, key: str, name: str):
    """A work() that inserts the probe row, as an idempotent POST inserts its application."""
    def work():
        session.execute(insert(PROBE).values(user_id=user_id, key=key, writer=name))
        return 201, {"writer": name}
    return work


def _run(session, user_id, key, work, *, now=None, takeover=NOW_TAKEOVER):
    return idempotency.run(session, user_id=user_id, key=key, scope="probe", body={"n": 1}, now=now or utcnow(),
                           work=work, attempts=1, takeover=takeover)


def test_complete_by_a_holder_that_lost_its_claim_commits_nothing(ctx, resident, probe):
    a_lock = liveness.try_lock(db.session, resident.id, "k")
    a = _claim(db.session, resident.id, "k", holder=a_lock)
    a_lock.release()  # A's lock is gone (say its connection dropped), but A goes on working
    other = Session(db.engine)
    try:
        b_lock = liveness.try_lock(other, resident.id, "k")
        b = _claim(other, resident.id, "k", holder=b_lock)
        assert isinstance(b, idempotency.Claim) and b.row_id == a.row_id and b.token != a.token
        # A's row and A's answer would commit together; complete() refuses, so neither does
        db.session.execute(insert(PROBE).values(user_id=resident.id, key="k", writer="a"))
        with pytest.raises(idempotency.ClaimLost):
            idempotency.complete(db.session, a, 201, {"writer": "a"}, utcnow())
        db.session.rollback()
        idempotency.release(db.session, a)  # A giving up must not free B's claim either
        _writer(other, resident.id, "k", "b")()
        idempotency.complete(other, b, 201, {"writer": "b"}, utcnow())
        other.commit()
        b_lock.release()
    finally:
        other.close()
    assert [r["writer"] for r in probe_rows(db.session, resident.id, "k")] == ["b"]
    row = db.session.scalar(select(IdempotencyKey))
    assert (row.state, row.response_body, row.token) == ("done", {"writer": "b"}, b.token)


@pytest.mark.parametrize("a_inserts", [True, False], ids=["unique-constraint-stops-it", "fencing-stops-it"])
def test_a_holder_taken_over_mid_work_answers_with_the_winners_result(ctx, resident, probe, monkeypatch, a_inserts):
    locks = []

    def recording_try_lock(session, user_id, key):
        lock = liveness.try_lock(session, user_id, key)
        locks.append(lock)
        return lock

    monkeypatch.setattr(idempotency, "try_lock", recording_try_lock)
    other = Session(db.engine)
    seen = {}

    def a_work():
        locks[0].release()  # A loses its lock while it works: B may now take over
        seen["b"] = _run(other, resident.id, "k", _writer(other, resident.id, "k", "b"))
        if a_inserts:
            db.session.execute(insert(PROBE).values(user_id=resident.id, key="k", writer="a"))
        return 201, {"writer": "a"}

    try:
        a = _run(db.session, resident.id, "k", a_work)
    finally:
        other.close()
    assert (seen["b"].status, seen["b"].body, seen["b"].replayed) == (201, {"writer": "b"}, False)
    # A's client is told the one result that exists, never its own rolled-back one
    assert (a.status, a.body, a.replayed) == (201, {"writer": "b"}, True)
    assert [r["writer"] for r in probe_rows(db.session, resident.id, "k")] == ["b"]


def test_a_live_holder_is_never_taken_over_however_old_its_claim(ctx, resident, probe):
    other = Session(db.engine)
    refused = []

    def slow_work():
        # while A works (its claim dated an hour ago, the takeover time 0), B retries the key
        with pytest.raises(Problem) as caught:
            _run(other, resident.id, "k", _writer(other, resident.id, "k", "b"))
        refused.append(caught.value)
        return _writer(db.session, resident.id, "k", "a")()

    try:
        a = _run(db.session, resident.id, "k", slow_work, now=utcnow() - timedelta(hours=1))
    finally:
        other.close()
    assert refused[0].status == 409 and refused[0].code == "idempotency-in-flight"
    assert refused[0].headers["Retry-After"] == "1"
    assert (a.status, a.body, a.replayed) == (201, {"writer": "a"}, False)
    assert [r["writer"] for r in probe_rows(db.session, resident.id, "k")] == ["a"]


def test_a_claim_whose_holder_is_gone_is_taken_over_once_old_enough(ctx, resident, probe):
    a_lock = liveness.try_lock(db.session, resident.id, "k")
    _claim(db.session, resident.id, "k", holder=a_lock, now=utcnow() - timedelta(seconds=30))
    a_lock.release()  # the holder died: its lock went with it, its claim stayed in flight
    with pytest.raises(Problem) as caught:  # younger than the takeover time: still 409
        _run(db.session, resident.id, "k", _writer(db.session, resident.id, "k", "b"), takeover=timedelta(minutes=1))
    assert caught.value.status == 409
    b = _run(db.session, resident.id, "k", _writer(db.session, resident.id, "k", "b"), takeover=timedelta(seconds=10))
    assert (b.status, b.body, b.replayed) == (201, {"writer": "b"}, False)
    assert [r["writer"] for r in probe_rows(db.session, resident.id, "k")] == ["b"]


HOLDER = textwrap.dedent("""
    import sys, time
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session
    from backend.idempotency import liveness
    lock = liveness.try_lock(Session(create_engine(sys.argv[1])), 7, "k")
    print("held" if lock else "busy", flush=True)
    time.sleep(120)
""")


def test_the_lock_of_a_killed_process_is_free_at_once(ctx):
    """kill -9 is what 'provably gone' must survive: the database or the kernel drops the lock."""
    url = db.engine.url.render_as_string(hide_password=False)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, url], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert liveness.try_lock(db.session, 7, "k") is None  # alive: nobody else gets it
        holder.kill()
        holder.wait(10)
        lock = None
        for _ in range(50):  # PostgreSQL notices the closed socket within moments
            lock = liveness.try_lock(db.session, 7, "k")
            if lock is not None:
                break
            time.sleep(0.1)
        assert lock is not None
        lock.release()
    finally:
        holder.kill()
        holder.wait(10)


def test_two_threads_of_one_process_never_share_a_lock(ctx):
    first = liveness.try_lock(db.session, 7, "k")
    assert first is not None
    assert liveness.try_lock(db.session, 7, "k") is None
    other = liveness.try_lock(db.session, 7, "other")
    assert other is not None
    other.release()
    first.release()
    first.release()  # harmless twice
    again = liveness.try_lock(db.session, 7, "k")
    assert again is not None
    again.release()
