"""A service's reference ({id, code, name}) as lists show it, cached per process per catalogue revision.

Lists of applications, bookings and the like name each row's service. Loading whole Service rows
for that (every JSON column of the published standard) was a quarter of a resident's own list.
A service's code and name change only when the catalogue is (re)loaded, which bumps the revision
(revision.py), so the references are kept per process and dropped when the revision changes;
ids not seen yet are read in one query of three columns.
"""
from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import revision
from .models import Service

_lock = threading.Lock()
_cache: dict = {"revision": None, "refs": {}}


def service_refs(session: Session, ids) -> dict[int, dict]:
    """{service id: {"id", "code", "name"}} for the ids that exist. Shared: callers copy before changing."""
    current = revision.current(session)
    with _lock:
        if _cache["revision"] != current:
            _cache.update(revision=current, refs={})
        refs = _cache["refs"]
        found = {i: refs[i] for i in ids if i in refs}
    missing = sorted({i for i in ids if i not in found})
    if missing:
        rows = session.execute(select(Service.id, Service.code, Service.name).where(Service.id.in_(missing)))
        loaded = {row.id: {"id": row.id, "code": row.code, "name": row.name} for row in rows}
        with _lock:
            if _cache["revision"] == current:
                _cache["refs"].update(loaded)
        found.update(loaded)
    return found


def clear() -> None:
    """Forget every reference (tests that change a service without a catalogue reload)."""
    with _lock:
        _cache.update(revision=None, refs={})
