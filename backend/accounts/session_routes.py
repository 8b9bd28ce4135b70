"""The signed-in user's sessions (one per sign-in): list them, sign one out."""
from __future__ import annotations

from ..api import Blueprint
from ..extensions import db
from ..timeutil import utcnow
from . import sessions
from .auth import auth_required, current_family_id, current_user
from .schemas import SessionListOut

blp = Blueprint("me_sessions", __name__, url_prefix="/api/me/sessions", description="My signed-in devices")


@blp.get("")
@blp.response(200, SessionListOut)
@auth_required()
def list_sessions():
    """My live sessions; `current` is this one."""
    items = sessions.list_sessions(db.session, current_user().id, now=utcnow(), current_family_id=current_family_id())
    return {"items": items}


@blp.delete("/<id:session_id>")
@blp.response(204)
@auth_required()
def revoke_session(session_id: int):
    """Sign out one of my sessions: its refresh cookie and access tokens stop at once."""
    sessions.revoke_session(db.session, current_user().id, session_id, now=utcnow())
    db.session.commit()
