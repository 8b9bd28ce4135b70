"""Queries that must not grow with the data: the worklist, a resident's own list, search and the IKM
report, timed in process at 1x, 10x and 100x (bench/seed.py), with the SQL statements each one runs.

Run: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/scale.py [--scales 1,10,100]
Databases mpp_bench_scale_<n> are seeded once (bench/seed.py) and kept for the next run (--reseed
builds them again, --drop removes them at the end). Without DATABASE_URL: SQLite files in /tmp, 1x and 10x.
Each request is the real endpoint through Flask's test client (token check, query, serialisation),
median of --repeat runs after a warm-up; the goal is 100x <= 1.5x of 1x and <= 50 ms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import seed as seeding  # noqa: E402

GOAL_RATIO, GOAL_MS = 1.5, 50.0


def _database(base: str | None, scale: int, reseed: bool) -> str:
    if not base:
        path = Path(f"/tmp/mpp_bench_scale_{scale}.sqlite3")
        if reseed or not path.exists():
            path.unlink(missing_ok=True)
            seeding.seed(f"sqlite:///{path}", scale)
        return f"sqlite:///{path}"
    import psycopg

    base = base.replace("postgresql+psycopg://", "postgresql://")
    name = f"mpp_bench_scale_{scale}"
    with psycopg.connect(base, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and reseed:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    url = base.rsplit("/", 1)[0] + "/" + name
    if not exists:
        seeding.seed(url, scale)
    return url


def drop(base: str, scale: int) -> None:
    import psycopg

    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "mpp_bench_scale_{scale}" WITH (FORCE)')


class StatementCounter:
    """Counts the SQL statements an engine runs, and keeps the last request's (statement, parameters)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.count = 0
        self.seen: list[tuple[str, object]] = []
        event.listen(engine, "before_cursor_execute", self._seen)

    def reset(self) -> None:
        self.count, self.seen = 0, []

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.count += 1
        self.seen.append((statement, parameters))


def explain(engine, seen: list[tuple[str, object]]) -> tuple[float, int]:
    """PostgreSQL's own execution time (ms) and shared buffers touched, summed over a request's SELECTs.

    Buffers do not depend on how busy the machine is: they show whether the work grows with the data.
    """
    total_ms, buffers = 0.0, 0
    with engine.connect() as connection:
        for statement, parameters in seen:
            if not statement.lstrip().upper().startswith("SELECT") or "FOR UPDATE" in statement.upper():
                continue
            plan = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement,
                                              parameters).scalar_one()[0]
            total_ms += plan["Execution Time"]
            top = plan["Plan"]
            buffers += top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
        connection.rollback()
    return total_ms, buffers


def requests_for(app) -> list[tuple[str, str, str]]:
    """(label, who, path): who is "officer", "admin" or "resident" (the heavy one, 800 applications)."""
    from sqlalchemy import select

    from backend.applications.models import Application
    from backend.extensions import db

    with app.app_context():
        hot_service = db.session.scalar(
            select(Application.service_id).where(Application.region_code == seeding.HOT_REGION)
            .order_by(Application.id.desc()).limit(1))
    today = seeding.NOW.date()
    month = today.replace(day=1)
    return [
        ("worklist, page 1", "officer", "/api/officer/applications?per_page=20"),
        ("worklist, page 50", "officer", "/api/officer/applications?per_page=20&page=50"),
        ("worklist, status=submitted, page 1", "officer", "/api/officer/applications?status=submitted"),
        ("worklist, status=completed, page 50", "officer", "/api/officer/applications?status=completed&page=50"),
        ("worklist, overdue=true", "officer", "/api/officer/applications?overdue=true"),
        ("worklist, overdue=false, page 10", "officer", "/api/officer/applications?overdue=false&page=10"),
        ("worklist, one service", "officer", f"/api/officer/applications?service={hot_service}"),
        ("worklist, admin, page 50", "admin", "/api/officer/applications?page=50"),
        ("worklist, admin, one region", "admin", f"/api/officer/applications?region={seeding.HOT_REGION}&page=5"),
        ("own list, 20 of 800", "resident", "/api/applications?per_page=20"),
        ("own list, page 40 of 40", "resident", "/api/applications?per_page=20&page=40"),
        # search through the endpoint would be answered from the catalogue cache after the first time:
        # these time the query itself (catalogue.services.region_services), uncached, first page of 20
        ("search q=akta (query)", "search", "akta"),
        ("search q=izin usaha (query)", "search", "izin usaha"),
        ("search q=kelahiran anak (query)", "search", "kelahiran anak"),
        ("IKM, officer, this month", "officer", f"/api/reports/ikm?from={month}&to={today}"),
        ("IKM, admin, everything", "admin", "/api/reports/ikm"),
        ("IKM, admin, one region, a year", "admin",
         f"/api/reports/ikm?region={seeding.HOT_REGION}&from={today - timedelta(days=364)}&to={today}"),
    ]


