"""Application submissions per second (authenticated, validated, stored), next to the /api/health baseline.

Each submission is a POST /api/applications with a fresh Idempotency-Key by the demo
resident (Kartu Keluarga form at Kota Probolinggo), so every request claims a key, validates
the form, takes a tracking number and writes the application, its history and notification.
Runs on SQLite; with DATABASE_URL=postgresql://... or --postgres[=URL] also on a throw-away
PostgreSQL database. Loopback only, bounded by BENCH_SECONDS and a request cap.
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
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _load import ROOT, VENV_BIN, get, gunicorn, measure, report  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "20000"))
RESIDENT = {"identifier": "3574014507901001", "password": "Warga-MPP-2026"}
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def _prepare(env: dict[str, str]) -> None:
    """The schema from the models (a fresh database; migrations may lag behind them), then the demo data."""
    full = {**os.environ, **env, "FLASK_APP": "backend.app:create_app"}
    code = ("from backend.app import create_app; from backend.extensions import db\n"
            "app = create_app()\nwith app.app_context(): db.create_all()")
    subprocess.run([str(VENV_BIN / "python"), "-c", code], cwd=ROOT, env=full, check=True, capture_output=True)
    subprocess.run([str(VENV_BIN / "flask"), "demo", "load"], cwd=ROOT, env=full, check=True, capture_output=True)


def _call(port: int, method: str, path: str, body: dict | None = None, headers: dict | None = None) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers={"Content-Type": "application/json", **(headers or {})})
    response = conn.getresponse()
    data = json.loads(response.read() or b"{}")
    conn.close()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path}: {response.status} {data}")
    return data


@contextmanager
def _postgres_database(base_url: str):
    import psycopg

    name = f"mpp_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(label: str, database_url: str, tmp: str) -> None:
    env = {"RATELIMIT_ENABLED": "0", "DATABASE_URL": database_url, "DOCUMENT_STORAGE_PATH": f"{tmp}/documents"}
    _prepare(env)
    with gunicorn(env) as port:
        token = _call(port, "POST", "/api/auth/login", RESIDENT)["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        me = _call(port, "GET", "/api/me", headers=auth)
        services = _call(port, "GET", "/api/regions/35.74/services?q=kartu%20keluarga")["items"]
        service_id = next(s["id"] for s in services if s["code"] == "kartu-keluarga")
        body = json.dumps({
            "service_id": service_id, "region_code": "35.74", "form_version": 1,
            "data": {"nik": me["nik"], "full_name": me["full_name"], "phone": me["phone"],
                     "request_type": "perubahan_data", "agree": True},
            "client_created_at": "2026-11-28T08:00:00+07:00",
        }).encode()
        headers = {**auth, "Content-Type": "application/json"}
        replay_key = str(uuid.uuid4())

        def submission(_n: int):
            return "POST", "/api/applications", body, {**headers, "Idempotency-Key": str(uuid.uuid4())}

        def replay(_n: int):
            return "POST", "/api/applications", body, {**headers, "Idempotency-Key": replay_key}

        _call(port, "POST", "/api/applications", json.loads(body), {**auth, "Idempotency-Key": replay_key})
        kw = {"clients": CLIENTS, "seconds": SECONDS, "max_requests": MAX_REQUESTS}
        print(f"{label}: gunicorn 2 workers x 4 threads, {CLIENTS} keep-alive clients, {SECONDS:.0f} s each")
        base = measure(port, get("/api/health"), **kw)
        report("baseline GET /api/health", base)
        report("GET /api/regions/35.74/services", measure(port, get("/api/regions/35.74/services?per_page=50"), **kw), base)
        report("POST /api/applications (new key)", measure(port, submission, expect=(201,), **kw), base)
        report("POST /api/applications (replayed key)", measure(port, replay, expect=(201,), **kw), base)
        report("GET /api/applications (mine, 20)", measure(port, get("/api/applications", auth), **kw), base)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", nargs="?", const=DEFAULT_POSTGRES, default=None,
                        help="also run on PostgreSQL (a throw-away database next to this URL)")
    args = parser.parse_args()
    postgres = args.postgres or (os.environ["DATABASE_URL"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else None)
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", tmp)
        if postgres:
            with _postgres_database(postgres) as url:
                run("PostgreSQL", url, tmp)


if __name__ == "__main__":
    main()
