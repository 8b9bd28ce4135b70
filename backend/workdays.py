"""Working-day arithmetic for SLA due dates: Monday to Friday, minus national holidays.

Holidays (including cuti bersama) come from backend/catalogue/data/holidays.json, a list of
{"date": "YYYY-MM-DD", "name": {...}}; without that file only weekends are skipped.
"""
from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

HOLIDAYS_FILE = Path(__file__).resolve().parent / "catalogue" / "data" / "holidays.json"


@lru_cache(maxsize=4)
def holiday_names(path: Path = HOLIDAYS_FILE) -> dict[date, dict]:
    """{date: {"id": ..., "en": ...}} of the data file; empty if it is missing or unreadable."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return {date.fromisoformat(entry["date"]): entry["name"] for entry in entries}
    except FileNotFoundError:
        return {}
    except (ValueError, KeyError, TypeError) as error:
        log.warning("holidays file unreadable (%s): counting weekends only", type(error).__name__)
        return {}


@lru_cache(maxsize=4)
def load_holidays(path: Path = HOLIDAYS_FILE) -> frozenset[date]:
    """The holiday dates of the data file."""
    return frozenset(holiday_names(path))


def holiday_name(day: date) -> dict | None:
    """{"id": ..., "en": ...} when day is a holiday (the MPPs are closed), else None."""
    return holiday_names().get(day)


def is_working_day(day: date, holidays: frozenset[date] | None = None) -> bool:
    holidays = load_holidays() if holidays is None else holidays
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: frozenset[date] | None = None) -> date:
    """The day `days` working days after `start`.

    With days=0 it is `start` itself if that is a working day, else the next working day
    (a same-day service handed in on a Sunday is due on Monday).
    """
    holidays = load_holidays() if holidays is None else holidays
    current = start
    if days <= 0:
        while not is_working_day(current, holidays):
            current += timedelta(days=1)
        return current
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current
