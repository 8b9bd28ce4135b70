"""Real HTTP servers for race tests: two gunicorn processes on PostgreSQL, threaded WSGI servers on SQLite.

Both kinds share the test session's database, document folder and instance secrets, so a token
signed in through one server works on the other, and the test can count rows directly.
"""
from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

from backend.config import ROOT


@contextmanager
def gunicorn_pair(test_config: dict):
    """Two gunicorn processes (1 worker, 4 threads each) on free ports; yields their base URLs."""
    spec = f"backend.app:create_app({dict(test_config)!r})"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    processes = []
    try:
        for _ in range(2):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", "1", "--threads", "4",
                 "--graceful-timeout", "2", spec],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
        yield [_wait_listening(p) for p in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_listening(process: subprocess.Popen, timeout: float = 60) -> str:
    """The URL from gunicorn's "Listening at" line (it chose the port: we asked for port 0)."""
    lines: queue.Queue = queue.Queue()

    def drain():  # keeps reading, so a chatty worker never blocks on a full pipe
        for line in process.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=drain, daemon=True).start()
    seen = []
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line is None:
            break
        seen.append(line)
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line)
        if found:
            return found.group(1)
    raise RuntimeError("gunicorn did not start:\n" + "".join(seen))


@contextmanager
def thread_servers(app, count: int = 2):
    """count threaded werkzeug servers on one app object (each request on its own thread and connection)."""
    from werkzeug.serving import make_server

    servers = [make_server("127.0.0.1", 0, app, threaded=True) for _ in range(count)]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    try:
        yield [f"http://127.0.0.1:{s.server_port}" for s in servers]
    finally:
        for server in servers:
            server.shutdown()
        for thread in threads:
            thread.join(timeout=10)
