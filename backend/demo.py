"""`flask demo load`: the demo data, idempotent (running it twice changes nothing)."""
from __future__ import annotations

import click
from flask import Flask, current_app

from .extensions import db
from .wiring import registry


def load_all(app: Flask | None = None) -> list[str]:
    """Run the demo loaders the domains registered, in create_app's order; one commit each."""
    done = []
    for domain, load in registry(app or current_app).demo:
        load(db.session)
        db.session.commit()
        done.append(domain)
    return done


def init_app(app: Flask) -> None:
    group = click.Group("demo", help="Demo data.")

    @group.command("load")
    def load_command():
        """Load (or refresh) the demo data; safe to run again."""
        done = load_all()
        click.echo("demo data loaded: " + ", ".join(done))

    app.cli.add_command(group)
