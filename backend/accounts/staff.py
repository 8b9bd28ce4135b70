"""Staff names: residents read them in their access log, so only an admin changes them, and audited."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..audit import services as audit
from .models import User


def rename_staff(session: Session, admin: User, staff_id: int, full_name: str) -> User:
    """Give an officer or admin a new name; the change is an audit entry in the staff member's own log.

    Raises ValueError when the acting account is not an admin or the target is not staff.
    """
    full_name = " ".join((full_name or "").split())
    if not 1 <= len(full_name) <= 100:
        raise ValueError("the name must have 1 to 100 characters")
    if admin is None or admin.role != "admin":
        raise ValueError("only an admin can rename staff")
    if admin.id == staff_id:
        raise ValueError("an admin cannot rename themselves: ask another admin (four eyes)")
    staff = session.get(User, staff_id)
    if staff is None or staff.role == "resident":
        raise ValueError(f"no officer or admin with id {staff_id}")
    previous = staff.full_name
    if previous == full_name:
        return staff
    staff.full_name = full_name
    audit.record(session, actor=admin, subject_user_id=staff.id, action="update", object_type="profile",
                 object_id=staff.id, detail=f"full_name: {previous} -> {full_name}")
    session.flush()
    return staff
