"""Every list endpoint's envelope comes from backend/pagination.py (Page.envelope, cursor_envelope), never by hand."""
from __future__ import annotations

import pathlib
import re

BACKEND = pathlib.Path(__file__).resolve().parents[1] / "backend"
# the keys of an envelope written out in a dict literal: "per_page": page.per_page, "next_cursor": ...
BY_HAND = re.compile(r"\"(per_page|pages|next_cursor|total_capped)\"\s*:")


def test_no_route_builds_a_page_envelope_by_hand():
    offenders = [f"{path.relative_to(BACKEND)}:{n}: {line.strip()}"
                 for path in BACKEND.rglob("*.py") if path.name not in ("pagination.py", "schemas.py")
                 for n, line in enumerate(path.read_text().splitlines(), 1) if BY_HAND.search(line)]
    assert offenders == []
