"""The signed-in user's own data: profile, passkeys, access log, export, deletion."""
from __future__ import annotations

import json
from datetime import date, datetime

from flask import Response, after_this_request, current_app
from flask_limiter.util import get_remote_address

from ..api import Blueprint
from ..audit.schemas import AccessLogPageOut
from ..errors import Problem
from ..extensions import db, limiter
from ..pagination import PageArgs
from ..timeutil import utcnow
from ..wiring import registry
from . import limits, passkeys, services
from .auth import auth_required, current_user
from .httpauth import clear_session_cookies
from .recovery_routes import deliver, token_settings
from .schemas import DeleteMeIn, MeOut, MePatchIn, PasskeyListOut, PasskeyOut, PasskeyRenameIn

blp = Blueprint("me", __name__, url_prefix="/api/me", description="My account and personal-data rights")


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


@blp.get("")
@blp.response(200, MeOut)
@auth_required()
def get_me():
    """My profile (what every form is prefilled from)."""
    return services.me_data(db.session, current_user())


@blp.patch("")
@auth_required()
@limits.profile_limit
@blp.arguments(MePatchIn)
@blp.response(200, MeOut)
@blp.doc(responses={403: "FORBIDDEN"})  # answered by the service (see backend/api.py answers_of)
def patch_me(data):
    """Correct my profile (the NIK and role cannot be changed); a new e-mail waits for its confirmation link."""
    user, outgoing = services.update_profile(db.session, current_user(), data, settings=token_settings(), now=utcnow())
    db.session.commit()
    deliver(outgoing)
    return services.me_data(db.session, user)


@blp.get("/passkeys")
@blp.response(200, PasskeyListOut)
@auth_required()
def list_passkeys():
    """My passkeys."""
    return {"items": passkeys.list_passkeys(db.session, current_user().id)}


@blp.patch("/passkeys/<id:passkey_id>")
@auth_required()
@blp.arguments(PasskeyRenameIn)
@blp.response(200, PasskeyOut)
def rename_passkey(data, passkey_id: int):
    """Rename one of my passkeys."""
    passkey = passkeys.rename_passkey(db.session, current_user().id, passkey_id, data["name"].strip())
    db.session.commit()
    return passkey


@blp.delete("/passkeys/<id:passkey_id>")
@blp.response(204)
@auth_required()
def delete_passkey(passkey_id: int):
    """Remove one of my passkeys."""
    passkeys.delete_passkey(db.session, current_user().id, passkey_id)
    db.session.commit()


@blp.get("/access-log")
@auth_required()
@blp.arguments(PageArgs, location="query")
@blp.response(200, AccessLogPageOut)
def access_log(args):
    """Who (officer or admin, role, agency) read or changed my data, and when."""
    page = services.access_log(db.session, current_user(), args["page"], args["per_page"])
    return page.envelope()


@blp.get("/export")
@blp.doc(responses={200: {"description": "All my data as a JSON document"}})
@auth_required()
def export_me():
    """Download all my data as JSON (UU PDP right of access)."""
    data = services.export_data(db.session, current_user(), now=utcnow(), exporters=registry(current_app).exporters)
    response = Response(json.dumps(data, default=_json_default, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="data-saya-mpp-digital.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.delete("")
@auth_required()
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=get_remote_address, deduct_when=lambda r: r.status_code == 403)
@blp.arguments(DeleteMeIn)
@blp.response(204)
@blp.doc(responses={403: "FORBIDDEN"})  # answered by the service (see backend/api.py answers_of)
def delete_me(data):
    """Delete my account after confirming with my password or a passkey."""
    user = current_user()
    if user.role != "resident":
        raise Problem(403, "forbidden", "accounts.staff_delete")
    challenge = None
    if not data.get("password") and data.get("challenge_id"):
        challenge = passkeys.take_challenge(db.session, data["challenge_id"], "login", user_id=None, now=utcnow())
        db.session.commit()  # single use, even if the check below fails
    services.reauthenticate(
        db.session, user, password=data.get("password"), challenge=challenge, credential=data.get("credential"),
        settings=passkeys.WebAuthnSettings.from_config(current_app.config), now=utcnow(),
    )
    services.delete_account(db.session, user, now=utcnow(), erasers=registry(current_app).erasers)
    db.session.commit()
    after_this_request(clear_session_cookies)
