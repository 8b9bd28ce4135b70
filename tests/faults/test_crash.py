"""kill -9 in the middle of a burst of keyed POSTs, restart, replay every key: 0 lost, 0 duplicated."""
from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from .conftest import application_body, call, rows, scalar

BURST = 48
KILL_AFTER = 14  # answers; the rest of the burst is still on the wire when both kills land


def _replay_until_settled(servers, path: str, body: dict, headers: dict, seconds: float = 30):
    """Send the key again (alternating servers) until it is no longer in flight; the last answer."""
    deadline = time.monotonic() + seconds
    turn = 0
    while True:
        answer = call(servers[turn % 2].base, "POST", path, body, headers, timeout=30)
        turn += 1
        if answer is not None and answer.status != 409:
            return answer
        if time.monotonic() > deadline:
            return answer
        time.sleep(0.3)


def test_kill_9_mid_burst_then_replay_every_key(fault_db, servers, make_resident):
    a, b = servers
    resident = make_resident()
    service_id = scalar(fault_db, "SELECT id FROM service WHERE code = 'kartu-keluarga'")
    body = application_body(resident, service_id)
    keys = [str(uuid.uuid4()) for _ in range(BURST)]
    told: dict[str, object] = {}
    answered = threading.Semaphore(0)
    killed = threading.Event()

    def send(index: int):
        key = keys[index]
        answer = call(servers[index % 2].base, "POST", "/api/applications", body, resident.headers(key), timeout=60)
        answered.release()
        return key, answer

    def killer():
        for _ in range(KILL_AFTER):
            answered.acquire()
        a.kill9()  # the whole server A, master and workers
        os.kill(b.workers()[0], signal.SIGKILL)  # and one worker of B; its master starts another
        killed.set()

    watcher = threading.Thread(target=killer, daemon=True)
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(send, range(BURST)))
        watcher.join(60)
        assert killed.is_set()
        for key, answer in results:
            if answer is not None and 200 <= answer.status < 300:
                told[key] = answer.body
            else:  # cut by the kill (no answer), or in flight on the killed worker
                assert answer is None or answer.status in (409, 502, 503), (answer.status, answer.body)
        cut = BURST - len(told)
        print(f"burst of {BURST}: {len(told)} told 2xx before/around the kills, {cut} cut")
        assert 0 < len(told) and cut > 0, (len(told), cut)  # the kill really landed mid-burst
    finally:
        a.start()

    # every key once more, on either server, as the outbox would: all of them must end as 201
    replayed = {key: _replay_until_settled(servers, "/api/applications", body, resident.headers(key)) for key in keys}
    for key, answer in replayed.items():
        assert answer is not None and answer.status == 201, (key, answer)
        if key in told:
            assert answer.body == told[key]  # a client told 201 sees the same application again
    per_key = dict(rows(fault_db, "SELECT idempotency_key, count(*) FROM application WHERE user_id = :u "
                                  "GROUP BY idempotency_key", u=resident.id))
    assert set(per_key) == set(keys)  # 0 lost
    assert set(per_key.values()) == {1}  # 0 duplicated
    ids = dict(rows(fault_db, "SELECT idempotency_key, id FROM application WHERE user_id = :u", u=resident.id))
    assert all(ids[key] == answer.body["id"] for key, answer in replayed.items())
    assert scalar(fault_db, "SELECT count(*) FROM idempotency_key WHERE user_id = :u AND state <> 'done'",
                  u=resident.id) == 0
