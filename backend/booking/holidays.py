"""National holidays and collective leave days (the MPPs are closed), from the catalogue's data file."""
from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

HOLIDAYS_FILE = Path(__file__).resolve().parent.parent / "catalogue" / "data" / "holidays.json"


@lru_cache(maxsize=1)
def _holidays() -> dict[date, dict]:
    data = json.loads(HOLIDAYS_FILE.read_text(encoding="utf-8"))
    return {date.fromisoformat(item["date"]): item["name"] for item in data}


def holiday_name(day: date) -> dict | None:
    """{"id": ..., "en": ...} when day is a holiday, else None."""
    return _holidays().get(day)
