"""Writing inbox entries. Callers add them in their own transaction (no commit here)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from .models import Notification


def enqueue(
    session: Session,
    *,
    user_id: int,
    kind: str,
    params: dict,
    application_id: int | None = None,
    url: str | None = None,
) -> Notification:
    """Add a notification for user_id; it commits or rolls back with the caller's change."""
    notification = Notification(user_id=user_id, kind=kind, params=params, application_id=application_id, url=url)
    session.add(notification)
    return notification
