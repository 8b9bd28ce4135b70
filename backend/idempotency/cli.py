"""`flask idempotency purge`: forget Idempotency-Keys older than 30 days (run it daily from cron)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db
from ..timeutil import utcnow
from .services import KEEP_DAYS, purge

group = AppGroup("idempotency", help="Idempotency-Keys of applications, bookings and surveys.")


@group.command("purge")
@click.option("--days", default=KEEP_DAYS, show_default=True, type=click.IntRange(KEEP_DAYS, 3650),
              help=f"Keep keys this many days (at least {KEEP_DAYS}).")
def purge_keys(days: int) -> None:
    """Delete Idempotency-Keys older than --days."""
    count = purge(db.session, now=utcnow(), keep_days=days)
    db.session.commit()
    click.echo(f"idempotency keys deleted: {count}")


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
