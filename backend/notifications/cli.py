"""`flask notifications worker`: the push delivery worker, as its own process."""
from __future__ import annotations

import logging
import signal
import threading

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..extensions import db
from .delivery import PushSettings, Sender, process_batch

log = logging.getLogger(__name__)

group = AppGroup("notifications", help="Push notification delivery.")


def run_worker(settings: PushSettings, *, once: bool, poll_interval: float, stop: threading.Event) -> int:
    """Deliver until stopped (or, with once, until nothing is due); returns how many were handled."""
    handled = 0
    with Sender(settings) as sender:
        while not stop.is_set():
            try:
                count = process_batch(db.session, settings, sender)
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
        handled = run_worker(settings, once=once, poll_interval=interval, stop=stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("push worker stopped after %d deliveries", handled)


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
