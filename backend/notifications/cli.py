"""`flask notifications worker`: the push delivery worker, as its own process (it also runs the
periodic jobs the domains register, such as booking reminders)."""
from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Sequence

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from ..extensions import db
from ..wiring import registry
from .delivery import PushSettings, Sender, process_batch

log = logging.getLogger(__name__)

group = AppGroup("notifications", help="Push notification delivery.")


Job = tuple[str, float, Callable[[], int]]  # name, every so many seconds, the job (returns a count)


def _run_due(jobs: Sequence[Job], due: dict[str, float], *, once: bool) -> None:
    """Run each periodic job whose time has come (domains register them in app.extensions)."""
    now = time.monotonic()
    for name, interval, job in jobs:
        if due.get(name, 0.0) > now:
            continue
        due[name] = now + interval
        try:
            count = job()
            if count:
                log.info("%s: %d", name, count)
        except Exception:
            db.session.rollback()
            if once:
                raise
            log.exception("%s failed; next try in %.0fs", name, interval)
        finally:
            db.session.remove()


def _one_batch(settings: PushSettings, sender: Sender) -> int:
    """process_batch on one connection held for the whole batch.

    Every outcome is committed as soon as it is known; with the request-style session each of
    those commits returned the connection to the pool and the next statement checked it out
    again, with the pool's liveness ping: a third of a worker's time went to those round trips.
    """
    with db.engine.connect() as connection:
        session = Session(bind=connection)
        try:
            return process_batch(session, settings, sender)
        finally:
            session.close()


def run_worker(settings: PushSettings, *, once: bool, poll_interval: float, stop: threading.Event,
               jobs: Sequence[Job] = ()) -> int:
    """Deliver until stopped (or, with once, until nothing is due); returns how many were handled.

    Between rounds it also runs the periodic jobs (booking reminders), each at its own interval,
    so that what they queue goes out in the same process.
    """
    handled = 0
    due: dict[str, float] = {}
    with Sender(settings) as sender:
        while not stop.is_set():
            _run_due(jobs, due, once=once)
            try:
                count = _one_batch(settings, sender)
            except Exception:
                db.session.rollback()
                if once:
                    raise
                log.exception("push worker: batch failed; retrying after %.1fs", poll_interval)
                count = 0
            finally:
                db.session.remove()
            handled += count
            if count == 0:
                if once:
                    break
                stop.wait(poll_interval)
    return handled


@group.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option("--batch", type=click.IntRange(1, 1000), default=None, help="Deliveries claimed per round.")
@click.option("--poll-interval", type=click.FloatRange(0.05, 3600), default=None, help="Seconds to wait when idle.")
def worker(once: bool, batch: int | None, poll_interval: float | None) -> None:
    """Send pending push notifications (claims rows; several workers may run on PostgreSQL)."""
    config = current_app.config
    settings = PushSettings.from_config(config, batch=batch)
    interval = poll_interval if poll_interval is not None else config["PUSH_POLL_INTERVAL"]
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    log.info("push worker started (batch %d, poll %.1fs)", settings.batch, interval)
    try:
        handled = run_worker(settings, once=once, poll_interval=interval, stop=stop,
                             jobs=registry(current_app).periodic)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("push worker stopped after %d deliveries", handled)


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
