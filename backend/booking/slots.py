"""Slot generation: a region's opening hours, in its own time zone, cut into fixed-length slots."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, the MPP's local time
    end: datetime

    @property
    def label(self) -> str:
        return self.start.strftime("%H:%M")


def _parse(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def opening_window(opening_hours: dict, day: date) -> tuple[time, time] | None:
    """(open, close) of the weekday of day, or None when the MPP is closed that weekday."""
    hours = (opening_hours or {}).get(WEEKDAYS[day.weekday()])
    if not hours or len(hours) != 2:
        return None
    return _parse(hours[0]), _parse(hours[1])


def day_slots(opening_hours: dict, timezone: str, day: date, slot_minutes: int) -> list[Slot]:
    """Every whole slot between opening and closing time of day (a last partial slot is dropped)."""
    window = opening_window(opening_hours, day)
    if window is None or slot_minutes <= 0:
        return []
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, window[0], tzinfo=zone)
    close = datetime.combine(day, window[1], tzinfo=zone)
    step = timedelta(minutes=slot_minutes)
    slots = []
    while start + step <= close:
        slots.append(Slot(start, start + step))
        start += step
    return slots


def find_slot(slots: list[Slot], label: str) -> Slot | None:
    return next((s for s in slots if s.label == label), None)


def local_today(timezone: str, now: datetime) -> date:
    """The calendar date at the MPP at the instant now."""
    return now.astimezone(ZoneInfo(timezone)).date()


def as_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)
