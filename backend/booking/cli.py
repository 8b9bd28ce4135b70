"""`flask bookings send-reminders`: notify residents of tomorrow's queue tickets (run it daily, e.g. 16:00)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from datetime import timedelta

from ..extensions import db
from ..timeutil import utcnow
from . import idempotency, services

group = AppGroup("bookings", help="Queue tickets.")


@group.command("send-reminders")
def send_reminders() -> None:
    """Queue a reminder notification for every ticket of tomorrow not yet reminded (safe to rerun)."""
    sent = services.send_reminders(db.session, now=utcnow())
    db.session.commit()
    click.echo(f"reminders queued: {sent}")


@group.command("purge-keys")
@click.option("--days", type=click.IntRange(30, 3650), default=30, help="Keep keys at least this many days.")
def purge_keys(days: int) -> None:
    """Delete booking and survey Idempotency-Keys older than --days (at least 30)."""
    deleted = idempotency.purge(db.session, older_than=utcnow() - timedelta(days=days))
    db.session.commit()
    click.echo(f"idempotency keys deleted: {deleted}")


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
