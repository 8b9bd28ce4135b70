"""Small load generator for the benchmarks: a real gunicorn server and keep-alive clients on 127.0.0.1.

Not a test: numbers go to stdout (and bench/README.md by hand).
"""
from __future__ import annotations

import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, threads: int = 4, app: str = "backend.app:create_app()") -> Iterator[int]:
    """Serve create_app() (or another app spec) with gunicorn on a free loopback port; yields the port."""
    port = free_port()
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--log-level", "warning", app],
        cwd=ROOT, env={**os.environ, **env},
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=15)


Request = Callable[[int], tuple[str, str, bytes | None, dict[str, str]]]


def measure(port: int, make_request: Request, *, clients: int = 8, seconds: float = 5.0,
            max_requests: int = 50_000, expect: tuple[int, ...] = (200,)) -> dict:
    """Run `clients` keep-alive connections for at most `seconds`; returns rps and latency percentiles."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(max_requests))
    stop_at = time.perf_counter() + seconds

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local: list[float] = []
        local_errors = 0
        while time.perf_counter() < stop_at:
            try:
                n = next(counter)
            except StopIteration:
                break
            method, path, body, headers = make_request(n)
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status not in expect:
                    local_errors += 1
            except (OSError, http.client.HTTPException):
                local_errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            local.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(local)
            errors += local_errors

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    if not latencies:
        return {"requests": 0, "rps": 0.0, "p50_ms": None, "p99_ms": None, "errors": errors}
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": errors,
    }


def get(path: str, headers: dict[str, str] | None = None) -> Request:
    return lambda _n: ("GET", path, None, dict(headers or {}))


def report(name: str, result: dict, baseline: dict | None = None) -> str:
    line = (f"{name:<34} {result['rps']:>9.0f} req/s  p50 {result['p50_ms']:.2f} ms  "
            f"p99 {result['p99_ms']:.2f} ms  errors {result['errors']}")
    if baseline and baseline["rps"]:
        line += f"  ratio {result['rps'] / baseline['rps']:.2f} of baseline"
    print(line, flush=True)
    return line


def prepare_database(env: dict[str, str]) -> None:
    """Apply migrations and demo data into the bench database."""
    flask = str(VENV_BIN / "flask")
    full = {**os.environ, **env, "FLASK_APP": "backend.app:create_app"}
    subprocess.run([flask, "db", "upgrade"], cwd=ROOT, env=full, check=True, capture_output=True)
    subprocess.run([flask, "demo", "load"], cwd=ROOT, env=full, check=True, capture_output=True)
