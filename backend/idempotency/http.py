"""The one HTTP path of an idempotent POST: the key rule, the exactly-once run, the replay header.

Every POST that takes an Idempotency-Key is decorated with idempotent_post (tests/idempotency/
test_one_path.py walks the app's views and fails on one that is not). docs/http.md describes the
rule for clients: the key is a UUID (what the PWA's outbox sends, crypto.randomUUID()), in any
letter case; it is stored in its canonical lower-case form, so one key is one key however sent.
"""
from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Response, current_app, jsonify, request

from ..extensions import db
from ..timeutil import utcnow
from . import services

HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replayed"
# the OpenAPI description of the header, for a route's @blp.doc(parameters=[...])
HEADER_DOC = {"in": "header", "name": HEADER, "required": True, "schema": {"type": "string", "format": "uuid"},
              "description": "A client UUID (the app's outbox sends one); a repeat returns the original answer"}

__all__ = ["HEADER", "HEADER_DOC", "REPLAY_HEADER", "idempotent_post", "request_key"]


def request_key(*, required: bool = True) -> str | None:
    """The request's key by the one rule (a UUID, canonical); 400 if missing or invalid, None if optional and absent."""
    raw = request.headers.get(HEADER)
    if not required and not (raw or "").strip():
        return None
    return services.parse_key(raw, uuid_only=True)


def _response(status: int, body: dict, replayed: bool) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if replayed:
        response.headers[REPLAY_HEADER] = "true"
    return response


def idempotent_post(scope: str, *, attempts: int = 1, required: bool = True,
                    actor_id: Callable[[], int] | None = None):
    """Run the decorated view once per (actor, Idempotency-Key); a repeat gets the stored status and body.

    The view is called as view(*args, key=key, **kwargs), makes its changes without committing and
    returns (status, body dict); it stores the key on the row it inserts (the unique (owner, key)
    there is the last guard). scope names the kind of request, with the view's path arguments as
    in "resubmit:{application_id}"; the parsed body (the view's first argument) and the scope are
    hashed, so the same key on another request is 422. attempts: how often an IntegrityError (a
    lost race on a unique value) is retried. required=False: without a key the view runs once as a
    plain POST. actor_id: whose keys (default the signed-in user).
    """
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            key = request_key(required=required)
            if key is None:
                status, body = view(*args, key=None, **kwargs)
                db.session.commit()
                return _response(status, body, replayed=False)
            if actor_id is None:
                from ..accounts.auth import current_user

                user_id = current_user().id
            else:
                user_id = actor_id()
            result = services.run(
                db.session, user_id=user_id, key=key, scope=scope.format(**kwargs), body=args[0] if args else {},
                now=utcnow(), work=lambda: view(*args, key=key, **kwargs), attempts=attempts,
                takeover=services.takeover_after(current_app.config))
            return _response(result.status, result.body, result.replayed)

        wrapper.idempotency_scope = scope
        return wrapper

    return decorate
