"""Document upload and download on both storage backends, as a ratio filesystem : S3 in one run.

One throw-away SQLite database, one gunicorn per backend (2 workers x 4 threads, as `make run`), the
demo resident uploading distinct 256 KiB PDFs (POST /api/documents, multipart) and downloading them
(GET /api/documents/<id>/content, streamed). The S3 side is moto's S3 server (ThreadedMotoServer) in
this process on 127.0.0.1, reached over HTTP by boto3, so it measures the app's S3 path against a
local S3 API, not a cloud's network. Loopback only, bounded by BENCH_SECONDS and a request cap.
"""
from __future__ import annotations

import http.client
import json
import logging
import os
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _load import gunicorn, measure
from applications import _prepare

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "5000"))
SIZE = 256 * 1024
RESIDENT = {"identifier": "3574014507901001", "password": "Warga-MPP-2026"}
BOUNDARY = "mppbenchboundary"


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


def _pdf(run: str, n: int) -> bytes:
    head = f"%PDF-1.4\n% {run} {n}\n".encode()
    return head + os.urandom(SIZE - len(head) - 6) + b"\n%%EOF"


def _multipart(data: bytes) -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"document_type\"\r\n\r\nlainnya\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def run(backend: str, env: dict[str, str]) -> dict[str, dict]:
    results = {}
    with gunicorn({**env, "DOCUMENT_STORAGE": backend}) as port:
        auth = {"Authorization": f"Bearer {_call(port, 'POST', '/api/auth/login', RESIDENT)['access_token']}"}
        tag = uuid.uuid4().hex[:8]
        bodies = [_multipart(_pdf(tag, n)) for n in range(256)]  # made before the clock starts
        headers = {**auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}

        def upload(n: int):
            return "POST", "/api/documents", _unique(bodies[n % len(bodies)], n), headers

        results["upload"] = measure(port, upload, clients=CLIENTS, seconds=SECONDS, max_requests=MAX_REQUESTS,
                                    expect=(201,))
        ids = [d["id"] for d in _call(port, "GET", "/api/documents", headers=auth)["items"]]

        def download(n: int):
            return "GET", f"/api/documents/{ids[n % len(ids)]}/content", None, auth

        results["download"] = measure(port, download, clients=CLIENTS, seconds=SECONDS, max_requests=MAX_REQUESTS)
    return results


def _unique(body: bytes, n: int) -> bytes:
    # the same bytes again would be the same document (200, de-duplicated): vary one line per request
    marker = f"%{n:010d}\n".encode()
    at = body.index(b"%PDF-1.4\n") + len(b"%PDF-1.4\n")
    return body[:at] + marker + body[at + len(marker):]


def main() -> None:
    from moto.server import ThreadedMotoServer

    from tests.s3server import ACCESS, free_port

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        import boto3

        bucket = "mpp-bench"
        boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name=ACCESS["S3_REGION"],
                     aws_access_key_id="testing", aws_secret_access_key="testing").create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": ACCESS["S3_REGION"]})
        with tempfile.TemporaryDirectory() as tmp:
            env = {"RATELIMIT_ENABLED": "0", "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                   "DOCUMENT_STORAGE_PATH": f"{tmp}/documents", "S3_BUCKET": bucket,
                   "S3_ENDPOINT_URL": f"http://127.0.0.1:{port}", "S3_PREFIX": "bench/", **ACCESS,
                   "DOCUMENT_MAX_BYTES": str(SIZE * 2)}
            _prepare(env)
            measured = {backend: run(backend, env) for backend in ("filesystem", "s3")}
    finally:
        server.stop()

    print(f"documents of {SIZE // 1024} KiB, {CLIENTS} clients, {SECONDS:g} s per line, SQLite")
    for backend, results in measured.items():
        for action, r in results.items():
            print(f"{backend:<10} {action:<8} {r['rps']:>7.1f} req/s {r['rps'] * SIZE / 2**20:>7.1f} MiB/s  "
                  f"p50 {r['p50_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  errors {r['errors']}", flush=True)
    for action in ("upload", "download"):
        fs, s3 = measured["filesystem"][action], measured["s3"][action]
        print(f"ratio filesystem:S3 {action:<8} throughput {fs['rps'] / s3['rps']:.2f}  "
              f"p99 {fs['p99_ms'] / s3['p99_ms']:.2f}")


if __name__ == "__main__":
    main()
