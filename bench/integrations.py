"""Webhook delivery: events per second from the outbox to a local receiver with one and two worker
processes, against the same signed POSTs sent straight from memory (the reference), and the delivery
delay (commit to arrival) at p50 and p99 while events arrive at a steady rate.

Run: .venv/bin/python bench/integrations.py [--events N] [--rate R] [--seconds S]
(SQLite in a temporary file; with DATABASE_URL=postgresql://... a throw-away PostgreSQL database).
Not a test. The receiver verifies every signature with `standardwebhooks` and counts duplicates.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Receiver:
    """Threaded loopback receiver: verifies, records each webhook-id's first arrival time."""

    def __init__(self, secret: str):
        from standardwebhooks.webhooks import Webhook

        self.arrivals: dict[str, float] = {}
        self.duplicates = self.rejected = 0
        lock, hook, outer = threading.Lock(), Webhook(secret), self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    hook.verify(body, dict(self.headers), json_parse=False)
                    status = 204
                except Exception:
                    status = 400
                now = time.time()
                with lock:
                    if status == 400:
                        outer.rejected += 1
                    elif self.headers["webhook-id"] in outer.arrivals:
                        outer.duplicates += 1
                    else:
                        outer.arrivals[self.headers["webhook-id"]] = now
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def reset(self) -> None:
        self.arrivals.clear()
        self.duplicates = self.rejected = 0


def _database() -> tuple[str, callable]:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        folder = tempfile.mkdtemp()
        return f"sqlite:///{folder}/bench.sqlite3", lambda: None
    import psycopg

    base = base.replace("postgresql+psycopg://", "postgresql://")
    name = f"mpp_bench_hooks_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return (base.rsplit("/", 1)[0] + "/" + name).replace("postgresql://", "postgresql+psycopg://"), drop


def _app(url: str, instance: str):
    from backend.app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": instance, "RATELIMIT_ENABLED": False})


def _settings():
    from backend.integrations.delivery import WebhookSettings

    return WebhookSettings(batch=50, concurrency=8, lease=timedelta(seconds=60), timeout=10, backoff_base=1,
                           backoff_max=5, max_age=timedelta(days=3), base_url="http://localhost:8000")


def _setup(app) -> tuple[int, str]:
    from backend.catalogue import demo as catalogue_demo
    from backend.extensions import db
    from backend.integrations import services
    from backend.timeutil import utcnow

    with app.app_context():
        db.drop_all()
        db.create_all()
        catalogue_demo.load(db.session)
        integration, secrets = services.connect(db.session, name="Bench", agency_code="DISDUKCAPIL", regions=["35.74"],
                                                services={"kartu-keluarga": "both"}, webhook_url="http://127.0.0.1:9/later",
                                                now=utcnow())
        db.session.commit()
        return integration.id, secrets["webhook_secret"]


def _insert(app, integration_id: int, count: int, offset: int) -> None:
    """count events of count distinct complaints (so none waits for another), committed as they would be."""
    from backend.extensions import db
    from backend.integrations.models import IntegrationEvent
    from backend.timeutil import utcnow

    with app.app_context():
        now = utcnow()
        for n in range(offset, offset + count):
            db.session.add(IntegrationEvent(
                integration_id=integration_id, event_id=f"evt_{uuid.uuid4().hex}", type="complaint.created",
                ordering_key=f"complaint:{n}", status="pending", attempts=0, next_attempt_at=now, retry_from=now,
                created_at=now, payload={"type": "complaint.created", "timestamp": now.isoformat(),
                                         "data": {"complaint": {"id": n}, "links": {"complaint": f"/c/{n}"}}}))
        db.session.commit()
        db.session.remove()


def _worker(url: str, instance: str, ready, go, stop, results) -> None:
    from backend.extensions import db
    from backend.integrations.delivery import Sender, process_batch

    app = _app(url, instance)
    settings = _settings()
    handled = 0
    with app.app_context(), Sender(settings) as sender:
        ready.wait()
        go.wait()
        while not stop.is_set():
            count = process_batch(db.session, settings, sender)
            db.session.remove()
            handled += count
            if count == 0:
                time.sleep(0.02)
    results.put(handled)


def _created_times(app) -> dict[str, float]:
    from sqlalchemy import select

    from backend.extensions import db
    from backend.integrations.models import IntegrationEvent

    with app.app_context():
        rows = db.session.execute(select(IntegrationEvent.event_id, IntegrationEvent.created_at)).all()
        db.session.remove()
    return {event_id: created.timestamp() for event_id, created in rows}


