"""`flask applications purge-idempotency`: forget Idempotency-Keys older than 30 days (run daily)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db
from ..timeutil import utcnow
from .idempotency import KEEP_DAYS, purge

group = AppGroup("applications", help="Applications maintenance.")


@group.command("purge-idempotency")
@click.option("--days", default=KEEP_DAYS, show_default=True, type=int,
              help=f"Keep keys this many days (never fewer than {KEEP_DAYS}).")
def purge_idempotency(days: int) -> None:
    """Delete Idempotency-Keys older than --days."""
    count = purge(db.session, now=utcnow(), keep_days=days)
    db.session.commit()
    click.echo(f"{count} idempotency keys deleted")


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
