"""The one way request input is read: a JSON loader with limits, and one rule for control characters.

Every JSON body (flask-smorest's webargs parser and `request.get_json`) goes through `loads`:
UTF-8 only, at most MAX_DEPTH levels, numbers of at most MAX_NUMBER_CHARS characters, no NaN or
Infinity. Deep nesting made RecursionError and a 5,000-digit integer ValueError (Python's limit
on int()), both 500s. Every string of a body, a query string or a form, keys included, must be
free of control characters (tab, newline and carriage return aside): PostgreSQL refuses NUL in
text and jsonb, and no form field has a use for the others.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

import flask
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from .errors import Problem
from .i18n import t

MAX_DEPTH = 64
MAX_NUMBER_CHARS = 40
MAX_ERRORS = 20
# C0 controls except \t \n \r, DEL and the C1 controls
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class InvalidJson(Problem, ValueError):
    """400 invalid-json; a ValueError too, so `request.get_json(silent=True)` gives None."""

    def __init__(self) -> None:
        super().__init__(400, "invalid-json", "error.invalid_json")


def has_control_characters(text: str) -> bool:
    """The one rule for text input."""
    return CONTROL_CHARACTERS.search(text) is not None


def control_character_problem(names: list[str]) -> Problem:
    """422 with the offending fields named, in the request's language."""
    message = t("error.control_character")
    return Problem(422, "validation-error", "error.validation", errors={name: [message] for name in names[:MAX_ERRORS]})


def _field_name(key: Any) -> str:
    # a key with a control character in it is itself the bad field: name it escaped
    text = str(key)
    return json.dumps(text)[1:-1] if has_control_characters(text) else text


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise InvalidJson()
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text) if len(text) <= MAX_NUMBER_CHARS else math.inf
    if not math.isfinite(value):  # 1e400 parses as inf
        raise InvalidJson()
    return value


def _parse_constant(_name: str):
    raise InvalidJson()  # NaN, Infinity and -Infinity are not JSON


def _check(document: Any) -> None:
    """Depth and control characters, walked with an explicit stack (never recursion)."""
    bad: list[str] = []
    stack: list[tuple[Any, str, int]] = [(document, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            if has_control_characters(value):
                bad.append(path or "_schema")
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth > MAX_DEPTH:
            raise InvalidJson()
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            name = f"{path}.{_field_name(key)}" if path else _field_name(key)
            if isinstance(key, str) and has_control_characters(key):
                bad.append(name)
            stack.append((item, name, depth + 1))
    if bad:
        raise control_character_problem(sorted(bad))


def loads(data: bytes | str) -> Any:
    """Parse a request body, or raise InvalidJson (400) or a 422 naming control-character fields."""
    if isinstance(data, (bytes, bytearray)):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidJson() from None
    try:
        document = json.loads(data, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)
        # a lone surrogate ("\ud800") decodes but cannot be stored or re-encoded
        if "\\ud" in data.lower():
            json.dumps(document, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError, UnicodeEncodeError) as error:
        if isinstance(error, InvalidJson):
            raise
        raise InvalidJson() from None
    _check(document)
    return document


class _JsonModule:
    loads = staticmethod(loads)
    dumps = staticmethod(flask.json.dumps)


_JSON_MODULE = _JsonModule()


class Request(flask.Request):
    """`request.get_json()` uses the same loader; its failures keep our problem."""

    @property
    def json_module(self):
        return _JSON_MODULE

    @json_module.setter
    def json_module(self, _provider) -> None:
        pass  # Flask sets app.json on every request; a request body keeps the loader with limits

    def on_json_loading_failed(self, e: ValueError | None) -> Any:
        if e is None:  # not a JSON content type: Flask's 415 stays
            return super().on_json_loading_failed(e)
        if isinstance(e, Problem):
            raise e
        raise InvalidJson()


class BodyParser(FlaskParser):
    """webargs parser for every blueprint: bodies through `loads`, query and form strings checked."""

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json_request(req):
            return core.missing
        data = req.get_data(cache=True)
        if not data.strip():
            return core.missing  # as webargs does: an absent body, then "required" decides
        return loads(data)

    def load_querystring(self, req: flask.Request, schema) -> Any:
        _check_multidict(req.args)
        return super().load_querystring(req, schema)

    def load_form(self, req: flask.Request, schema) -> Any:
        _check_multidict(req.form)
        return super().load_form(req, schema)


def _check_multidict(values) -> None:
    bad = sorted({_field_name(key) for key, value in values.items(multi=True)
                  if has_control_characters(key) or has_control_characters(value)})
    if bad:
        raise control_character_problem(bad)


def init_app(app: flask.Flask) -> None:
    app.request_class = Request
