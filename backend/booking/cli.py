"""`flask bookings send-reminders`: notify residents of tomorrow's queue tickets (run it daily, e.g. 16:00)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db
from ..timeutil import utcnow
from . import services

group = AppGroup("bookings", help="Queue tickets.")


@group.command("send-reminders")
def send_reminders() -> None:
    """Queue a reminder notification for every ticket of tomorrow not yet reminded (safe to rerun)."""
    sent = services.send_reminders(db.session, now=utcnow())
    db.session.commit()
    click.echo(f"reminders queued: {sent}")


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
