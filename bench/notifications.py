"""Push delivery throughput: messages per second delivered to a fake push service on 127.0.0.1
by one worker and by two workers at once (separate processes) on PostgreSQL.

Run: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/notifications.py
Not a test. A throw-away database is created next to DATABASE_URL's and dropped at the end.
Each message is a real send: VAPID-signed, aes128gcm-encrypted, POSTed over keep-alive HTTP.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAX_MESSAGES = 20_000  # bounded: the fake service keeps every request in memory


def _database(base: str) -> tuple[str, callable]:
    import psycopg

    base = base.replace("postgresql+psycopg://", "postgresql://")
    name = f"mpp_bench_push_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return base.rsplit("/", 1)[0] + "/" + name, drop


def _app(url: str, instance: str):
    from backend.app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://"),
                       "INSTANCE_PATH": instance, "RATELIMIT_ENABLED": False})


def _fill(app, devices: list, messages: int) -> None:
    """One user per device; `messages` notifications spread over them, each with one delivery row."""
    from backend.accounts.models import User
    from backend.extensions import db
    from backend.notifications import services

    with app.app_context():
        users = []
        for i, device in enumerate(devices):
            user = User(role="resident", full_name=f"Bench {i}", language="id" if i % 2 else "en")
            db.session.add(user)
            db.session.flush()
            services.subscribe(db.session, user.id, device.endpoint, device.p256dh, device.auth, allow_local=True)
            users.append(user.id)
        for n in range(messages):
            services.enqueue(db.session, user_id=users[n % len(users)], kind="officer_note", application_id=n,
                             params={"tracking_number": f"PRB-20261128-{n % 10000:04d}", "note": "Mohon unggah ulang KK.",
                                     "service_name": {"id": "KTP-el", "en": "e-ID card"}})
        db.session.commit()


def _worker(url: str, instance: str, batch: int, ready, go, results) -> None:
    from backend.notifications.cli import run_worker
    from backend.notifications.delivery import PushSettings

    app = _app(url, instance)
    settings = PushSettings.from_config(app.config, batch=batch)
    with app.app_context():
        ready.wait()
        go.wait()
        results.put(run_worker(settings, once=True, poll_interval=0.05, stop=threading.Event()))


def run(url: str, instance: str, service, devices: list, messages: int, workers: int, batch: int) -> dict:
    from backend.extensions import db

    app = _app(url, instance)
    with app.app_context():
        db.drop_all()
        db.create_all()
    _fill(app, devices, messages)
    service.clear()
    ctx = multiprocessing.get_context("spawn")
    ready, go, results = ctx.Barrier(workers + 1), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(url, instance, batch, ready, go, results)) for _ in range(workers)]
    for proc in procs:
        proc.start()
    ready.wait()  # every worker has started its app: time only the delivery
    started = time.perf_counter()
    go.set()
    handled = [results.get(timeout=600) for _ in procs]
    elapsed = time.perf_counter() - started
    for proc in procs:
        proc.join(30)
    received = len(service.received)
    return {"workers": workers, "handled": handled, "received": received, "seconds": elapsed,
            "rate": received / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        print("push delivery bench skipped: it needs DATABASE_URL=postgresql://... (several workers need PostgreSQL)")
        return
    messages = max(1, min(args.messages, MAX_MESSAGES))

    from tests.notifications.fakepush import FakeBrowser, FakePushService

    service = FakePushService().start()
    devices = [FakeBrowser(service.url(f"/push/send/{i}")) for i in range(max(1, args.devices))]
    url, drop = _database(base)
    try:
        with tempfile.TemporaryDirectory() as instance:
            print(f"{messages} messages to {len(devices)} devices, batch {args.batch}, fake push service on "
                  f"{service.origin} (PostgreSQL)")
            for workers in (1, 2):
                result = run(url, instance, service, devices, messages, workers, args.batch)
                # every message has exactly one delivery row: more requests than messages would be a duplicate
                duplicates = result["received"] - messages
                print(f"  {workers} worker{'s' if workers > 1 else ' '}: {result['rate']:7.0f} messages/s "
                      f"({result['received']} in {result['seconds']:.2f} s; per worker {result['handled']}; "
                      f"duplicates {duplicates})")
    finally:
        service.stop()
        drop()


if __name__ == "__main__":
    main()
