"""Audit log: every officer/admin read or change of a resident's personal data."""
from __future__ import annotations


def init_app(app) -> None:
    """The audit table and its messages (every domain writes to it through audit.services)."""
    from .. import i18n
    from . import messages, models  # noqa: F401 - models declares the table

    i18n.register(messages.MESSAGES)
