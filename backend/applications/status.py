"""The application status machine, in one place: who may move an application where.

submitted -> in_review -> processing -> completed | rejected;
in_review/processing -> needs_revision -> resubmitted -> in_review;
the resident may cancel before a review starts (submitted, resubmitted).
"""
from __future__ import annotations

from ..errors import Problem
from ..i18n import t

STATUSES = (
    "submitted", "in_review", "processing", "needs_revision", "resubmitted", "completed", "rejected", "cancelled",
)
FINAL = frozenset({"completed", "rejected", "cancelled"})
ACTIVE = frozenset(STATUSES) - FINAL
# the statuses in which the agency has the next step (an overdue application is one of these);
# a tuple in STATUSES order: the worklist's partial index is built from it
WAITING_ON_RESIDENT = frozenset({"needs_revision"})
WAITING_ON_AGENCY = tuple(s for s in STATUSES if s in ACTIVE - WAITING_ON_RESIDENT)

# (from, to) -> the kind of actor allowed: "staff" (officer/admin) or "resident" (the owner)
TRANSITIONS: dict[tuple[str, str], str] = {
    ("submitted", "in_review"): "staff",
    ("resubmitted", "in_review"): "staff",
    ("in_review", "processing"): "staff",
    ("in_review", "needs_revision"): "staff",
    ("in_review", "rejected"): "staff",
    ("processing", "needs_revision"): "staff",
    ("processing", "completed"): "staff",
    ("processing", "rejected"): "staff",
    ("needs_revision", "resubmitted"): "resident",
    ("submitted", "cancelled"): "resident",
    ("resubmitted", "cancelled"): "resident",
}

# a resident must be told why
NOTE_REQUIRED = frozenset({"needs_revision", "rejected"})


def allowed_targets(current: str, actor_kind: str) -> list[str]:
    return [to for (frm, to), who in TRANSITIONS.items() if frm == current and who == actor_kind]


def check_transition(current: str, target: str, actor_kind: str) -> None:
    """Raise a 409 problem (localised, naming the allowed moves) unless current -> target is allowed."""
    if target not in STATUSES:
        raise Problem(422, "validation-error", "error.validation", errors={"to": [t("applications.unknown_status")]})
    if TRANSITIONS.get((current, target)) != actor_kind:
        allowed = allowed_targets(current, actor_kind)
        raise Problem(
            409, "illegal-transition", "applications.illegal_transition",
            params={"current": _label(current), "target": _label(target)},
            current_status=current, target_status=target, allowed=allowed,
        )


def _label(status: str) -> str:
    return t(f"applications.status.{status}")
