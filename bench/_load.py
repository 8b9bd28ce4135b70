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


# port -> pid of the gunicorn master serving it, for server_cpu()
SERVERS: dict[int, int] = {}
_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime + stime


def server_cpu(port: int) -> float | None:
    """CPU seconds used so far by the gunicorn serving `port`: master and workers (None if not ours).

    Less disturbed by a busy machine than a request rate: what others run shows up as waiting,
    not as this server's CPU time."""
    master = SERVERS.get(port)
    if master is None:
        return None
    try:
        with open(f"/proc/{master}/task/{master}/children") as f:
            children = [int(p) for p in f.read().split()]
        return _cpu_of(master) + sum(_cpu_of(p) for p in children)
    except OSError:
        return None


def wait_until_answering(port: int, proc: subprocess.Popen | None = None, timeout: float = 180) -> None:
    """Return once the server answers an HTTP request (any status): a listening socket is not enough,
    the workers may still be importing the app."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode} before it answered")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/__bench_ready__")
            conn.getresponse().read()
            conn.close()
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, threads: int = 4, app: str = "backend.app:create_app()") -> Iterator[int]:
    """Serve create_app() (or another app spec) with gunicorn on a free loopback port; yields the port.

    Same settings as `make run`: gunicorn.conf.py, the given workers x threads (gthread)."""
    port = free_port()
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--log-level", "warning", app],
        cwd=ROOT, env={**os.environ, **env},
    )
    try:
        wait_until_answering(port, proc)
        SERVERS[port] = proc.pid
        yield port
    finally:
        SERVERS.pop(port, None)
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@contextlib.contextmanager
def database(tmp: str, prefix: str = "mpp_bench") -> Iterator[str]:
    """SQLite in tmp, or a fresh PostgreSQL database beside DATABASE_URL's, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    import uuid

    import psycopg

    admin = url.replace("postgresql+psycopg://", "postgresql://")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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


# Whatever a failed upgrade left behind goes first (reflected, so tables no model knows go too).
CREATE_SCHEMA = ("from sqlalchemy import MetaData; from backend.app import create_app; "
                 "from backend.extensions import db; app = create_app(); app.app_context().push(); "
                 "old = MetaData(); old.reflect(db.engine); old.drop_all(db.engine); db.create_all()")


def prepare_database(env: dict[str, str]) -> None:
    """Apply migrations and demo data into the bench database.

    If the migrations do not apply (someone's is half-written in a shared tree), the schema is
    made from the models instead, with a warning, so the bench still runs."""
    flask = str(VENV_BIN / "flask")
    full = {**os.environ, **env, "FLASK_APP": "backend.app:create_app"}
    upgrade = subprocess.run([flask, "db", "upgrade"], check=False, cwd=ROOT, env=full, capture_output=True, text=True)
    if upgrade.returncode:
        print("warning: `flask db upgrade` failed, schema made from the models instead: "
              + (upgrade.stderr.strip().splitlines() or ["?"])[-1], file=sys.stderr, flush=True)
        subprocess.run([str(VENV_BIN / "python"), "-c", CREATE_SCHEMA], cwd=ROOT, env=full, check=True,
                       capture_output=True)
    subprocess.run([flask, "demo", "load"], cwd=ROOT, env=full, check=True, capture_output=True)
