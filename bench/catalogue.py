"""Catalogue throughput: region services list (200 and 304) vs a constant-body baseline.

Run with `make bench`. Uses a throw-away SQLite database (or DATABASE_URL) and gunicorn.
"""
from __future__ import annotations

import http.client
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _load import get, gunicorn, measure, prepare_database, report  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {"RATELIMIT_ENABLED": "0"}
        if not os.environ.get("DATABASE_URL"):
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        prepare_database(env)
        with gunicorn(env) as port:
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request("GET", "/api/regions/35.74/services?per_page=50")
            response = conn.getresponse()
            response.read()
            etag = response.getheader("ETag")
            conn.close()
            print(f"gunicorn 2 workers x 4 threads, {CLIENTS} keep-alive clients, {SECONDS:.0f} s each "
                  f"({'PostgreSQL' if 'postgres' in env.get('DATABASE_URL', os.environ.get('DATABASE_URL', '')) else 'SQLite'})")
            kw = {"clients": CLIENTS, "seconds": SECONDS}
            base = measure(port, get("/api/health"), **kw)
            report("baseline GET /api/health", base)
            report("GET /api/regions", measure(port, get("/api/regions"), **kw), base)
            report("GET region services (200)",
                   measure(port, get("/api/regions/35.74/services?per_page=50"), **kw), base)
            report("GET region services (304)",
                   measure(port, get("/api/regions/35.74/services?per_page=50", {"If-None-Match": etag}),
                           expect=(304,), **kw), base)
            report("search q=akta (200, cached)",
                   measure(port, get("/api/regions/35.74/services?q=akta"), **kw), base)
            words = ["akta", "lahir", "paspor", "skck", "pajak", "izin", "bpjs", "nikah"]
            report("search, distinct queries (uncached)",
                   measure(port, lambda n: ("GET", f"/api/regions/35.74/services?q={words[n % 8]}&page={n // 8 % 500 + 1}&per_page=1", None, {}), **kw), base)


if __name__ == "__main__":
    main()
