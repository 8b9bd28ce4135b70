"""Kinerja MPP at scale: the report of one MPP and of all 16, over a year of data, 1x against 10x.

Not a test. Seeds throw-away PostgreSQL databases with bench/seed.py (a year of applications,
events and surveys for the 16 MPPs) plus a year of complaints and queue tickets, then times
backend.performance.services.report() in process (median of 5 after a warm-up).
Run: .venv/bin/python bench/performance.py [--scales 1 10] [--url postgresql://postgres@127.0.0.1:5432/test]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import seed  # noqa: E402 - bench/seed.py, next to this file

HOT_REGION = seed.HOT_REGION


def _database(base: str, name: str) -> str:
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + f"/{name}"


def _drop(base: str, name: str) -> None:
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def add_complaints_and_tickets(url: str, scale: int) -> dict:
    """A year of complaints (1 per 20 applications) and queue tickets (1 per 2 applications)."""
    from sqlalchemy import select, text

    from backend.applications.models import Application
    from backend.booking.models import Counter
    from backend.catalogue.models import RegionAgency
    from backend.extensions import db

    rng = random.Random(17)
    app = seed.app_for(url)
    with app.app_context():
        session = db.session
        counters = {}
        for n, pair in enumerate(session.scalars(select(RegionAgency).order_by(RegionAgency.region_code, RegionAgency.agency_id))):
            counter = Counter(region_code=pair.region_code, agency_id=pair.agency_id, letter=chr(65 + n % 26))
            session.add(counter)
            session.flush()
            counters[(pair.region_code, pair.agency_id)] = counter.id
        rows = session.execute(select(Application.id, Application.user_id, Application.service_id, Application.agency_id,
                                      Application.region_code, Application.received_at, Application.tracking_number)
                               .order_by(Application.id)).all()
        copier = seed.Copier(session.connection())
        complaint_columns = ["user_id", "subject_type", "subject_id", "subject_label", "service_id", "agency_id",
                             "region_code", "text", "status", "due_date", "answer", "answered_at", "created_at"]

        def complaints():
            for row in rows[::20]:
                received = row.received_at
                answered = received + timedelta(days=rng.choice((1, 2, 3, 6, 9))) if rng.random() < 0.9 else None
                due = (received + timedelta(hours=7)).date() + timedelta(days=7)
                yield (row.user_id, "application", row.id, row.tracking_number, row.service_id, row.agency_id,
                       row.region_code, "Mohon dipercepat.", "dijawab" if answered else "diterima", due,
                       "Sudah kami proses." if answered else None, answered, received)

        ticket_columns = ["user_id", "source", "counter_id", "service_id", "region_code", "agency_id", "day", "start",
                          "starts_at", "ends_at", "ticket_number", "token", "status", "created_at", "checked_in_at",
                          "called_at", "served_at", "no_show_at"]

        def tickets():
            for n, row in enumerate(rows[::2]):
                counter = counters.get((row.region_code, row.agency_id))
                if counter is None:
                    continue
                starts = row.received_at.replace(minute=0, second=0, microsecond=0)
                checked = starts - timedelta(minutes=rng.randint(0, 10))
                called = checked + timedelta(minutes=rng.randint(1, 45))
                no_show = rng.random() < 0.08
                yield (row.user_id, "online", counter, row.service_id, row.region_code, row.agency_id,
                       (starts + timedelta(hours=7)).date(), (starts + timedelta(hours=7)).strftime("%H:%M"), starts,
                       starts + timedelta(minutes=30), f"A-{n % 999:03d}", "", "no_show" if no_show else "served",
                       starts - timedelta(days=1), checked, called, None if no_show else called + timedelta(minutes=15),
                       called + timedelta(minutes=5) if no_show else None)

        made = {"complaints": copier.load("complaint", complaint_columns, complaints()),
                "tickets": copier.load("booking", ticket_columns, tickets())}
        session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE" if copier.postgres else "ANALYZE"))
    return made


def time_reports(url: str, rounds: int = 5) -> dict:
    from sqlalchemy import select

    from backend.catalogue.models import Region
    from backend.extensions import db
    from backend.performance import services

    app = seed.app_for(url)
    with app.app_context():
        codes = list(db.session.scalars(select(Region.code).order_by(Region.code)))
        services.report(db.session, HOT_REGION, 2026)  # warm-up
        one, every = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            services.report(db.session, HOT_REGION, 2026)
            one.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            for code in codes:
                services.report(db.session, code, 2026)
            every.append((time.perf_counter() - started) * 1000)
            db.session.rollback()
    return {"hot_ms": statistics.median(one), "hot_spread": (min(one), max(one)),
            "all16_ms": statistics.median(every), "all16_spread": (min(every), max(every))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--url", default=os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()
    results = {}
    for scale in args.scales:
        name = f"mpp_bench_performance_{scale}"
        url = _database(args.url, name)
        try:
            started = time.perf_counter()
            seeded = seed.seed(url, scale, quiet=True)
            extra = add_complaints_and_tickets(url, scale)
            seconds = time.perf_counter() - started
            results[scale] = {**seeded, **extra, "seed_seconds": seconds, **time_reports(url)}
        finally:
            _drop(args.url, name)
    print(f"Kinerja MPP report, PostgreSQL, year 2026, load average {os.getloadavg()[0]:.2f} "
          f"({time.strftime('%Y-%m-%d', time.gmtime())})")
    print("| scale | applications | surveys | complaints | tickets | one MPP (35.74) | all 16 MPPs | seed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for scale, r in results.items():
        print(f"| {scale}x | {r['applications']:,} | {r['surveys']:,} | {r['complaints']:,} | {r['tickets']:,} | "
              f"{r['hot_ms']:.1f} ms ({r['hot_spread'][0]:.1f}-{r['hot_spread'][1]:.1f}) | "
              f"{r['all16_ms']:.0f} ms ({r['all16_spread'][0]:.0f}-{r['all16_spread'][1]:.0f}) | {r['seed_seconds']:.0f} s |")
    if 1 in results and len(results) > 1:
        for scale in [s for s in results if s != 1]:
            print(f"one MPP at {scale}x / 1x: {results[scale]['hot_ms'] / results[1]['hot_ms']:.2f}x; "
                  f"all 16: {results[scale]['all16_ms'] / results[1]['all16_ms']:.2f}x")


if __name__ == "__main__":
    main()
