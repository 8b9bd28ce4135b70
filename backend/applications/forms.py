"""Server-side validation of a submission against the exact form version it was filled in.

A marshmallow schema is built from the form definition (cached per version: a published
version never changes). Messages are produced at validation time, so the cache holds no
language; document references are checked against the resident's vault afterwards.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

from marshmallow import RAISE, Schema, ValidationError, fields, validate
from sqlalchemy.orm import Session

from ..api import JsonBoolean
from ..catalogue.fieldrules import accepted_document_types, matches, normalise, rules_for
from ..documents import services as documents
from ..errors import Problem
from ..i18n import t


def _required_text(value: str) -> None:
    if not value.strip():
        raise ValidationError(t("applications.field.required"))


def _must_confirm(value: bool) -> None:
    if value is not True:
        raise ValidationError(t("applications.field.must_confirm"))


def _pattern(rules: dict, message_key: str):
    """The served rule's pattern as a marshmallow validator (the client applies the same one)."""

    def check(value: str) -> None:
        if not matches(rules, value):
            raise ValidationError(t(message_key))

    return check


def _nik(value: str) -> None:
    from ..accounts.services import validate_nik

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


class DateText(fields.Date):
    """An ISO date written YYYY-MM-DD exactly, as the served rule says (fromisoformat also takes 20260203)."""

    def __init__(self, rules: dict, **kwargs):
        super().__init__(**kwargs)
        self.rules = rules

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not matches(self.rules, value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def _field_for(definition: dict) -> fields.Field:
    kind = definition["type"]
    required = bool(definition.get("required"))
    rules = rules_for(definition)
    checks: list = []
    common = {"required": required, "allow_none": not required}
    length = validate.Length(min=rules.get("min_length"), max=rules.get("max_length"))
    if kind in ("text", "textarea"):
        if required:
            checks.append(_required_text)
        checks.append(length)
        return fields.String(validate=checks, **common)
    if kind == "number":
        if "min" in rules or "max" in rules:
            checks.append(validate.Range(min=rules.get("min"), max=rules.get("max")))
        return Number(validate=checks, **common)
    if kind == "date":
        return DateText(rules, **common)
    if kind == "select":
        return fields.String(validate=validate.OneOf([o["value"] for o in definition.get("options") or []]), **common)
    if kind == "checkbox":
        return JsonBoolean(validate=_must_confirm if required else None, **common)
    if kind == "nik":
        return fields.String(validate=_nik, **common)
    if kind == "phone":
        return fields.String(validate=[length, _pattern(rules, "applications.field.phone")], **common)
    if kind == "email":
        return fields.String(validate=[length, _pattern(rules, "applications.field.email")], **common)
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
        accepted = accepted_document_types(by_key[key])
        if document is None:
            errors[key] = [t("applications.field.document_missing")]
        elif accepted and document.document_type not in accepted:
            errors[key] = [t("applications.field.document_type", expected=", ".join(accepted))]
    if errors:
        raise Problem(422, "validation-error", "error.validation", errors={"data": errors})
    clean = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in loaded.items()}
    for key, definition in by_key.items():
        if definition["type"] == "phone" and isinstance(clean.get(key), str):
            clean[key] = normalise(rules_for(definition), clean[key])
    return clean, sorted({loaded[k] for k in document_keys})
