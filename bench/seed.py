"""Seed a throw-away database at a scale: 1x = 10k applications and 1k residents (the demo's 38 services),
10x, 100x = 1M applications, 100k residents and 3,800 services. For bench/scale.py, not for tests.

Run: .venv/bin/python bench/seed.py --scale 100 --url postgresql://postgres@127.0.0.1:5432/mpp_scale_100
(the database must exist and be empty; SQLite: --url sqlite:////tmp/scale.sqlite3).

The schema comes from the models (create_all, the same indexes as the migrations). Rows are made
in Python by one deterministic generator and loaded with COPY on PostgreSQL and executemany on
SQLite, with the secondary indexes built after the load. The shape is what a year at an MPP looks
like: 30% of applications at Kota Probolinggo, 40% of a region's at Disdukcapil; older ones are
mostly finished, recent ones still with the agency; every completed one in two has a survey; one
resident ("the heavy resident", user 1) has 800 applications.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE_APPLICATIONS = 10_000
BASE_RESIDENTS = 1_000
SERVICES_AT_100X = 3_800
HEAVY_COUNT = 800
HOT_REGION, HOT_AGENCY = "35.74", "DISDUKCAPIL"
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
SPAN_DAYS = 365
FINAL_AFTER_DAYS = 45


def app_for(url: str, instance: str = "/tmp"):
    from backend.app import create_app

    uri = url.replace("postgresql://", "postgresql+psycopg://") if url.startswith("postgresql://") else url
    return create_app({"SQLALCHEMY_DATABASE_URI": uri, "INSTANCE_PATH": instance, "RATELIMIT_ENABLED": False,
                       "RATELIMIT_STORAGE_URI": "memory://"})


def services_for(scale: int, demo: int) -> int:
    """Demo services at 1x, 3,800 at 100x, in between on a log line (10x: 380)."""
    return max(demo, round(demo * scale)) if scale < 100 else SERVICES_AT_100X


def _status(age_days: float, n: int) -> str:
    r = n % 20
    if age_days > FINAL_AFTER_DAYS:
        return {16: "rejected", 17: "rejected", 18: "cancelled", 19: "needs_revision"}.get(r, "completed")
    return ("submitted", "submitted", "submitted", "in_review", "in_review", "in_review", "processing",
            "processing", "processing", "resubmitted", "needs_revision", "completed", "completed", "completed",
            "completed", "cancelled", "rejected", "submitted", "in_review", "processing")[r]


class Copier:
    """Bulk loading: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"

    def load(self, table: str, columns: list[str], rows) -> int:
        raw = self.connection.connection.driver_connection
        count = 0
        if self.postgres:
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        cursor = raw.cursor()
        placeholders = ", ".join("?" for _ in columns)
        batch = []
        for row in rows:
            batch.append(tuple(self._sqlite(v) for v in row))
            if len(batch) >= 20_000:
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)
            count += len(batch)
        return count

    @staticmethod
    def _sqlite(value):
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
        if isinstance(value, date):
            return value.isoformat()
        return value


def _secondary_indexes(metadata, names: list[str]):
    """The non-unique indexes of these tables: dropped for the load, built again after it."""
    return [index for name in names for index in metadata.tables[name].indexes if not index.unique]


