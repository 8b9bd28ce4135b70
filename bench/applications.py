"""Application submissions and a resident's own list, as ratios against the bare constant app in one run.

Each submission is a POST /api/applications with a fresh Idempotency-Key by the demo resident
(Kartu Keluarga form at Kota Probolinggo): it claims the key, validates the form, takes a tracking
number and writes the application, its history and notification. The own list is page 1 (20) of a
resident with 800 applications. Runs on PostgreSQL (a throw-away database beside
BENCH_POSTGRES, default the local `test`), with 16 clients as the issue measured, and on SQLite
with --sqlite. Rounds interleave the app and the bare app (bench/ratio.py).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _load
from ratio import bare, compare, get, print_table, request, serve

CLIENTS = int(os.environ.get("BENCH_APP_CLIENTS", "16"))
RESIDENT = {"identifier": "3574014507901001", "password": "Warga-MPP-2026"}
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
HEAVY = 800

SEED_OWN_LIST = f"""
import uuid
from datetime import date, timedelta
from sqlalchemy import select
from backend.app import create_app
from backend.extensions import db
from backend.accounts.models import User
from backend.applications.models import Application
from backend.catalogue.models import Service
from backend.timeutil import utcnow
app = create_app()
with app.app_context():
    user = db.session.scalar(select(User).where(User.nik == "{RESIDENT['identifier']}"))
    service = db.session.scalar(select(Service).where(Service.code == "kartu-keluarga"))
    now = utcnow()
    db.session.add_all([Application(tracking_number=f"PRB-B-{{n:06d}}", user_id=user.id, service_id=service.id,
        agency_id=service.agency_id, region_code="35.74", form_version=1, data={{}}, status="submitted",
        received_at=now - timedelta(minutes=n), sla_due_date=date(2026, 12, 31), updated_at=now)
        for n in range({HEAVY})])
    db.session.commit()
"""


def _call(base: str, method: str, path: str, body: dict | None = None, headers: dict | None = None) -> dict:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers={"Content-Type": "application/json", **(headers or {})})
    response = conn.getresponse()
    data = json.loads(response.read() or b"{}")
    conn.close()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path}: {response.status} {data}")
    return data


def run(label: str, database_url: str, tmp: str) -> list[dict]:
    env = {"RATELIMIT_ENABLED": "0", "DATABASE_URL": database_url, "DOCUMENT_STORAGE_PATH": f"{tmp}/documents",
           "INSTANCE_PATH": f"{tmp}/instance"}
    _load.prepare_database(env)
    subprocess.run([str(_load.VENV_BIN / "python"), "-c", SEED_OWN_LIST], cwd=_load.ROOT, env={**os.environ, **env},
                   check=True, capture_output=True)
    rows = []
    with serve("backend.app:create_app()", env) as app, bare() as ref:
        token = _call(app, "POST", "/api/auth/login", RESIDENT)["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        me = _call(app, "GET", "/api/me", headers=auth)
        services = _call(app, "GET", "/api/regions/35.74/services?q=kartu%20keluarga")["items"]
        service_id = next(s["id"] for s in services if s["code"] == "kartu-keluarga")
        body = json.dumps({
            "service_id": service_id, "region_code": "35.74", "form_version": 1,
            "data": {"nik": me["nik"], "full_name": me["full_name"], "phone": me["phone"],
                     "request_type": "perubahan_data", "agree": True},
            "client_created_at": "2026-11-28T08:00:00+07:00",
        }).encode()
        headers = {**auth, "Content-Type": "application/json"}
        replay_key = str(uuid.uuid4())
        _call(app, "POST", "/api/applications", json.loads(body), {**auth, "Idempotency-Key": replay_key})
        fresh = request(app, lambda _n: ("POST", "/api/applications", body, {**headers, "Idempotency-Key": str(uuid.uuid4())}),
                        expect=(201,), clients=CLIENTS)
        replay = request(app, lambda _n: ("POST", "/api/applications", body, {**headers, "Idempotency-Key": replay_key}),
                         expect=(201,), clients=CLIENTS)
        constant = get(ref + "/", clients=CLIENTS)
        print(f"{label}: gunicorn 2 workers x 4 threads, {CLIENTS} keep-alive clients", flush=True)
        rows.append(compare(f"{label}: POST /api/applications, fresh keys", fresh, constant, goal=0.10))
        rows.append(compare(f"{label}: POST /api/applications, replayed key", replay, constant))
        rows.append(compare(f"{label}: a resident's own list, 20 of {HEAVY + 1}", get(app + "/api/applications?per_page=20", auth,
                                                                                      clients=CLIENTS), constant, goal=0.3))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="also on SQLite")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        previous = os.environ.get("DATABASE_URL")
        os.environ["DATABASE_URL"] = POSTGRES
        try:
            with _load.database(tmp, "mpp_bench_apps") as url:
                rows += run("PostgreSQL", url, tmp)
        finally:
            os.environ.pop("DATABASE_URL") if previous is None else os.environ.update(DATABASE_URL=previous)
        if args.sqlite:
            rows += run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", tmp)
    print_table(rows, "applications.py: against the bare constant app (A p99 is the submission's p99; goal <= 250 ms)")


if __name__ == "__main__":
    main()