def reference(receiver: Receiver, secret: str, count: int) -> float:
    """The same signed POSTs sent from memory by the same Sender: the rate without the outbox."""
    from backend.integrations.delivery import Job, Sender, body_for

    receiver.reset()
    payload = {"type": "complaint.created", "timestamp": "2026-12-01T00:00:00Z",
               "data": {"complaint": {"id": 1}, "links": {}}}
    jobs = [Job(n, "t", f"evt_{uuid.uuid4().hex}", receiver.url, secret, body_for(payload, "http://localhost"))
            for n in range(count)]
    started = time.perf_counter()
    with Sender(_settings()) as sender:
        for start in range(0, count, 50):
            list(sender.send_as_completed(jobs[start:start + 50]))
    return count / (time.perf_counter() - started)


def run(app, url, instance, receiver, integration_id, workers, events, rate, seconds) -> dict:
    from sqlalchemy import delete

    from backend.extensions import db
    from backend.integrations.models import IntegrationEvent

    with app.app_context():
        db.session.execute(delete(IntegrationEvent))
        db.session.commit()
        db.session.remove()
    receiver.reset()
    _insert(app, integration_id, events, 0)
    ctx = multiprocessing.get_context("spawn")
    ready, go, stop, results = ctx.Barrier(workers + 1), ctx.Event(), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(url, instance, ready, go, stop, results)) for _ in range(workers)]
    for proc in procs:
        proc.start()
    ready.wait()
    started = time.perf_counter()
    go.set()
    while len(receiver.arrivals) < events and time.perf_counter() - started < 600:
        time.sleep(0.01)
    throughput = len(receiver.arrivals) / (time.perf_counter() - started)
    # steady arrivals: small commits at `rate` events/s while the workers poll
    backlog = set(receiver.arrivals)
    step, offset, t0 = 0.05, events, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        per_step = max(1, int(rate * step))
        _insert(app, integration_id, per_step, offset)
        offset += per_step
        time.sleep(max(0.0, t0 + (offset - events) / rate - time.perf_counter()))
    deadline = time.perf_counter() + 60
    while len(receiver.arrivals) < offset and time.perf_counter() < deadline:
        time.sleep(0.01)
    stop.set()
    handled = [results.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(30)
    created = _created_times(app)
    delays = sorted((arrived - created[event_id]) * 1000 for event_id, arrived in receiver.arrivals.items()
                    if event_id not in backlog and event_id in created)
    return {"workers": workers, "throughput": throughput, "handled": handled, "received": len(receiver.arrivals),
            "expected": offset, "duplicates": receiver.duplicates, "rejected": receiver.rejected,
            "p50": statistics.median(delays) if delays else float("nan"),
            "p99": delays[min(len(delays) - 1, int(len(delays) * 0.99))] if delays else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=2000, help="backlog delivered for the throughput line")
    parser.add_argument("--rate", type=float, default=25.0, help="events/s arriving for the delay line")
    parser.add_argument("--seconds", type=float, default=5.0, help="how long events arrive for the delay line")
    args = parser.parse_args()
    url, drop = _database()
    try:
        with tempfile.TemporaryDirectory() as instance:
            app = _app(url, instance)
            integration_id, secret = _setup(app)
            receiver = Receiver(secret)
            from backend.extensions import db
            from backend.integrations.models import Integration

            with app.app_context():
                db.session.get(Integration, integration_id).webhook_url = receiver.url
                db.session.commit()
                db.session.remove()
            engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
            ref = reference(receiver, secret, args.events)
            print(f"webhooks to a local receiver ({engine}), {args.events} events backlog, then {args.rate:.0f}/s "
                  f"for {args.seconds:.0f} s; batch 50, 8 concurrent sends per worker")
            print(f"  reference: the same signed POSTs from memory  {ref:7.0f} /s   1.00")
            for workers in (1, 2):
                r = run(app, url, instance, receiver, integration_id, workers, args.events, args.rate, args.seconds)
                print(f"  {workers} worker{'s' if workers > 1 else ' '}: {r['throughput']:7.0f} events/s   "
                      f"{r['throughput'] / ref:4.2f} of reference; delay p50 {r['p50']:6.1f} ms, p99 {r['p99']:6.1f} ms"
                      f" ({r['received']}/{r['expected']} arrived, per worker {r['handled']}, duplicates "
                      f"{r['duplicates']}, rejected {r['rejected']})")
    finally:
        drop()


if __name__ == "__main__":
    main()
