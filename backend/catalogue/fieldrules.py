"""The one source of a form field's rules: patterns, limits and accepted document types.

The form definition the API serves carries each field's `rules` (built here), the PWA's
pwa/fields.js checks a value against exactly those rules, and forms.py validates submissions
with the same ones, so the phone or the resident never learns later, offline, that the server
refuses what the phone accepted. The patterns are written in the common subset of Python `re`
and JavaScript RegExp (anchors, classes, one lookahead).
"""
from __future__ import annotations

import re

# Removed from a phone number before it is checked (and stored): "(0812) 3456-7890" is 081234567890.
PHONE_STRIP = r"[\s\-.()]"
PATTERNS = {
    "nik": r"^\d{16}$",
    # a mobile number: 0, 62 or +62, then 8, 10 to 15 digits in all (021-... landlines are not reachable by SMS)
    "phone": r"^(?=\+?\d{10,15}$)(?:\+62|62|0)8\d+$",
    "email": r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$",
    "date": r"^\d{4}-\d{2}-\d{2}$",
}
MAX_LENGTH = {"text": 500, "textarea": 5000, "phone": 20, "email": 254, "nik": 16}


def accepted_document_types(definition: dict) -> list[str]:
    """The vault types a document field takes: `document_types`, else its one `document_type`."""
    many = definition.get("document_types")
    if many:
        return list(many)
    return [definition["document_type"]] if definition.get("document_type") else []


def rules_for(definition: dict) -> dict:
    """The checks of one field, as served to the client and applied by the server."""
    kind = definition["type"]
    constraints = definition.get("constraints") or {}
    rules: dict = {}
    if kind in PATTERNS:
        rules["pattern"] = PATTERNS[kind]
    if kind == "phone":
        rules["strip"] = PHONE_STRIP
    max_length = constraints.get("max_length") or MAX_LENGTH.get(kind)
    if max_length:
        rules["max_length"] = max_length
    if constraints.get("min_length"):
        rules["min_length"] = constraints["min_length"]
    if kind == "number":
        for bound in ("min", "max"):
            if bound in constraints:
                rules[bound] = constraints[bound]
    if kind == "document":
        rules["document_types"] = accepted_document_types(definition)
    return rules


def with_rules(fields: list[dict]) -> list[dict]:
    """The form's fields as served: each with its `rules`."""
    return [{**definition, "rules": rules_for(definition)} for definition in fields]


def matches(rules: dict, value: str) -> bool:
    """Whether a text value passes the rule's pattern (after stripping what the rule strips)."""
    if "strip" in rules:
        value = re.sub(rules["strip"], "", value)
    # ASCII: JavaScript's \d is 0-9 only; fullmatch: Python's $ would also match before a final newline
    return "pattern" not in rules or re.fullmatch(rules["pattern"], value, re.ASCII) is not None


def normalise(rules: dict, value: str) -> str:
    return re.sub(rules["strip"], "", value) if "strip" in rules else value
