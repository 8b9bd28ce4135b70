"""Queue tickets (antrian) for the counters of an MPP, and the counter staff's queue."""
from __future__ import annotations


def init_app(app) -> None:
    """Tables, messages, routes, `flask booking` (reminders are a periodic job), the export's part, demo counters."""
    from .. import i18n
    from ..extensions import api
    from ..wiring import registry
    from . import cli, demo, export, messages, models, routes  # noqa: F401 - models declares the tables

    i18n.register(messages.MESSAGES)
    for blp in routes.BLUEPRINTS:
        api.register_blueprint(blp)
    cli.init_app(app)
    export.register(registry(app))
    registry(app).demo_data("booking", demo.load)
