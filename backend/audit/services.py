"""Writing and reading the audit log.

The resident's view groups a run of reads: the queue's check-in, call and serve of one ticket are
three entries but one line ("3 times, 08:05-08:21"). Every entry stays in the table; a read that
continues a run names the run's first entry (group_id) when it is written, so the log's query is
one GROUP BY over the resident's entries and paging counts lines, not entries.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..catalogue import services as catalogue
from ..pagination import Page
from ..timeutil import utcnow
from .models import AuditEntry

# Reads of one object by one reader, each within this many seconds of the previous one, are one line.
GROUP_WINDOW_SECONDS = 30 * 60
# Only looking is grouped; every change stays a line of its own.
GROUPED_ACTIONS = ("read", "download")
# What makes two reads one run: the same reader (as they were then) and the same object.
_RUN_KEYS = ("actor_role", "actor_staff_number", "actor_name", "actor_agency_id", "action", "object_type", "object_id")


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
    if action in GROUPED_ACTIONS:
        entry.group_id = _run_to_join(session, entry)
    session.add(entry)
    return entry


def _same(column, value):
    return column.is_(None) if value is None else column == value


def _run_to_join(session: Session, entry: AuditEntry) -> int | None:
    """The run this read continues: the same reader's last read of the same object, if within the window.

    Two reads at the same instant in two processes may each start a run: two lines instead of one, no harm.
    """
    previous = session.execute(
        select(AuditEntry.id, AuditEntry.group_id, AuditEntry.created_at)
        .where(AuditEntry.subject_user_id == entry.subject_user_id,
               *(_same(getattr(AuditEntry, name), getattr(entry, name)) for name in _RUN_KEYS))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(1)
    ).first()
    if previous is None or (entry.created_at - previous.created_at).total_seconds() > GROUP_WINDOW_SECONDS:
        return None
    return previous.group_id or previous.id


def lines_for(session: Session, subject_user_id: int, page: int = 1, per_page: int = 50) -> Page:
    """The subject's access log as lines, newest first: each with the reader's agency, MPP and a count."""
    line = func.coalesce(AuditEntry.group_id, AuditEntry.id)
    groups = (
        select(func.max(AuditEntry.id).label("last_id"), func.count().label("count"),
               func.min(AuditEntry.created_at).label("first_at"), func.max(AuditEntry.created_at).label("last_at"))
        .where(AuditEntry.subject_user_id == subject_user_id)
        .group_by(line)
        .subquery()
    )
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
