"""Server-side validation of a submission against the exact form version it was filled in.

A marshmallow schema is built from the form definition (cached per version: a published
version never changes). Messages are produced at validation time, so the cache holds no
language; document references are checked against the resident's vault afterwards.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache

from marshmallow import RAISE, Schema, ValidationError, fields, validate
from sqlalchemy.orm import Session

from ..documents import services as documents
from ..errors import Problem
from ..i18n import t
from . import messages  # noqa: F401 - registers the domain's messages

DEFAULT_MAX_LENGTH = {"text": 500, "textarea": 5000}
PHONE_PREFIX = re.compile(r"^(\+62|62|0)8\d+$")


def _required_text(value: str) -> None:
    if not value.strip():
        raise ValidationError(t("applications.field.required"))


def _must_confirm(value: bool) -> None:
    if value is not True:
        raise ValidationError(t("applications.field.must_confirm"))


def _phone(value: str) -> None:
    compact = re.sub(r"[\s\-.()]", "", value)
    digits = compact.lstrip("+")
    if not PHONE_PREFIX.match(compact) or not (10 <= len(digits) <= 15):
        raise ValidationError(t("applications.field.phone"))


def _nik(value: str) -> None:
    try:
        from ..accounts.services import validate_nik
    except ImportError:  # the accounts domain is optional for this check
        validate_nik = None
    if validate_nik is None:
        if not (len(value) == 16 and value.isascii() and value.isdigit()):
            raise ValidationError(t("applications.field.nik"))
        return
    codes = validate_nik(value)
    if codes:
        raise ValidationError([t(code) for code in codes])


class Number(fields.Field):
    """A finite number (JSON number or numeric string); whole numbers come back as int."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValidationError(t("applications.field.number"))
        try:
            number = float(value.strip().replace(",", ".")) if isinstance(value, str) else float(value)
        except ValueError:
            raise ValidationError(t("applications.field.number")) from None
        if not math.isfinite(number):
            raise ValidationError(t("applications.field.number"))
        return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _field_for(definition: dict) -> fields.Field:
    kind = definition["type"]
    required = bool(definition.get("required"))
    constraints = definition.get("constraints") or {}
    checks: list = []
    common = {"required": required, "allow_none": not required}
    if kind in ("text", "textarea"):
        if required:
            checks.append(_required_text)
        checks.append(validate.Length(min=constraints.get("min_length"),
                                      max=constraints.get("max_length") or DEFAULT_MAX_LENGTH[kind]))
        return fields.String(validate=checks, **common)
    if kind == "number":
        if "min" in constraints or "max" in constraints:
            checks.append(validate.Range(min=constraints.get("min"), max=constraints.get("max")))
        return Number(validate=checks, **common)
    if kind == "date":
        return fields.Date(**common)
    if kind == "select":
        return fields.String(validate=validate.OneOf([o["value"] for o in definition.get("options") or []]), **common)
    if kind == "checkbox":
        return fields.Boolean(validate=_must_confirm if required else None, **common)
    if kind == "nik":
        return fields.String(validate=_nik, **common)
    if kind == "phone":
        return fields.String(validate=[_phone, validate.Length(max=20)], **common)
    if kind == "email":
        return fields.Email(validate=validate.Length(max=254), **common)
    if kind == "document":
        return fields.Integer(strict=True, validate=validate.Range(min=1, max=2**31 - 1), **common)
    raise ValueError(f"unknown form field type {kind!r}")


@lru_cache(maxsize=256)
def _schema(form_id: int, fields_json: str) -> Schema:
    definitions = json.loads(fields_json)
    schema_class = Schema.from_dict({d["key"]: _field_for(d) for d in definitions}, name=f"Form{form_id}")
    return schema_class(unknown=RAISE)


def schema_for(form) -> Schema:
    return _schema(form.id, json.dumps(form.fields, sort_keys=True))


def validate_data(session: Session, form, data, *, owner_id: int) -> tuple[dict, list[int]]:
    """The cleaned data of a submission and the vault documents it refers to; 422 on any error.

    Optional fields left empty (null or "") are dropped; document fields must name the
    resident's own documents of the field's document type.
    """
    if not isinstance(data, dict):
        raise Problem(422, "validation-error", "error.validation", errors={"data": ["Not a valid mapping type."]})
    by_key = {d["key"]: d for d in form.fields}
    given = {k: v for k, v in data.items()
             if not (k in by_key and not by_key[k].get("required") and v in (None, ""))}
    try:
        loaded = schema_for(form).load(given)
    except ValidationError as error:
        raise Problem(422, "validation-error", "error.validation", errors={"data": error.messages}) from None
    document_keys = [k for k, d in by_key.items() if d["type"] == "document" and loaded.get(k) is not None]
    owned = documents.owned_documents(session, owner_id, [loaded[k] for k in document_keys], lock=True)
    errors: dict[str, list[str]] = {}
    for key in document_keys:
        document = owned.get(loaded[key])
        expected = by_key[key].get("document_type")
        if document is None:
            errors[key] = [t("applications.field.document_missing")]
        elif expected and document.document_type != expected:
            errors[key] = [t("applications.field.document_type", expected=expected)]
    if errors:
        raise Problem(422, "validation-error", "error.validation", errors={"data": errors})
    clean = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in loaded.items()}
    for key, definition in by_key.items():
        if definition["type"] == "phone" and isinstance(clean.get(key), str):
            clean[key] = re.sub(r"[\s\-.()]", "", clean[key])
    return clean, sorted({loaded[k] for k in document_keys})
