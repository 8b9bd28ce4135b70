"""`flask idempotency purge`: forget Idempotency-Keys older than 30 days.

The push worker (`flask notifications worker`) also runs it once a day; the command is for cron.
"""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db
from ..timeutil import utcnow
from ..wiring import registry
from .services import KEEP_DAYS, purge

group = AppGroup("idempotency", help="Idempotency-Keys of applications, bookings and surveys.")


@group.command("purge")
@click.option("--days", default=KEEP_DAYS, show_default=True, type=click.IntRange(KEEP_DAYS, 3650),
              help=f"Keep keys this many days (at least {KEEP_DAYS}).")
def purge_keys(days: int) -> None:
    """Delete Idempotency-Keys older than --days."""
    click.echo(f"idempotency keys deleted: {purge_old_keys(days)}")


def purge_old_keys(keep_days: int = KEEP_DAYS) -> int:
    """Delete keys older than keep_days, committed (the CLI, and the push worker once a day)."""
    count = purge(db.session, now=utcnow(), keep_days=keep_days)
    db.session.commit()
    return count


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
    registry(app).every("idempotency purge", 24 * 3600, purge_old_keys)
