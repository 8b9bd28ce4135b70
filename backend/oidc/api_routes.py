"""JSON API of the provider for the app: the consent screen, connected apps, admins' e-service registry."""
from __future__ import annotations

from flask import g
from flask_jwt_extended import get_jwt

from ..accounts.auth import auth_required, current_user
from ..api import Blueprint
from ..errors import Problem
from ..extensions import db
from ..oauth import services as oauth
from ..timeutil import utcnow
from . import provider, services
from .schemas import DecisionIn, EServiceIn, RedirectOut


def _json(status: int, description: str) -> dict:
    """An answer documented as a JSON object (the view returns a dict whose keys it owns)."""
    return {str(status): {"description": description, "content": {"application/json": {"schema": {"type": "object"}}}}}


blp = Blueprint("oidc_api", __name__, url_prefix="/api", description="Sign in to e-services with MPP Digital (docs/oidc.md)")


@blp.get("/oidc/requests/<string:handle>")
@auth_required("resident")
@blp.doc(responses=_json(200, "The e-service, its agency and each data item it asks for, partly masked"))
def get_request(handle: str):
    """What an e-service asks for: its name and agency, each data item partly masked."""
    body = provider.describe(db.session, handle, current_user(), now=utcnow())
    db.session.commit()
    return body


@blp.post("/oidc/requests/<string:handle>")
@auth_required("resident")
@blp.arguments(DecisionIn)
@blp.response(200, RedirectOut)
@blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def decide(data, handle: str):
    """Allow (with the items kept ticked and the picked document) or refuse; returns where to go next."""
    from sqlalchemy import select

    from ..accounts.models import AuthSession

    created = db.session.scalar(select(AuthSession.created_at).where(AuthSession.family_id == g.session_family_id))
    target = provider.decide(
        db.session, handle, current_user(), approve=data["approve"], scopes=data.get("scopes"),
        document_id=data.get("document_id"), session_family_id=get_jwt().get("sid"),
        auth_time=int(created.timestamp()) if created else None, now=utcnow())
    db.session.commit()
    return {"redirect_to": target}


@blp.get("/me/connected-apps")
@auth_required()
@blp.doc(responses=_json(200, "The connected e-services: {items: [...]}"))
def connected_apps():
    """The e-services I allowed: what each may receive, what it last received and when."""
    return {"items": services.connected_apps(db.session, current_user().id)}


@blp.delete("/me/connected-apps/<string:client_id>")
@auth_required()
@blp.response(204)
def disconnect(client_id: str):
    """Withdraw consent: the e-service's tokens stop at once, it must ask again."""
    services.withdraw(db.session, current_user().id, client_id, now=utcnow())
    db.session.commit()


@blp.get("/admin/eservices")
@auth_required("admin")
@blp.doc(responses=_json(200, "Registered e-services: {items: [...]}"))
def list_eservices():
    """Registered e-services (OpenID Connect clients)."""
    return {"items": [oauth.client_dict(c) for c in oauth.list_clients(db.session, "eservice")]}


@blp.post("/admin/eservices")
@auth_required("admin")
@blp.arguments(EServiceIn)
@blp.doc(responses=_json(201, "The registered e-service, with client_secret when one was generated"))
def register_eservice(data):
    """Register an e-service; a generated secret (client_secret_basic) is shown only in this answer."""
    from ..catalogue import services as catalogue

    agency = catalogue.get_agency_by_code(db.session, data["agency_code"])
    if agency is None:
        raise Problem(422, "validation-error", "oidc.app_not_found", errors={"agency_code": [data["agency_code"]]})
    client, secret = oauth.register_client(
        db.session, name=data["name"], kind="eservice", agency_id=agency.id, region_code=data.get("region_code"),
        redirect_uris=data["redirect_uris"], post_logout_redirect_uris=data.get("post_logout_redirect_uris"),
        scopes=sorted(set(data["scopes"]) | {"openid"}), required_scopes=data.get("required_scopes"),
        auth_method=data["token_endpoint_auth_method"], jwks=data.get("jwks"), jwks_uri=data.get("jwks_uri"),
        require_par=data["require_pushed_authorization_requests"], id_token_alg=data["id_token_signed_response_alg"], now=utcnow())
    db.session.commit()
    body = oauth.client_dict(client)
    if secret:
        body["client_secret"] = secret
    return body, 201


@blp.delete("/admin/eservices/<string:client_id>")
@auth_required("admin")
@blp.response(204)
def revoke_eservice(client_id: str):
    """Revoke an e-service: it can no longer sign anyone in, and its tokens stop at once."""
    oauth.revoke_client(db.session, client_id, now=utcnow())
    db.session.commit()
