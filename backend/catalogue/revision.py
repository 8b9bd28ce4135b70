"""The catalogue revision: changes whenever the catalogue is (re)loaded; drives ETags."""
from __future__ import annotations

import threading
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import CatalogueMeta

_TTL_SECONDS = 5.0  # other processes see a reload within this time
_state = {"value": None, "at": 0.0}
_lock = threading.Lock()


def current(session: Session) -> str:
    now = time.monotonic()
    with _lock:
        if _state["value"] is not None and now - _state["at"] < _TTL_SECONDS:
            return _state["value"]
    value = session.scalar(select(CatalogueMeta.value).where(CatalogueMeta.key == "revision")) or "0"
    with _lock:
        _state.update(value=value, at=now)
    return value


def bump(session: Session, value: str) -> None:
    meta = session.get(CatalogueMeta, "revision") or CatalogueMeta(key="revision")
    meta.value = value
    session.add(meta)
    with _lock:
        _state.update(value=None, at=0.0)
