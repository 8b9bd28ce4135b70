"""Idempotency-Key handling shared by every domain whose POSTs are replayed from the offline outbox."""
from __future__ import annotations


def init_app(app) -> None:
    """The key table, its messages, `flask idempotency purge` (also a daily job of the worker)."""
    from .. import i18n
    from ..wiring import registry
    from . import cli, export, messages, models  # noqa: F401 - models declares the table

    i18n.register(messages.MESSAGES)
    cli.init_app(app)
    export.register(registry(app))
