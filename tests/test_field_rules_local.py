"""The sign-up and profile screens check phone, e-mail and NIK with the same rules as the server."""
import json
import re
from pathlib import Path

import pytest
from marshmallow import ValidationError

from backend.accounts.schemas import check_phone
from backend.catalogue.fieldrules import PATTERNS, PHONE_STRIP

FIELDS_JS = Path(__file__).resolve().parent.parent / "pwa" / "fields.js"


def _local_rules() -> dict:
    block = re.search(r"const LOCAL_RULES = \{(.*?)\n\};", FIELDS_JS.read_text(), re.S).group(1)
    rules = {}
    for kind, body in re.findall(r"^\s*(\w+): \{(.*)\},?$", block, re.M):
        rules[kind] = {name: json.loads(value) for name, value in re.findall(r'(\w+): ("(?:[^"\\]|\\.)*")', body)}
    return rules


def test_pwa_local_rules_equal_the_servers():
    local = _local_rules()
    assert set(local) == {"phone", "email", "nik"}
    for kind, rules in local.items():
        assert rules["pattern"] == PATTERNS[kind], kind
    assert local["phone"]["strip"] == PHONE_STRIP


@pytest.mark.parametrize("value, ok", [
    ("081234567890", True), ("+62 812-3456-7890", True), ("(0812) 3456 7890", True), ("0812.3456.7890", True),
    ("021-5551234", False), ("12345", False), ("abc", False),
])
def test_account_phone_uses_the_form_rule(ctx, value, ok):
    if ok:
        check_phone(value)
    else:
        with pytest.raises(ValidationError):
            check_phone(value)
