"""Rate-limit storage in the app's own database, so the limits hold across every process without Redis."""
from __future__ import annotations


def init_app(app) -> None:
    """The table of the limits' counters (the storage itself is chosen by RATELIMIT_STORAGE_URI)."""
    from . import models  # noqa: F401 - declares the table
