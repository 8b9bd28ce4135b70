"""Property: any interleaving of claim, complete, fail, crash, lost lock and replay from two clients
keeps one row per key, and every client told 2xx sees that same row on replay.

The two clients are two sessions (two connections) in one process, as two request threads or
two servers would be; their locks exclude each other like those of two processes. The takeover
time is 0, so a claim is taken over as soon as its holder is gone: the hardest case.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.errors import Problem
from backend.extensions import db
from backend.idempotency import liveness
from backend.idempotency import services as idempotency
from backend.idempotency.models import IdempotencyKey
from backend.timeutil import utcnow

from .conftest import LOOSE, PROBE, clear_probe, probe_rows

KEYS = st.sampled_from(("k1", "k1", "k1", "k2"))  # mostly the same key: that is where the clients meet
SCOPE, BODY = "probe", {"n": 1}
DIGEST = idempotency.request_hash(SCOPE, BODY)


@pytest.mark.parametrize("table", [PROBE, LOOSE], ids=["fencing-and-unique-constraint", "fencing-alone"])
def test_any_interleaving_of_two_clients_keeps_exactly_once(ctx, resident, probe, table):
    user_id = resident.id

    class TwoClients(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.sessions = [Session(db.engine), Session(db.engine)]
            self.attempt: dict[int, tuple | None] = {0: None, 1: None}  # client -> (key, claim, lock or None)
            self.told: dict[str, list[dict]] = {"k1": [], "k2": []}  # every 2xx body a client was given
            self.writes = 0

        def _answer(self, client: int, key: str) -> None:
            """What run() answers when the key is someone else's: the stored result, or 409 in flight."""
            try:
                result = idempotency.settled(self.sessions[client], user_id=user_id, key=key, digest=DIGEST)
            except Problem as problem:
                assert problem.status == 409 and problem.headers["Retry-After"] == "1"
                return
            assert result.replayed and result.status == 201
            self.told[key].append(result.body)

        def _busy(self, data) -> int:
            """One of the clients that are working on a claim."""
            return data.draw(st.sampled_from([c for c, a in self.attempt.items() if a is not None]))

        @precondition(lambda self: None in self.attempt.values())
        @rule(data=st.data(), key=KEYS, drop_lock=st.booleans())
        def start(self, data, key, drop_lock):
            """A request arrives (a first one or a replay): take the key's lock, then claim, take over or replay.

            drop_lock: the lock's connection drops right after the claim, but the holder works on;
            only fencing and the unique constraint can stop it now.
            """
            client = data.draw(st.sampled_from([c for c, a in self.attempt.items() if a is None]))
            session = self.sessions[client]
            lock = liveness.try_lock(session, user_id, key)
            if lock is None:  # the other client is alive with this key
                self._answer(client, key)
                return
            try:
                outcome = idempotency.claim(session, user_id=user_id, key=key, scope=SCOPE, body=BODY, now=utcnow(),
                                            holder=lock, takeover=timedelta(0))
            except Problem as problem:
                lock.release()
                assert problem.status == 409
                return
            if isinstance(outcome, idempotency.Replay):
                lock.release()
                self.told[key].append(outcome.body)
                return
            if drop_lock:
                lock.release()
            self.attempt[client] = (key, outcome, None if drop_lock else lock)

        @precondition(lambda self: any(self.attempt.values()))
        @rule(data=st.data())
        def finish(self, data):
            """The work (insert the row) and complete() commit together, or not at all."""
            client = self._busy(data)
            key, claimed, lock = self.attempt[client]
            self.attempt[client] = None
            session = self.sessions[client]
            self.writes += 1
            answer = {"writer": f"{client}-{self.writes}"}
            try:
                session.execute(insert(table).values(user_id=user_id, key=key, writer=answer["writer"]))
                idempotency.complete(session, claimed, 201, answer, utcnow())
                session.commit()
                self.told[key].append(answer)
            except (idempotency.ClaimLost, IntegrityError):
                session.rollback()
                self._answer(client, key)
            finally:
                if lock is not None:
                    lock.release()

        @precondition(lambda self: any(self.attempt.values()))
        @rule(data=st.data(), crash=st.booleans())
        def give_up(self, data, crash):
            """The work failed (a 422: the claim is released, the key can be sent again), or
            kill -9 (crash: the transaction and the lock vanish, the committed claim stays in flight)."""
            client = self._busy(data)
            _key, claimed, lock = self.attempt[client]
            self.attempt[client] = None
            if crash:
                self.sessions[client].rollback()
            else:
                idempotency.release(self.sessions[client], claimed)
            if lock is not None:
                lock.release()

        @invariant()
        def one_row_per_key_and_one_answer(self):
            session = db.session
            for key, told in self.told.items():
                rows = probe_rows(session, user_id, key, table)
                assert len(rows) <= 1, rows
                stored = session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                                     IdempotencyKey.key == key)
                                        .execution_options(populate_existing=True))
                done = stored is not None and stored.state == "done"
                assert done == bool(rows)  # the row and the answer commit together
                if told:
                    assert done and all(body == told[0] for body in told), told
                    assert told[0] == stored.response_body == {"writer": rows[0]["writer"]}
            session.rollback()

        def teardown(self):
            for attempt in self.attempt.values():
                if attempt is not None and attempt[2] is not None:
                    attempt[2].release()
            for session in self.sessions:
                session.rollback()
                session.close()
            clear_probe(db.session)
            db.session.execute(delete(IdempotencyKey))
            db.session.commit()

    run_state_machine_as_test(TwoClients, settings=settings(max_examples=60, stateful_step_count=12,
                                                            deadline=None, database=None))
