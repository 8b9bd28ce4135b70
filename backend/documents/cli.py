"""`flask documents sweep`: delete stored files that no document row names (left by crashed uploads).

The push worker (`flask notifications worker`) also runs it every few hours; the command is for cron.
"""
from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..extensions import db
from ..timeutil import utcnow
from .services import ORPHAN_MIN_AGE, sweep_orphans
from .storage import storage_for

SWEEP_INTERVAL = 6 * 3600

group = AppGroup("documents", help="The document vault's stored files.")


@group.command("sweep")
@click.option("--min-age-hours", default=ORPHAN_MIN_AGE.total_seconds() / 3600, show_default=True,
              type=click.FloatRange(1, 24 * 365), help="Only files last written at least this long ago.")
def sweep(min_age_hours: float) -> None:
    """Delete stored files that no document names and that are older than --min-age-hours."""
    click.echo(f"orphaned document files deleted: {sweep_orphaned_files(timedelta(hours=min_age_hours))}")


def sweep_orphaned_files(min_age: timedelta = ORPHAN_MIN_AGE) -> int:
    """The sweep against the configured storage (the CLI, and the push worker's periodic job)."""
    count = sweep_orphans(db.session, storage_for(current_app.config), now=utcnow(), min_age=min_age)
    db.session.rollback()  # it only read rows
    return count


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
    app.extensions.setdefault("mpp.periodic", []).append(("document orphan sweep", SWEEP_INTERVAL, sweep_orphaned_files))
