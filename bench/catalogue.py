"""Per-request overhead and the catalogue API, each as a ratio to the bare constant-body Flask app.

Both servers run side by side under the same gunicorn settings (bench/ratio.py); every line is A/B
interleaved rounds, median and spread. The app runs as deployed: rate limits on, in the database.
Run with `make bench` or `.venv/bin/python bench/catalogue.py` (SQLite, or a throw-away database
beside DATABASE_URL's PostgreSQL). BENCH_SECONDS, BENCH_ROUNDS, BENCH_CLIENTS tune it.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _load import database, prepare_database
from ratio import bare, compare, get, print_table, request, serve

# What Chromium sends with every fetch.
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd", "Accept": "*/*"}
REGION = "35.74"
SERVICES = f"/api/regions/{REGION}/services?per_page=50"


def _first(url: str, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    host, port = url.rsplit("/", 1)[-1].rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port))
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def _a_service_id(url: str) -> int:
    return json.loads(_first(url, SERVICES, {}).body)["items"][0]["id"]


def _distinct_searches(url: str) -> list[str]:
    """Real searches a resident could type, all different: every prefix (3+ letters) of every word
    in the region's service names, alone and with each category. Far more than the response cache
    holds (512 per worker), asked in a cycle, so every one is a miss."""
    page = json.loads(_first(url, f"/api/regions/{REGION}/services?per_page=100", {}).body)["items"]
    words = {w for s in page for w in re.findall(r"[a-z]{3,}", s["name"]["id"].lower())}
    prefixes = sorted({w[:n] for w in words for n in range(3, len(w) + 1)})
    categories = ["", *sorted({s["category"]["code"] for s in page})]
    return [f"/api/regions/{REGION}/services?q={p}" + (f"&category={c}" if c else "")
            for c in categories for p in prefixes]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, database(tmp, "mpp_bench_catalogue") as db_url:
        env = {"DATABASE_URL": db_url}
        prepare_database(env)
        engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
        with serve("backend.app:create_app()", env) as app, bare() as ref:
            etag = _first(app, SERVICES, BROWSER).getheader("ETag")
            service = _a_service_id(app)
            constant = get(ref + "/api/constant", BROWSER)

            queries = _distinct_searches(app)
            print(f"{len(queries)} distinct searches", flush=True)

            def searches(n: int):
                return "GET", queries[n % len(queries)], None, BROWSER

            print(f"catalogue / API vs the bare app ({engine}, rate limits on)", flush=True)
            rows = [
                compare("bare app vs itself (the noise)", get(ref + "/x", BROWSER), constant),
                compare("`GET /api/health`", get(app + "/api/health", BROWSER), constant, goal=0.85),
                compare("region services, 50, 200, `Accept-Encoding: br`", get(app + SERVICES, BROWSER), constant,
                        goal=0.8),
                compare("region services, 304 (`If-None-Match`)",
                        get(app + SERVICES, {**BROWSER, "If-None-Match": etag}, expect=(304,)), constant, goal=0.85),
                compare("`GET /api/regions`", get(app + "/api/regions", BROWSER), constant, goal=0.85),
                compare("a service's detail `GET /api/services/<id>`", get(f"{app}/api/services/{service}", BROWSER),
                        constant, goal=0.8),
                compare("distinct uncached searches", request(app, searches), constant, goal=0.4),
            ]
            print()
            print_table(rows, f"catalogue / API ({engine}, rate limits on, gunicorn 2 workers x 4 threads, "
                              f"{os.environ.get('BENCH_CLIENTS', '8')} keep-alive clients)")


if __name__ == "__main__":
    main()