def seed(url: str, scale: int, *, quiet: bool = False) -> dict:
    from sqlalchemy import select, text

    from backend.catalogue import demo as catalogue_demo
    from backend.catalogue.models import Agency, Region, RegionAgency, Service, ServiceRegion
    from backend.extensions import db

    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    started = time.perf_counter()
    rng = random.Random(13)
    app = app_for(url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        catalogue_demo.load(db.session)
        db.session.commit()
        session = db.session
        demo_services = list(session.scalars(select(Service).order_by(Service.id)))
        offered: dict[int, list[str]] = {}
        for pair in session.scalars(select(ServiceRegion)):
            offered.setdefault(pair.service_id, []).append(pair.region_code)
        hosted = {(p.region_code, p.agency_id) for p in session.scalars(select(RegionAgency))}
        regions = {r.code: r for r in session.scalars(select(Region))}
        agencies = {a.id: a for a in session.scalars(select(Agency))}
        hot_agency = next(a.id for a in agencies.values() if a.code == HOT_AGENCY)

        connection = session.connection()
        copier = Copier(connection)
        if copier.postgres:
            # no per-row foreign-key triggers during the load (the generator only makes valid references)
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        tables = ["service", "service_region", "user_account", "application", "application_event", "survey"]
        indexes = _secondary_indexes(db.metadata, tables)
        for index in indexes:
            index.drop(connection)
        # more services: copies of the demo ones (same agency, regions and search text, a variant number)
        total_services = services_for(scale, len(demo_services))
        extra = total_services - len(demo_services)
        first_id = max(s.id for s in demo_services) + 1
        service_rows, pairs = [], []
        columns = ["id", "code", "agency_id", "category_code", "name", "description", "requirements", "procedure",
                   "processing_days", "fee", "fee_variable", "output", "complaints", "legal_basis", "channels",
                   "search_text"]
        for k in range(extra):
            t = demo_services[k % len(demo_services)]
            sid = first_id + k
            variant = k // len(demo_services) + 1
            service_rows.append((
                sid, f"{t.code}-V{variant}"[:60], t.agency_id, t.category_code,
                json.dumps({lang: f"{v} (varian {variant})" for lang, v in t.name.items()}),
                json.dumps(t.description), json.dumps(t.requirements), json.dumps(t.procedure), t.processing_days,
                t.fee, t.fee_variable, json.dumps(t.output), json.dumps(t.complaints), json.dumps(t.legal_basis),
                json.dumps(t.channels), f"{t.search_text} varian {variant}"))
            pairs.extend((sid, code) for code in offered.get(t.id, []))
            offered[sid] = offered.get(t.id, [])
        copier.load("service", columns, service_rows)
        copier.load("service_region", ["service_id", "region_code"], pairs)
        days = {s.id: s.processing_days for s in demo_services}
        agency_of = {s.id: s.agency_id for s in demo_services}
        for row in service_rows:
            days[row[0]], agency_of[row[0]] = row[8], row[2]
        # (service, region) combos where the region hosts the agency, weighted toward the hot scope
        by_region: dict[str, dict[int, list[int]]] = {}
        for sid, codes in offered.items():
            for code in codes:
                if (code, agency_of[sid]) in hosted:
                    by_region.setdefault(code, {}).setdefault(agency_of[sid], []).append(sid)
        region_codes = sorted(by_region)
        say(f"catalogue: {total_services} services ({time.perf_counter() - started:.1f} s)")

        # residents and staff: user 1 is the heavy resident; one officer per hosted (region, agency); an admin
        residents = BASE_RESIDENTS * scale
        user_columns = ["id", "role", "nik", "full_name", "birth_date", "gender", "phone", "address", "language",
                        "agency_id", "region_code", "created_at", "updated_at"]

        def users():
            for i in range(1, residents + 1):
                yield (i, "resident", f"3574{i:012d}", f"Warga Uji {i}", date(1980 + i % 25, 1 + i % 12, 1 + i % 28),
                       "LP"[i % 2], f"0812{i:08d}", "Jl. Suroyo No. 1", "id", None, None, NOW, NOW)
            n = residents
            for code, agency_id in sorted(hosted):
                n += 1
                yield (n, "officer", None, f"Petugas {code} {agency_id}", None, None, None, None, "id", agency_id,
                       code, NOW, NOW)
            yield (n + 1, "admin", None, "Admin MPP", None, None, None, None, "id", None, None, NOW, NOW)

        copier.load("user_account", user_columns, users())
        say(f"users: {residents} residents ({time.perf_counter() - started:.1f} s)")

        total = BASE_APPLICATIONS * scale
        app_columns = ["id", "tracking_number", "user_id", "service_id", "agency_id", "region_code", "form_version",
                       "data", "status", "fields_to_fix", "received_at", "sla_due_date", "updated_at"]
        surveys: list[tuple] = []
        events: list[tuple] = []
        weights = [30 if code == HOT_REGION else 70 / max(1, len(region_codes) - 1) for code in region_codes]

        def applications():
            region_pick = rng.choices(region_codes, weights, k=total)
            for i in range(1, total + 1):
                code = region_pick[i - 1]
                agencies_here = by_region[code]
                agency_id = hot_agency if hot_agency in agencies_here and rng.random() < 0.4 else \
                    rng.choice(list(agencies_here))
                sid = rng.choice(agencies_here[agency_id])
                age = (total - i) * SPAN_DAYS / total + rng.random()
                received = NOW - timedelta(days=age)
                local_day = (received + timedelta(hours=7)).date()
                status = _status(age, i)
                step = total // HEAVY_COUNT
                user_id = 1 if i % step == 0 and i // step <= HEAVY_COUNT else 2 + i % (residents - 1)
                due = local_day + timedelta(days=days[sid] * 7 // 5 + 1)
                updated = min(NOW, received + timedelta(days=3)) if status != "submitted" else received
                yield (i, f"{regions[code].prefix}-{local_day:%Y%m%d}-{i:07d}", user_id, sid, agency_id, code, 1,
                       json.dumps({"nama_lengkap": f"Warga Uji {user_id}", "keperluan": "Pembuatan baru"}), status,
                       "[]", received, due, updated)
                events.append((i, "submitted", received, user_id, "resident"))
                if status != "submitted":
                    events.append((i, status, updated, None, "system"))
                if status == "completed" and i % 2 == 0:
                    scores = [1 + (i * (k + 3)) % 4 if (i + k) % 5 else 4 for k in range(9)]
                    surveys.append((len(surveys) + 1, user_id, i, sid, agency_id, code,
                                    (updated + timedelta(hours=7)).date(), *scores, updated))

        copier.load("application", app_columns, applications())
        say(f"applications: {total} ({time.perf_counter() - started:.1f} s)")
        copier.load("application_event", ["application_id", "status", "at", "actor_id", "actor_role"], events)
        copier.load("survey", ["id", "user_id", "application_id", "service_id", "agency_id", "region_code",
                               "local_date", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "created_at"],
                    surveys)
        say(f"events: {len(events)}, surveys: {len(surveys)} ({time.perf_counter() - started:.1f} s)")
        for index in indexes:
            index.create(connection)
        if copier.postgres:
            # the load ran without triggers (replica role): the IKM totals are summed once here
            from backend.feedback import tally

            connection.execute(text(tally.backfill_sql("postgresql")))
            for table in ("service", "user_account", "application", "application_event", "survey"):
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT max(id) FROM {table}))"))
        session.commit()
        vacuum = "VACUUM ANALYZE" if copier.postgres else "ANALYZE"
    with app.app_context():
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(vacuum))
    elapsed = time.perf_counter() - started
    say(f"indexes, {vacuum}: done in {elapsed:.1f} s")
    return {"scale": scale, "applications": total, "residents": residents, "services": total_services,
            "surveys": len(surveys), "seconds": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1, choices=(1, 10, 100))
    parser.add_argument("--url", required=True, help="an empty database (postgresql://... or sqlite:///...)")
    args = parser.parse_args()
    result = seed(args.url, args.scale)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
