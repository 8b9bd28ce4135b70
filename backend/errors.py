"""One error shape for every error: application/problem+json (RFC 9457), localised."""
from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from .i18n import MESSAGES, current_language, t, translate_field_message

log = logging.getLogger(__name__)

PROBLEM_MIMETYPE = "application/problem+json"


class Problem(Exception):
    """A domain error with a stable code, an HTTP status and a localised detail.

    Services raise it; the handler below turns it into problem+json.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message_key: str | None = None,
        *,
        errors: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message_key = message_key
        self.errors = errors
        self.headers = headers or {}
        self.params = extra.pop("params", {})
        self.extra = extra


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
):
    lang = current_language()
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": t(f"status.{status}", lang) if f"status.{status}" in MESSAGES else HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_MIMETYPE
    response.headers["Content-Language"] = lang
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """webargs nests messages by location and field; flatten to {"field.sub": [...]}."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
    elif isinstance(messages, (list, tuple)):
        if all(isinstance(m, str) for m in messages):
            out[prefix or "_schema"] = list(messages)
        else:
            for i, value in enumerate(messages):
                out.update(_flatten(value, f"{prefix}.{i}" if prefix else str(i)))
    else:
        out[prefix or "_schema"] = [str(messages)]
    return out


def localise_errors(messages: Any) -> dict[str, list[str]]:
    lang = current_language()
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict) and set(messages) <= {"json", "query", "form", "files", "headers", "view_args", "path"}:
        for location_messages in messages.values():
            flat.update(_flatten(location_messages))
    else:
        flat = _flatten(messages)
    return {k: [translate_field_message(m, lang) for m in v] for k, v in flat.items()}


_STATUS_DETAIL = {
    404: "error.not_found",
    405: "error.method_not_allowed",
    413: "error.too_large",
    429: "error.rate_limited",
    401: "error.auth_required",
    403: "error.forbidden",
}

_STATUS_CODE = {
    400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found",
    405: "method-not-allowed", 409: "conflict", 413: "payload-too-large",
    415: "unsupported-media-type", 422: "validation-error", 429: "rate-limited",
}


def handle_http_exception(error: HTTPException):
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    headers = dict(data.get("headers") or {}) if isinstance(data, dict) else {}
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if messages:
        errors = localise_errors(messages)
        is_json_error = any("JSON" in m for msgs in errors.values() for m in msgs) and status == 400
        code = "invalid-json" if is_json_error else "validation-error"
        detail = t("error.invalid_json" if is_json_error else "error.validation")
        # webargs answers 422 for schema errors: keep it.
        return problem_response(status, code, detail, errors=errors, headers=headers)
    key = _STATUS_DETAIL.get(status)
    detail = t(key) if key else (error.description or "")
    if status == 400 and not key:
        detail = t("status.400") + "."
    response = problem_response(status, _STATUS_CODE.get(status, f"http-{status}"), detail, headers=headers)
    if status == 429:
        retry = getattr(error, "retry_after", None)
        if retry:
            response.headers["Retry-After"] = str(int(retry))
    return response


def handle_problem(error: Problem):
    detail = t(error.message_key, **error.params) if error.message_key else t(f"status.{error.status}")
    errors = None
    if error.errors:
        errors = localise_errors(error.errors)
    return problem_response(error.status, error.code, detail, errors=errors, headers=error.headers, **error.extra)


def handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    log.exception("unhandled error: %s", type(error).__name__)
    return problem_response(500, "internal-error", t("error.internal"))


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(Problem, handle_problem)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
