"""Ratios measured in one run: A against a reference B, interleaved, median and spread over rounds.

The machine is shared and noisy, so no absolute number means much; a ratio of two things measured
side by side, round after round, does. The pieces:

    with serve("backend.app:create_app()", env) as app, bare() as ref:
        row = compare("GET /api/health", get(app + "/api/health"), get(ref + "/"), goal=0.85)
    print_table([row])

`get()`/`request()` describe an HTTP load (driven by bench/_load.py's keep-alive clients); any other
callable given to `measure` is timed in process; `compare` also takes callables that return a number
(a duration, say, with higher_is_better=False).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _load

SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
ROUNDS = max(3, int(os.environ.get("BENCH_ROUNDS", "3")))
BARE_APP = "bench.bare_app:app"


@contextlib.contextmanager
def serve(app_spec: str, env: dict | None = None, workers: int = 2, threads: int = 4) -> Iterator[str]:
    """gunicorn (gunicorn.conf.py, workers x threads) on a free loopback port; yields its base URL.

    Waits until the app answers; the server is stopped on exit."""
    with _load.gunicorn({k: str(v) for k, v in (env or {}).items()}, workers=workers, threads=threads,
                        app=app_spec) as port:
        yield f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def bare(workers: int = 2, threads: int = 4) -> Iterator[str]:
    """The bare constant-body Flask app (bench/bare_app.py) under the same gunicorn settings."""
    with serve(BARE_APP, workers=workers, threads=threads) as url:
        yield url


@dataclass(frozen=True)
class Http:
    """An HTTP load: make(n) -> (method, path, body, headers) for request number n, against base."""
    base: str
    make: Callable[[int], tuple[str, str, bytes | None, dict[str, str]]]
    expect: tuple[int, ...] = (200,)
    clients: int = field(default=CLIENTS)

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1].split("/", 1)[0])


def _split(url: str) -> tuple[str, str]:
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme}://{host}", slash + path or "/"


def get(url: str, headers: dict[str, str] | None = None, expect: tuple[int, ...] = (200,),
        clients: int = CLIENTS) -> Http:
    """The same GET over and over (a full URL: base + path)."""
    base, path = _split(url)
    fixed = dict(headers or {})
    return Http(base, lambda _n: ("GET", path, None, fixed), expect, clients)


def request(base: str, make: Callable[[int], tuple[str, str, bytes | None, dict[str, str]]],
            expect: tuple[int, ...] = (200,), clients: int = CLIENTS) -> Http:
    """A varying load: make(n) gives request n as (method, path, body, headers)."""
    return Http(base.rstrip("/"), make, expect, clients)


def measure(fn, seconds: float | None = None) -> dict:
    """rate (per second), p50 and p99 (ms) of an Http load, or of a plain callable run in process.

    Also `errors` (unexpected statuses count, and the rate counts only answered requests)."""
    seconds = SECONDS if seconds is None else seconds
    if isinstance(fn, Http):
        cpu_before = _load.server_cpu(fn.port)
        r = _load.measure(fn.port, fn.make, clients=fn.clients, seconds=seconds, max_requests=10_000_000,
                          expect=fn.expect)
        cpu_after = _load.server_cpu(fn.port)
        cpu = None
        if cpu_before is not None and cpu_after is not None and r["requests"]:
            cpu = (cpu_after - cpu_before) / r["requests"] * 1e6
        return {"rate": r["rps"], "p50": r["p50_ms"], "p99": r["p99_ms"], "errors": r["errors"],
                "requests": r["requests"], "cpu_us": cpu}
    latencies: list[float] = []
    stop_at = time.perf_counter() + seconds
    began = time.perf_counter()
    while time.perf_counter() < stop_at:
        t = time.perf_counter()
        fn()
        latencies.append(time.perf_counter() - t)
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"rate": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, "errors": 0,
            "requests": len(latencies), "cpu_us": None}


def _value(x, seconds: float | None) -> tuple[float, dict]:
    if isinstance(x, Http):
        r = measure(x, seconds)
        if r["errors"]:
            print(f"  warning: {r['errors']} unexpected responses", file=sys.stderr, flush=True)
        return r["rate"], r
    r = x()
    if isinstance(r, dict):
        return float(r["rate"]), r
    return float(r), {"value": float(r)}


def compare(name: str, a, b, rounds: int = ROUNDS, goal: float | None = None, higher_is_better: bool = True,
            seconds: float | None = None, warmup: float = 0.5) -> dict:
    """Measure A and B interleaved (A B A B ...) for at least 3 rounds; ratio = value(A) / value(B).

    A value is an Http load's rate, a callable's returned number, or the `rate` of the dict it returns.
    With higher_is_better the goal is met when the median ratio >= goal, otherwise when <= goal.
    Prints one line and returns the row for print_table."""
    rounds = max(3, rounds)
    for x in (a, b):
        if isinstance(x, Http) and warmup:
            measure(x, warmup)
    a_runs, b_runs, ratios = [], [], []
    for _ in range(rounds):
        va, ra = _value(a, seconds)
        vb, rb = _value(b, seconds)
        a_runs.append(ra)
        b_runs.append(rb)
        ratios.append(va / vb if vb else float("nan"))
    ratio = statistics.median(ratios)
    # The same comparison in server CPU time per request (B's over A's, so higher is better here
    # too): a cross-check that a busy machine disturbs less than the rates.
    cpu_ratios = [rb["cpu_us"] / ra["cpu_us"] for ra, rb in zip(a_runs, b_runs, strict=True)
                  if ra.get("cpu_us") and rb.get("cpu_us")]
    cpu_ratio = statistics.median(cpu_ratios) if len(cpu_ratios) == rounds and higher_is_better else None
    met = None
    if goal is not None:
        met = ratio >= goal if higher_is_better else ratio <= goal
    row = {"name": name, "ratio": ratio, "min": min(ratios), "max": max(ratios), "ratios": ratios, "cpu_ratio": cpu_ratio, "goal": goal,
           "higher_is_better": higher_is_better, "met": met, "load": os.getloadavg(), "a": a_runs, "b": b_runs}
    print(_line(row), flush=True)
    return row


def _median(runs: list[dict], key: str):
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def _goal(row: dict) -> str:
    if row["goal"] is None:
        return "-"
    return f"{'>=' if row['higher_is_better'] else '<='} {row['goal']:.2f}x"


def _met(row: dict) -> str:
    return "-" if row["met"] is None else ("met" if row["met"] else "NOT met")


def _line(row: dict) -> str:
    rate = _median(row["a"], "rate")
    extra = f"  A {rate:.0f}/s p99 {_median(row['a'], 'p99'):.1f} ms" if rate is not None else ""
    ref = _median(row["b"], "rate")
    extra += f"  B {ref:.0f}/s" if ref is not None else ""
    cpu = f"  CPU/request ratio {row['cpu_ratio']:.2f}x" if row.get("cpu_ratio") else ""
    return (f"{row['name']:<46} {row['ratio']:.2f}x ({row['min']:.2f}-{row['max']:.2f})  goal {_goal(row)} "
            f"{_met(row)}{cpu}{extra}  load {row['load'][0]:.1f}")


def print_table(rows: list[dict], title: str | None = None) -> str:
    """A Markdown table of compare() rows, headed by the date and the load average; printed and returned."""
    load = os.getloadavg()
    lines = []
    if title:
        lines += [title, ""]
    lines += [f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load average {load[0]:.1f} / {load[1]:.1f} "
              f"/ {load[2]:.1f} (1/5/15 min), {os.cpu_count()} cores, {ROUNDS} interleaved rounds", "",
              "| metric | ratio (median) | spread | goal | met | CPU/request ratio | A rate | A p99 |",
              "|---|---:|---:|---:|---|---:|---:|---:|"]
    for row in rows:
        rate, p99 = _median(row["a"], "rate"), _median(row["a"], "p99")
        cpu = f"{row['cpu_ratio']:.2f}x" if row.get("cpu_ratio") else "-"
        lines.append(f"| {row['name']} | {row['ratio']:.2f}x | {row['min']:.2f}-{row['max']:.2f} | {_goal(row)} | "
                     f"{_met(row)} | {cpu} | {'-' if rate is None else f'{rate:.0f}/s'} | "
                     f"{'-' if p99 is None else f'{p99:.1f} ms'} |")
    text = "\n".join(lines)
    print(text, flush=True)
    return text
