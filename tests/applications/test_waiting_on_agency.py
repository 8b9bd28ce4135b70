"""The "waiting on the agency" set lives in the status machine only (applications/status.py)."""
from __future__ import annotations

import pathlib
import re
from datetime import date

from backend.applications import status
from backend.applications.models import WAITING_SQL, Application
from backend.applications.views import is_overdue

APPLICATIONS = pathlib.Path(__file__).resolve().parents[2] / "backend" / "applications"


def test_the_set_is_the_active_statuses_the_resident_does_not_hold():
    assert set(status.WAITING_ON_AGENCY) == status.ACTIVE - {"needs_revision"}
    assert WAITING_SQL == "status IN ({})".format(", ".join(f"'{s}'" for s in status.WAITING_ON_AGENCY))


def test_overdue_follows_the_set():
    for name in status.STATUSES:
        late = Application(status=name, sla_due_date=date(2026, 1, 1))
        assert is_overdue(late, date(2026, 1, 2)) == (name in status.WAITING_ON_AGENCY)


def test_no_other_module_spells_the_set_out():
    literal = re.compile(r"[\"']submitted[\"'],\s*[\"']in_review[\"'],\s*[\"']processing[\"'],\s*[\"']resubmitted[\"']")
    assert [p.name for p in APPLICATIONS.glob("*.py") if literal.search(p.read_text())] == []
