"""`flask integrations ...`: connect, list and disconnect agency systems; the webhook worker; dead letters."""
from __future__ import annotations

import json
import logging
import signal
import threading

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..errors import Problem
from ..extensions import db
from ..timeutil import utcnow
from ..wiring import registry
from . import services
from .delivery import Sender, WebhookSettings, deliver_due, process_batch

log = logging.getLogger(__name__)

group = AppGroup("integrations", help="Agency systems: connect, list, revoke; webhook delivery.")


def _echo(body) -> None:
    click.echo(json.dumps(body, default=str, ensure_ascii=False, indent=2))


def _fail(problem: Problem) -> None:
    raise click.ClickException(json.dumps({"code": problem.code, "errors": problem.errors}, ensure_ascii=False))


@group.command("add")
@click.option("--name", required=True, help="The system's name, e.g. 'SIAK Terpusat'.")
@click.option("--agency", required=True, help="Agency code, e.g. DISDUKCAPIL.")
@click.option("--region", "regions", multiple=True, required=True, help="Region code (repeat for several).")
@click.option("--service", "service_specs", multiple=True, required=True,
              help="service code, or code=worklist|system|both (default both); repeat for several.")
@click.option("--webhook-url", default=None, help="Where signed events are sent (none: the feed only).")
def add(name, agency, regions, service_specs, webhook_url):
    """Connect an agency system; prints its credentials as JSON (the secrets are shown only once)."""
    handled = {}
    for spec in service_specs:
        code, _, mode = spec.partition("=")
        handled[code.strip()] = (mode or "both").strip()
    try:
        integration, secrets = services.connect(db.session, name=name, agency_code=agency, regions=list(regions),
                                                services=handled, webhook_url=webhook_url, now=utcnow())
    except Problem as problem:
        db.session.rollback()
        _fail(problem)
    body = {**services.describe(db.session, integration), **secrets}
    db.session.commit()
    _echo(body)


@group.command("list")
def list_command():
    """Connected systems with their delivery figures, as JSON."""
    rows = services.list_integrations(db.session)
    counts = services.stats(db.session, [r.id for r in rows])
    _echo([services.describe(db.session, r, counts[r.id]) for r in rows])


@group.command("revoke")
@click.argument("integration_id", type=int)
def revoke(integration_id):
    """Disconnect a system: its credentials stop at once; no more webhooks."""
    try:
        integration = services.revoke(db.session, integration_id, now=utcnow())
    except Problem as problem:
        _fail(problem)
    db.session.commit()
    _echo(services.describe(db.session, integration))


@group.command("retry")
@click.argument("integration_id", type=int)
def retry(integration_id):
    """Try a system's dead letters again, with a fresh 3-day window."""
    count = services.retry_dead(db.session, integration_id, now=utcnow())
    db.session.commit()
    _echo({"count": count})


def run_worker(settings: WebhookSettings, *, once: bool, poll_interval: float, stop: threading.Event) -> int:
    handled = 0
    with Sender(settings) as sender:
        while not stop.is_set():
            try:
                count = process_batch(db.session, settings, sender)
            except Exception:
                db.session.rollback()
                if once:
                    raise
                log.exception("webhook worker: batch failed; retrying after %.1fs", poll_interval)
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
@click.option("--batch", type=click.IntRange(1, 1000), default=None, help="Events claimed per round.")
@click.option("--poll-interval", type=click.FloatRange(0.05, 3600), default=0.5, help="Seconds to wait when idle.")
def worker(once, batch, poll_interval):
    """Deliver webhooks (claims rows with SKIP LOCKED; several workers may run on PostgreSQL)."""
    settings = WebhookSettings.from_config(current_app.config, batch=batch)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    log.info("webhook worker started (batch %d, poll %.1fs)", settings.batch, poll_interval)
    try:
        handled = run_worker(settings, once=once, poll_interval=poll_interval, stop=stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("webhook worker stopped after %d events", handled)


def _periodic(app: Flask):
    """The push worker (`make run`) also delivers webhooks, every few seconds."""
    def job() -> int:
        settings = WebhookSettings.from_config(app.config)
        with Sender(settings) as sender:
            return deliver_due(db.session, settings, sender)

    return job


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
    registry(app).every("webhook delivery", float(app.config.get("WEBHOOK_PERIODIC_SECONDS", 2)), _periodic(app))