def headers_for(app) -> dict[str, dict]:
    from sqlalchemy import select

    from backend.accounts.models import User
    from backend.catalogue.models import Agency
    from backend.extensions import db
    from tests.conftest import issue_access_token

    with app.app_context():
        hot = db.session.scalar(select(Agency.id).where(Agency.code == seeding.HOT_AGENCY))
        people = {
            "resident": db.session.get(User, 1),
            "officer": db.session.scalar(select(User).where(User.role == "officer", User.agency_id == hot,
                                                            User.region_code == seeding.HOT_REGION)),
            "admin": db.session.scalar(select(User).where(User.role == "admin")),
        }
        out = {who: {"Authorization": f"Bearer {issue_access_token(user)}"} for who, user in people.items()}
        db.session.remove()
    return out


def _search(app, counter, words: str, repeat: int) -> tuple[float, int]:
    from backend.catalogue import services as catalogue
    from backend.extensions import db

    def once() -> None:
        with app.app_context():
            page = catalogue.region_services(db.session, seeding.HOT_REGION, q=words, page=1, per_page=20)
            assert page.total > 0, words
            db.session.remove()

    for _ in range(3):
        once()
    counter.reset()
    once()
    statements = counter.count
    with app.app_context():
        database = explain(db.engine, counter.seen) if db.engine.dialect.name == "postgresql" else (0.0, 0)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        once()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statements, *database


def measure(url: str, repeat: int) -> dict[str, tuple[float, int]]:
    """label -> (median milliseconds, statements per request)."""
    from backend.extensions import db

    app = seeding.app_for(url)
    headers = headers_for(app)
    client = app.test_client()
    results = {}
    with app.app_context():
        counter = StatementCounter(db.engine)
        engine = db.engine
    for label, who, path in requests_for(app):
        if who == "search":
            results[label] = _search(app, counter, path, repeat)
            continue
        for _ in range(3):  # warm-up: caches, plans, pages in memory
            response = client.get(path, headers=headers[who])
            assert response.status_code == 200, (label, response.status_code, response.get_data(as_text=True)[:300])
        counter.reset()
        client.get(path, headers=headers[who])
        statements = counter.count
        database = explain(engine, counter.seen) if engine.dialect.name == "postgresql" else (0.0, 0)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path, headers=headers[who])
            times.append((time.perf_counter() - started) * 1000)
        results[label] = (statistics.median(times), statements, *database)
    with app.app_context():
        db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default=None, help="comma-separated, of 1,10,100 (default: 1,10,100 on "
                                                       "PostgreSQL, 1,10 on SQLite)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--drop", action="store_true", help="drop the seeded PostgreSQL databases at the end")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    base = base if base.startswith("postgres") else None
    scales = [int(s) for s in (args.scales or ("1,10,100" if base else "1,10")).split(",")]
    table: dict[str, dict[int, tuple]] = {}
    for scale in scales:
        url = _database(base, scale, args.reseed)
        for label, value in measure(url, args.repeat).items():
            table.setdefault(label, {})[scale] = value
    load = os.getloadavg()
    print(f"\nin-process request times, median of {args.repeat} ({'PostgreSQL' if base else 'SQLite'}; "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")
    head = " | ".join(f"{s}x ms" for s in scales)
    db_head = " | ".join(f"{s}x SQL ms / buffers" for s in scales) if base else ""
    print(f"| request | {head} | largest/1x | goal met | statements |{' ' + db_head + ' |' if base else ''}")
    print("|---|" + "---:|" * (len(scales) + 3 + (len(scales) if base else 0)))
    for label, values in table.items():
        cells = " | ".join(f"{values[s][0]:.1f}" for s in scales)
        counts = sorted({values[s][1] for s in scales})
        ratio = values[scales[-1]][0] / values[scales[0]][0]
        met = ratio <= GOAL_RATIO and values[scales[-1]][0] <= GOAL_MS
        sql = " | ".join(f"{values[s][2]:.2f} / {values[s][3]}" for s in scales) if base else ""
        print(f"| {label} | {cells} | {ratio:.2f} | {'yes' if met else 'NO'} | {'/'.join(map(str, counts))} |"
              + (f" {sql} |" if base else ""))
    if args.drop and base:
        for scale in scales:
            drop(base, scale)


if __name__ == "__main__":
    main()
