"""Working days: Monday-Friday minus the national holidays of the data file."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backend.workdays import add_working_days, is_working_day, load_holidays

NONE: frozenset[date] = frozenset()


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 11, 23), 1, date(2026, 11, 24)),  # Monday -> Tuesday
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday -> Monday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday -> Monday
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # a full week
        (date(2026, 11, 23), 0, date(2026, 11, 23)),  # same day
        (date(2026, 11, 29), 0, date(2026, 11, 30)),  # same-day service received on Sunday
    ],
)
def test_weekends_are_skipped(start, days, due):
    assert add_working_days(start, days, NONE) == due


def test_holidays_from_the_data_file_are_skipped():
    holidays = load_holidays()
    assert date(2025, 12, 25) in holidays
    assert not is_working_day(date(2025, 12, 25), holidays)
    assert add_working_days(date(2025, 12, 24), 1, holidays) == date(2025, 12, 29)
    assert add_working_days(date(2025, 12, 24), 1, NONE) == date(2025, 12, 25)


def test_missing_or_broken_file_means_weekends_only(tmp_path: Path):
    assert load_holidays(tmp_path / "missing.json") == frozenset()
    broken = tmp_path / "broken.json"
    broken.write_text("[{\"tanggal\": 1}]")
    assert load_holidays(broken) == frozenset()
