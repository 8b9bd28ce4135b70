"""Writing and reading the audit log.

The resident's view groups a run of reads: the queue's check-in, call and serve of one ticket are
three entries but one line ("3 times, 08:05-08:21"). Every entry stays in the table; the grouping
is done by the query, so paging counts lines, not entries.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Integer, case, cast, func, or_, select
from sqlalchemy.orm import Session

from ..catalogue import services as catalogue
from ..pagination import Page
from ..timeutil import utcnow
from . import messages  # noqa: F401 - registers the domain's messages
from .models import AuditEntry

# Reads of one object by one reader, each within this many seconds of the previous one, are one line.
GROUP_WINDOW_SECONDS = 30 * 60
# Only looking is grouped; every change stays a line of its own.
GROUPED_ACTIONS = ("read", "download")


def record(
    session: Session,
    *,
    actor,
    subject_user_id: int,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    detail: str | None = None,
    now: datetime | None = None,
) -> AuditEntry | None:
    """Log an access to a resident's data; a resident touching their own data is not logged.

    The actor's name, role, agency, MPP and staff number are copied as they are now, so the entry
    keeps saying who it was after a transfer, a rename by an admin or the account's deletion.
    """
    if actor is not None and actor.id == subject_user_id:
        return None
    staff = actor is not None and actor.role != "resident"
    entry = AuditEntry(
        subject_user_id=subject_user_id,
        actor_user_id=actor.id if actor else None,
        actor_name=actor.full_name if actor else "system",
        actor_role=actor.role if actor else "system",
        actor_agency_id=actor.agency_id if actor else None,
        actor_staff_number=actor.id if staff else None,
        actor_region_code=actor.region_code if staff else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        detail=detail,
        created_at=now or utcnow(),
    )
    session.add(entry)
    return entry


def _epoch(session: Session, column):
    """Seconds since 1970 of a UTC timestamp column, in the database's own dialect."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.strftime("%s", column), Integer)
    return func.extract("epoch", column)


_READER = (AuditEntry.actor_role, AuditEntry.actor_staff_number, AuditEntry.actor_name, AuditEntry.actor_agency_id)
_OBJECT = (AuditEntry.action, AuditEntry.object_type, AuditEntry.object_id)


def _grouped(session: Session, subject_user_id: int):
    """One row per line: (last_id, count, first_at, last_at), by gaps-and-islands over window functions."""
    keys = (*_READER, *_OBJECT)
    order = (AuditEntry.created_at, AuditEntry.id)
    at = _epoch(session, AuditEntry.created_at)
    previous = func.lag(at).over(partition_by=keys, order_by=order)
    starts = case(
        (or_(AuditEntry.action.not_in(GROUPED_ACTIONS), previous.is_(None), at - previous > GROUP_WINDOW_SECONDS), 1),
        else_=0,
    )
    marked = (
        select(AuditEntry.id, AuditEntry.created_at, *keys, starts.label("starts"))
        .where(AuditEntry.subject_user_id == subject_user_id)
        .subquery()
    )
    mkeys = [marked.c[c.key] for c in keys]
    island = func.sum(marked.c.starts).over(partition_by=mkeys, order_by=(marked.c.created_at, marked.c.id))
    numbered = select(marked, island.label("island")).subquery()
    nkeys = [numbered.c[c.key] for c in keys]
    return (
        select(
            func.max(numbered.c.id).label("last_id"),
            func.count().label("count"),
            func.min(numbered.c.created_at).label("first_at"),
            func.max(numbered.c.created_at).label("last_at"),
        )
        .group_by(*nkeys, numbered.c.island)
        .subquery()
    )


def lines_for(session: Session, subject_user_id: int, page: int = 1, per_page: int = 50) -> Page:
    """The subject's access log as lines, newest first: each with the reader's agency, MPP and a count."""
    groups = _grouped(session, subject_user_id)
    total = session.scalar(select(func.count()).select_from(groups)) or 0
    rows = session.execute(
        select(AuditEntry, groups.c.count, groups.c.first_at, groups.c.last_at)
        .join(groups, AuditEntry.id == groups.c.last_id)
        .order_by(groups.c.last_at.desc(), AuditEntry.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(items=_render(session, rows), page=page, per_page=per_page, total=total)


def export_entries(session: Session, subject_user_id: int) -> list[dict]:
    """Every entry about the subject, one by one, newest first: the data export's access log."""
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.subject_user_id == subject_user_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    return _render(session, [(e, 1, e.created_at, e.created_at) for e in entries])


def _render(session: Session, rows) -> list[dict]:
    agencies, regions = {}, {}
    items = []
    for entry, count, first_at, last_at in rows:
        if entry.actor_agency_id and entry.actor_agency_id not in agencies:
            agencies[entry.actor_agency_id] = catalogue.get_agency(session, entry.actor_agency_id)
        if entry.actor_region_code and entry.actor_region_code not in regions:
            regions[entry.actor_region_code] = _region(session, entry.actor_region_code)
        items.append(_line(entry, count, first_at, last_at, agencies.get(entry.actor_agency_id),
                           regions.get(entry.actor_region_code)))
    return items


def _region(session: Session, code: str):
    try:
        return catalogue.get_region(session, code)
    except Exception:  # a region dropped from the catalogue: the code alone still says where
        return None


def _line(entry: AuditEntry, count: int, first_at, last_at, agency, region) -> dict:
    return {
        "id": entry.id,
        "actor_name": entry.actor_name,
        "actor_role": entry.actor_role,
        "actor_staff_number": entry.actor_staff_number,
        "agency": {"code": agency.code, "short": agency.short, "name": agency.name} if agency else None,
        "region": ({"code": entry.actor_region_code, "name": region.name if region else entry.actor_region_code}
                   if entry.actor_region_code else None),
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "detail": entry.detail,
        "count": count,
        "first_at": _utc(first_at),
        "last_at": _utc(last_at),
        "created_at": entry.created_at,
    }


def _utc(value):
    """Aggregates over a subquery come back without the column type's conversion on some drivers."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value
