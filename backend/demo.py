"""`flask demo load`: the demo data, idempotent (running it twice changes nothing)."""
from __future__ import annotations

import click
from flask import Flask

from .extensions import db


def load_all() -> list[str]:
    from .app import DOMAINS, _domain_module

    done = []
    for domain in DOMAINS:
        module = _domain_module(domain, "demo")
        if module is not None:
            module.load(db.session)
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
