"""`flask oidc ...`: register e-services, list them, revoke one, rotate the signing key."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from ..timeutil import utcnow

oidc_cli = AppGroup("oidc", help="OpenID Connect provider: e-services and signing keys.")


def _json(value) -> str:
    return json.dumps(value, indent=2, default=str, ensure_ascii=False)


@oidc_cli.command("register-client")
@click.option("--name", required=True, help='E-service name, e.g. "Izin Usaha Mikro, Kota Probolinggo".')
@click.option("--agency", "agency_code", required=True, help="Agency code (catalogue), e.g. DPMPTSP.")
@click.option("--region", "region_code", default=None, help="Kemendagri region code, e.g. 35.74.")
@click.option("--redirect-uri", "redirect_uris", multiple=True, required=True)
@click.option("--post-logout-redirect-uri", "post_logout", multiple=True)
@click.option("--scope", "scopes", multiple=True, required=True,
              help="Repeat: openid profile nik birthdate gender address phone email document.")
@click.option("--required-scope", "required_scopes", multiple=True)
@click.option("--auth-method", type=click.Choice(["private_key_jwt", "client_secret_basic"]), default="private_key_jwt")
@click.option("--jwks-file", type=click.Path(exists=True, dir_okay=False), default=None, help="The e-service's public JWKS.")
@click.option("--jwks-uri", default=None)
@click.option("--require-par", is_flag=True, default=False)
@click.option("--id-token-alg", type=click.Choice(["ES256", "RS256"]), default="ES256")
@click.option("--client-id", default=None, help="Reuse this id if it exists (idempotent `make run`): prints the existing client.")
def register_client(name, agency_code, region_code, redirect_uris, post_logout, scopes, required_scopes, auth_method,
                    jwks_file, jwks_uri, require_par, id_token_alg, client_id):
    """Register an e-service and print it as JSON (with its secret, shown once, for client_secret_basic)."""
    from sqlalchemy import select

    from ..catalogue import services as catalogue
    from ..oauth import services as oauth
    from ..oauth.models import OAuthClient

    agency = catalogue.get_agency_by_code(db.session, agency_code)
    if agency is None:
        raise click.BadParameter(f"unknown agency {agency_code}", param_hint="--agency")
    jwks = json.loads(Path(jwks_file).read_text()) if jwks_file else None
    existing = db.session.scalar(select(OAuthClient).where(OAuthClient.client_id == client_id)) if client_id else None
    if existing is not None:
        if jwks:
            existing.jwks, existing.redirect_uris = jwks, list(redirect_uris)
            db.session.commit()
        click.echo(_json(oauth.client_dict(existing)))
        return
    try:
        client, secret = oauth.register_client(
            db.session, name=name, agency_id=agency.id, region_code=region_code, redirect_uris=list(redirect_uris),
            post_logout_redirect_uris=list(post_logout), scopes=sorted(set(scopes) | {"openid"}),
            required_scopes=list(required_scopes), auth_method=auth_method, jwks=jwks, jwks_uri=jwks_uri,
            require_par=require_par, id_token_alg=id_token_alg, now=utcnow())
    except Exception as exc:  # a Problem: print its field errors, not a traceback
        raise click.ClickException(f"{exc}: {getattr(exc, 'errors', '')}") from None
    if client_id:
        client.client_id = client_id
    db.session.commit()
    body = oauth.client_dict(client)
    if secret:
        body["client_secret"] = secret
    click.echo(_json(body))


@oidc_cli.command("list-clients")
def list_clients():
    """Print every registered client as JSON."""
    from ..oauth import services as oauth

    click.echo(_json([oauth.client_dict(c) for c in oauth.list_clients(db.session)]))


@oidc_cli.command("revoke-client")
@click.argument("client_id")
def revoke_client(client_id):
    """Revoke a client: it cannot sign anyone in any more and its tokens stop at once."""
    from ..oauth import services as oauth

    oauth.revoke_client(db.session, client_id, now=utcnow())
    db.session.commit()
    click.echo(f"revoked {client_id}")


@oidc_cli.command("rotate-key")
def rotate_key():
    """Make a new ES256 signing key (used from the next restart); the previous two stay published."""
    from . import keys

    if current_app.config.get("OIDC_SIGNING_KEYS"):
        raise click.ClickException("OIDC_SIGNING_KEYS comes from the environment: rotate it there (docs/oidc.md).")
    click.echo(keys.rotate(Path(current_app.instance_path)))


def init_app(app) -> None:
    app.cli.add_command(oidc_cli)
