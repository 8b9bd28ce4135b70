"""Status names and NIK messages have one source, pwa/i18n-shared.js: the server's messages are
read from it, and the PWA's dictionaries hold no copies of their own."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from backend.i18n import MESSAGES
from backend.sharedlabels import shared_labels

ROOT = Path(__file__).resolve().parents[1]
STATUSES = ("submitted", "in_review", "processing", "needs_revision", "resubmitted", "completed", "rejected", "cancelled")
NIK_CODES = ("digits", "length", "province", "date", "serial", "birth_date_mismatch", "gender_mismatch")


def test_server_status_names_come_from_the_shared_file(app):
    shared = shared_labels()
    for status in STATUSES:
        assert MESSAGES[f"applications.status.{status}"] == shared[f"status.{status}"]
    assert shared["status.in_review"]["id"] == "Sedang diperiksa" and shared["status.resubmitted"]["id"] == "Perbaikan dikirim"


def test_server_nik_messages_come_from_the_shared_file(app):
    shared = shared_labels()
    for code in NIK_CODES:
        assert MESSAGES[f"nik.{code}"] == shared[f"warn.nik.{code}"]


DICTIONARIES = sorted(p.name for p in (ROOT / "pwa").glob("i18n*.js") if p.name != "i18n-shared.js")


def test_every_dictionary_is_checked():
    assert {"i18n.js", "i18n-en.js", "i18n-physical.js", "i18n-account.js"} <= set(DICTIONARIES)


@pytest.mark.parametrize("dictionary", DICTIONARIES)
def test_pwa_dictionaries_hold_no_copies(dictionary):
    source = (ROOT / "pwa" / dictionary).read_text()
    copies = re.findall(r'"((?:status|warn\.nik)\.[a-z_]+|validation\.nik)":', source)
    assert copies == [], f"{dictionary} repeats {copies}: they live in pwa/i18n-shared.js"


def test_the_nik_field_message_is_the_nik_length_warning_on_both_sides(app):
    """The apply form's NIK message: the PWA derives it from the shared file (SAME_AS), the server's
    own message for the same rule must read the same, or this fails."""
    shared = shared_labels()
    assert MESSAGES["applications.field.nik"] == shared["warn.nik.length"]
    source = (ROOT / "pwa/i18n-shared.js").read_text()
    assert re.search(r'const SAME_AS = \{ "validation\.nik": "warn\.nik\.length" \};', source)


def test_the_nik_codes_of_the_pwa_are_the_servers():
    pwa = set(re.findall(r'"(nik\.[a-z_]+)"', (ROOT / "pwa/nik.js").read_text()))
    assert pwa <= {f"nik.{code}" for code in NIK_CODES}, pwa


def test_a_nik_signup_warning_reads_the_same_in_the_api(client):
    """The register API's warning and the PWA's live warning are the same words."""
    from datetime import date

    from backend.accounts.nik import nik_warnings

    codes = nik_warnings("3574014507900001", date(1991, 7, 5), "P")
    assert codes == ["nik.birth_date_mismatch"]
    assert MESSAGES[codes[0]]["id"].startswith("Tanggal lahir pada NIK berbeda")
