"""`flask bookings send-reminders`: notify residents of tomorrow's queue tickets.

`flask notifications worker` (started by `make run`) also runs it every BOOKING_REMINDER_INTERVAL
seconds, so no cron job is needed; the command is for a deployment that prefers cron.
"""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..extensions import db
from ..timeutil import utcnow
from ..wiring import registry
from . import services

group = AppGroup("bookings", help="Queue tickets.")


def queue_reminders(from_hour: int | None = None) -> int:
    """One reminder round, from from_hour (default BOOKING_REMINDER_HOUR) at each MPP; committed."""
    if from_hour is None:
        from_hour = current_app.config["BOOKING_REMINDER_HOUR"]
    sent = services.send_reminders(db.session, now=utcnow(), from_hour=from_hour)
    db.session.commit()
    return sent


@group.command("send-reminders")
@click.option("--from-hour", type=click.IntRange(0, 23), default=None,
              help="Local hour at the MPP from which to remind (default BOOKING_REMINDER_HOUR).")
def send_reminders(from_hour: int | None) -> None:
    """Queue a reminder notification for every ticket of tomorrow not yet reminded (safe to rerun)."""
    click.echo(f"reminders queued: {queue_reminders(from_hour)}")


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
    registry(app).every("booking reminders", app.config["BOOKING_REMINDER_INTERVAL"], queue_reminders)
