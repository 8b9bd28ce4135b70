"""The price of checking an access token's session on every request.

Over HTTP, against a constant-body endpoint of the same gunicorn (bench/auth_app.py): the token
check as it was (user by id), as it is (live session and user in one query), and `GET /api/me`.
The lines run in interleaved rounds and each ratio is the median over the rounds, so drift in a
shared machine's load falls on all of them alike. In process: the lookup alone, old and new.
Run with `make bench` (SQLite, or a throw-away database next to DATABASE_URL's PostgreSQL).
"""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _load import ROOT, VENV_BIN, get, gunicorn, measure

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
LOOKUPS = 2000

# The schema straight from the models (this bench needs no demo data), so it runs whether or
# not the migrations have caught up with a model change.
CREATE_SCHEMA = ("from backend.app import create_app; from backend.extensions import db; "
                 "app = create_app(); app.app_context().push(); db.create_all()")

IN_PROCESS = """
import json, sys, time
from flask_jwt_extended import decode_token
from backend.app import create_app
from backend.accounts import sessions
from backend.accounts.models import User
from backend.extensions import db
from backend.timeutil import utcnow

token, n = sys.argv[1], int(sys.argv[2])
app = create_app()
with app.app_context():
    claims = decode_token(token)

    def per_call(lookup):
        for _ in range(50):  # warm the connection and the statement cache
            lookup()
            db.session.expunge_all()
        began = time.perf_counter()
        for _ in range(n):
            assert lookup() is not None
            db.session.expunge_all()  # as in a new request: the user is not in the identity map
        return (time.perf_counter() - began) / n * 1e6

    by_id = lambda: db.session.get(User, int(claims["sub"]))
    by_session = lambda: sessions.user_of_live_session(db.session, claims["sub"], claims["sid"], now=utcnow())
    results = {"by_id_us": [], "by_session_us": []}
    for _ in range(3):
        results["by_id_us"].append(per_call(by_id))
        results["by_session_us"].append(per_call(by_session))
    print(json.dumps({k: min(v) for k, v in results.items()}))
"""


@contextlib.contextmanager
def database(tmp: str):
    """SQLite in tmp, or a fresh PostgreSQL database beside DATABASE_URL's, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    import psycopg

    admin = url.replace("postgresql+psycopg://", "postgresql://")
    name = f"mpp_bench_auth_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _register(port: int) -> str:
    body = json.dumps({"nik": "3574014507905555", "full_name": "Dewi Lestari", "birth_date": "1990-07-05",
                       "gender": "P", "email": "dewi.bench@contoh.id", "password": "Rahasia-Kuat-2026"})
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("POST", "/api/auth/register", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    data = json.loads(response.read())
    conn.close()
    if response.status != 201:
        raise RuntimeError(f"registration failed: {response.status} {data.get('code')}")
    return data["access_token"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, database(tmp) as url:
        env = {"RATELIMIT_ENABLED": "0", "ACCESS_TOKEN_SECONDS": "3600", "DATABASE_URL": url}
        full = {**os.environ, **env}
        subprocess.run([str(VENV_BIN / "python"), "-c", CREATE_SCHEMA], cwd=ROOT, env=full, check=True, capture_output=True)
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        with gunicorn(env, app="bench.auth_app:create()") as port:
            token = _register(port)
            me = {"Authorization": f"Bearer {token}"}
            lines = [
                ("baseline: constant body", get("/bench/constant"), (200,)),
                ("token + user by id (before)", get("/bench/token-only", me), (200,)),
                ("token + live session and user (now)", get("/bench/token-and-session", me), (200,)),
                ("GET /api/me (session checked)", get("/api/me", me), (200,)),
                ("GET /api/me, no token (401)", get("/api/me"), (401,)),
            ]
            print(f"gunicorn 2 workers x 4 threads, {CLIENTS} keep-alive clients, {ROUNDS} rounds of "
                  f"{SECONDS:.0f} s per line ({engine})", flush=True)
            results: dict[str, list[dict]] = {name: [] for name, _, _ in lines}
            for _ in range(ROUNDS):
                for name, request, expect in lines:
                    results[name].append(measure(port, request, clients=CLIENTS, seconds=SECONDS, expect=expect))
            base = results[lines[0][0]]
            for name, _, _ in lines:
                runs = results[name]
                ratio = statistics.median(r["rps"] / b["rps"] for r, b in zip(runs, base, strict=True))
                print(f"{name:<38} {statistics.median(r['rps'] for r in runs):>7.0f} req/s  "
                      f"p50 {statistics.median(r['p50_ms'] for r in runs):6.2f} ms  "
                      f"errors {sum(r['errors'] for r in runs)}  ratio {ratio:.2f} of baseline", flush=True)
        out = subprocess.run([str(VENV_BIN / "python"), "-c", IN_PROCESS, token, str(LOOKUPS)], cwd=ROOT, env=full,
                             check=True, capture_output=True, text=True).stdout
        costs = json.loads(out.strip().splitlines()[-1])
        print(f"in process, {LOOKUPS} lookups (best of 3): user by id {costs['by_id_us']:.0f} us, "
              f"user by live session {costs['by_session_us']:.0f} us "
              f"(ratio {costs['by_session_us'] / costs['by_id_us']:.2f})", flush=True)


if __name__ == "__main__":
    main()
