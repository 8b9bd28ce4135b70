"""Kinerja MPP: the monthly numbers of one MPP's agencies, computed by SQL aggregates.

Definitions (docs/mpp.md says the same in words):
- applications: received in the month (local time at the MPP); completed, completed on time (on or
  before the due date the service standard gave at submission) and the median processing time in
  working days, by the month they were completed;
- IKM: the surveys answered in the month, with its band and number of respondents; fewer than
  SUPPRESS_BELOW respondents and the cell is suppressed (no value, no count);
- complaints: received in the month; answered, answered on time (by their due date) and the median
  answer time in working days, by the month they were answered;
- consultations: like complaints, against their own due date (consultation.services.ANSWER_DAYS);
- queue: tickets of the month served and no-shows, and the median wait from check-in to call.

Each query groups by agency and month (or by the pair of days a median needs), so the rows read back
stay a few thousand for a year of one MPP, however many applications there are.
"""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Integer, case, cast, func, select, text
from sqlalchemy.orm import Session

from ..applications.models import Application, ApplicationEvent
from ..booking.models import Booking
from ..catalogue import services as catalogue
from ..consultation.models import Consultation
from ..feedback import ikm
from ..feedback.models import ELEMENT_CODES, Complaint, Survey
from ..timeutil import utcnow, zone_abbreviation
from ..workdays import is_working_day

SUPPRESS_BELOW = 5
FIRST_YEAR = 2020
LAST_YEAR = 2100


# -- SQL expressions that differ between PostgreSQL and SQLite ---------------------------------


class _Dialect:
    def __init__(self, session: Session, timezone: str, year: int):
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self.timezone = timezone
        # Indonesia keeps no daylight saving time: one offset holds all year
        offset = ZoneInfo(timezone).utcoffset(datetime(year, 7, 1))
        self.offset_hours = int(offset.total_seconds() // 3600) if offset else 0

    def local_day(self, column):
        """The MPP's local date of a UTC timestamp column."""
        if self.postgres:
            return cast(func.timezone(self.timezone, column), Date)
        return func.date(column, f"{self.offset_hours:+d} hours")

    def month_of_timestamp(self, column):
        if self.postgres:
            return func.to_char(func.timezone(self.timezone, column), "YYYY-MM")
        return func.strftime("%Y-%m", column, f"{self.offset_hours:+d} hours")

    def month_of_date(self, column):
        return func.to_char(column, "YYYY-MM") if self.postgres else func.strftime("%Y-%m", column)

    def minutes_between(self, start, end):
        if self.postgres:
            return cast(func.round(func.extract("epoch", end - start) / 60), Integer)
        return cast(func.round((func.julianday(end) - func.julianday(start)) * 1440), Integer)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def median(histogram: Counter) -> float | None:
    """The median of a {value: count} histogram (the mean of the two middle values for an even count)."""
    total = sum(histogram.values())
    if total == 0:
        return None
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value in sorted(histogram):
        seen += histogram[value]
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
    return round(sum(found) / 2, 1)


def ikm_value(sums: Counter, respondents: int) -> tuple[Decimal, str | None]:
    """The IKM and its band, as ikm.compute gives them, without the per-element breakdown.

    With the nine equal weights, the mean of the element means is the grand total over 9 x respondents.
    """
    value = ikm.round_half_up(Fraction(sum(sums.values()), 9 * respondents) * 25)
    return value, ikm.band_for(value)[0]


# -- accumulating cells ------------------------------------------------------------------------


class _Answers:
    """Questions or complaints: received, answered, answered on time, and the answer times (working days)."""

    def __init__(self):
        self.received = 0
        self.answered = 0
        self.on_time = 0
        self.days = Counter()

    def add(self, other: _Answers) -> None:
        self.received += other.received
        self.answered += other.answered
        self.on_time += other.on_time
        self.days.update(other.days)

    def out(self) -> dict:
        return {"received": self.received, "answered": self.answered, "answered_on_time": self.on_time,
                "median_days": median(self.days)}


class _Cell:
    """The numbers of one agency (or the whole MPP) in one period."""

    def __init__(self):
        self.received = 0
        self.completed = 0
        self.on_time = 0
        self.processing = Counter()
        self.respondents = 0
        self.sums = Counter()
        self.complaints = _Answers()
        self.consultations = _Answers()
        self.served = 0
        self.no_show = 0
        self.waits = Counter()

    def add(self, other: _Cell) -> None:
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                getattr(self, name).update(value)
            elif isinstance(value, _Answers):
                getattr(self, name).add(value)
            else:
                setattr(self, name, getattr(self, name) + value)

    def out(self) -> dict:
        result = ikm_value(self.sums, self.respondents) if self.respondents >= SUPPRESS_BELOW else None
        return {
            "applications": {
                "received": self.received, "completed": self.completed, "completed_on_time": self.on_time,
                "median_days": median(self.processing),
            },
            "ikm": {
                "respondents": self.respondents if result else None,
                "suppressed": 0 < self.respondents < SUPPRESS_BELOW,
                "value": str(result[0]) if result else None,
                "band": result[1] if result else None,
            },
            "complaints": self.complaints.out(),
            "consultations": self.consultations.out(),
            "queue": {"served": self.served, "no_show": self.no_show, "median_wait_minutes": median(self.waits)},
        }


class _Table:
    """Cells by (agency id or None for the whole MPP, month or None for the year)."""

    def __init__(self):
        self.cells: dict[tuple[int | None, str | None], _Cell] = defaultdict(_Cell)

    def cell(self, agency_id: int, month: str) -> _Cell:
        """The cell a row counts in: its agency and month (roll_up adds the year and the whole MPP)."""
        return self.cells[(agency_id, month)]

    def roll_up(self) -> None:
        """Each agency's year, and the whole MPP by month and by year, from the agency-month cells."""
        for (agency_id, month), cell in list(self.cells.items()):
            for key in ((agency_id, None), (None, month), (None, None)):
                self.cells[key].add(cell)


def _year_bounds(year: int, timezone: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(timezone)
    start = datetime(year, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    return start, end


def _durations(rows) -> Iterable[tuple[int, str, int, int, int]]:
    """(agency, day in, day done, count, on time) rows -> (agency, month done, working days, count, on time).

    Working days come from one pass over the calendar of the days seen (an ordinal per day), so a
    year of rows costs one dictionary look-up each."""
    rows = [(agency_id, _as_date(came_in), _as_date(done), count, int(on_time or 0))
            for agency_id, came_in, done, count, on_time in rows]
    if not rows:
        return
    ordinal, day, last, counted = {}, min(r[1] for r in rows), max(r[2] for r in rows), 0
    while day <= last:
        counted += is_working_day(day)
        ordinal[day] = counted
        day += timedelta(days=1)
    for agency_id, came_in, done, count, on_time in rows:
        yield agency_id, done.strftime("%Y-%m"), max(ordinal[done] - ordinal[came_in], 0), count, on_time


def _months(year: int, today: date) -> list[str]:
    last = 12 if year < today.year else today.month
    return [f"{year}-{month:02d}" for month in range(1, last + 1)]


def _applications(session: Session, table: _Table, sql: _Dialect, code: str, start: datetime, end: datetime):
    month = sql.month_of_timestamp(Application.received_at).label("period")
    received = (
        select(Application.agency_id, month, func.count())
        .where(Application.region_code == code, Application.received_at >= start, Application.received_at < end)
        .group_by(Application.agency_id, month)
    )
    for agency_id, month, count in session.execute(received):
        cell = table.cell(agency_id, month)
        cell.received += count
    done_day = sql.local_day(ApplicationEvent.at)
    in_day = sql.local_day(Application.received_at).label("day_in")
    completed = (
        select(Application.agency_id, in_day, done_day.label("day_done"), func.count(),
               func.sum(case((done_day <= Application.sla_due_date, 1), else_=0)))
        .join(ApplicationEvent, ApplicationEvent.application_id == Application.id)
        .where(Application.region_code == code, ApplicationEvent.status == "completed",
               ApplicationEvent.at >= start, ApplicationEvent.at < end)
        .group_by(Application.agency_id, in_day, text("day_done"))
    )
    for agency_id, month, took, count, on_time in _durations(session.execute(completed)):
        cell = table.cell(agency_id, month)
        cell.completed += count
        cell.on_time += on_time
        cell.processing[took] += count


def _surveys(session: Session, table: _Table, sql: _Dialect, code: str, year: int):
    month = sql.month_of_date(Survey.local_date).label("period")
    sums = [func.sum(getattr(Survey, element)) for element in ELEMENT_CODES]
    query = (
        select(Survey.agency_id, month, func.count(), *sums)
        .where(Survey.region_code == code, Survey.local_date >= date(year, 1, 1), Survey.local_date <= date(year, 12, 31))
        .group_by(Survey.agency_id, month)
    )
    for agency_id, period, count, *element_sums in session.execute(query):
        cell = table.cell(agency_id, period)
        cell.respondents += count
        cell.sums.update(dict(zip(ELEMENT_CODES, (int(s or 0) for s in element_sums), strict=True)))


def _answered(session: Session, table: _Table, sql: _Dialect, model, part: str, code: str, start: datetime,
              end: datetime):
    """Complaints or consultations (model, the cell's part): received by month, answered with their times."""
    month = sql.month_of_timestamp(model.created_at).label("period")
    received = (
        select(model.agency_id, month, func.count())
        .where(model.region_code == code, model.created_at >= start, model.created_at < end)
        .group_by(model.agency_id, month)
    )
    for agency_id, period, count in session.execute(received):
        getattr(table.cell(agency_id, period), part).received += count
    in_day, answer_day = sql.local_day(model.created_at).label("day_in"), sql.local_day(model.answered_at)
    answered = (
        select(model.agency_id, in_day, answer_day.label("day_done"), func.count(),
               func.sum(case((answer_day <= model.due_date, 1), else_=0)))
        .where(model.region_code == code, model.answered_at >= start, model.answered_at < end)
        .group_by(model.agency_id, in_day, text("day_done"))
    )
    for agency_id, month_done, took, count, on_time in _durations(session.execute(answered)):
        answers = getattr(table.cell(agency_id, month_done), part)
        answers.answered += count
        answers.on_time += on_time
        answers.days[took] += count


def _queue(session: Session, table: _Table, sql: _Dialect, code: str, year: int):
    month = sql.month_of_date(Booking.day).label("period")
    in_year = (Booking.region_code == code, Booking.day >= date(year, 1, 1), Booking.day <= date(year, 12, 31))
    counts = (
        select(Booking.agency_id, month,
               func.sum(case((Booking.served_at.is_not(None), 1), else_=0)),
               func.sum(case((Booking.no_show_at.is_not(None), 1), else_=0)))
        .where(*in_year)
        .group_by(Booking.agency_id, month)
    )
    for agency_id, period, served, no_show in session.execute(counts):
        cell = table.cell(agency_id, period)
        cell.served += int(served or 0)
        cell.no_show += int(no_show or 0)
    wait = sql.minutes_between(Booking.checked_in_at, Booking.called_at).label("wait")
    waits = (
        select(Booking.agency_id, month, wait, func.count())
        .where(*in_year, Booking.checked_in_at.is_not(None), Booking.called_at.is_not(None))
        .group_by(Booking.agency_id, month, wait)
    )
    for agency_id, period, minutes, count in session.execute(waits):
        cell = table.cell(agency_id, period)
        cell.waits[max(int(minutes), 0)] += count


def report(session: Session, region_code: str, year: int | None = None) -> dict:
    """The report of one MPP for one calendar year (this year by default), in its local time."""
    region = catalogue.get_region(session, region_code, with_agencies=True)
    today = utcnow().astimezone(ZoneInfo(region.timezone)).date()
    year = year or today.year
    sql = _Dialect(session, region.timezone, year)
    start, end = _year_bounds(year, region.timezone)
    table = _Table()
    _applications(session, table, sql, region.code, start, end)
    _surveys(session, table, sql, region.code, year)
    _answered(session, table, sql, Complaint, "complaints", region.code, start, end)
    _answered(session, table, sql, Consultation, "consultations", region.code, start, end)
    _queue(session, table, sql, region.code, year)
    table.roll_up()
    months = _months(year, today)

    def row(agency_id: int | None) -> dict:
        return {
            "months": [{"month": m, **table.cells[(agency_id, m)].out()} for m in months],
            "year": table.cells[(agency_id, None)].out(),
        }

    agencies = sorted(region.agencies, key=lambda a: a.short)
    return {
        "region": {"code": region.code, "name": region.name, "mpp_name": region.mpp_name,
                   "timezone": region.timezone, "timezone_abbr": zone_abbreviation(region.timezone)},
        "year": year,
        "months": months,
        "suppress_below": SUPPRESS_BELOW,
        "generated_at": utcnow().replace(microsecond=0).isoformat(),
        "total": row(None),
        "agencies": [{"id": a.id, "code": a.code, "short": a.short, "name": a.name, **row(a.id)} for a in agencies],
    }


CSV_COLUMNS = (
    "region_code", "agency_code", "agency", "period",
    "applications_received", "applications_completed", "applications_completed_on_time", "applications_median_days",
    "ikm_respondents", "ikm", "ikm_band",
    "complaints_received", "complaints_answered", "complaints_answered_on_time", "complaints_median_days",
    "consultations_received", "consultations_answered", "consultations_answered_on_time", "consultations_median_days",
    "queue_served", "queue_no_show", "queue_median_wait_minutes",
)
SUPPRESSED = f"< {SUPPRESS_BELOW}"


def _csv_cells(cell: dict) -> list:
    apps, survey, complaints, queue = cell["applications"], cell["ikm"], cell["complaints"], cell["queue"]
    questions = cell["consultations"]
    respondents = SUPPRESSED if survey["suppressed"] else (survey["respondents"] or 0)
    value = SUPPRESSED if survey["suppressed"] else survey["value"]
    return [
        apps["received"], apps["completed"], apps["completed_on_time"], apps["median_days"],
        respondents, value, survey["band"],
        complaints["received"], complaints["answered"], complaints["answered_on_time"], complaints["median_days"],
        questions["received"], questions["answered"], questions["answered_on_time"], questions["median_days"],
        queue["served"], queue["no_show"], queue["median_wait_minutes"],
    ]


def report_csv(data: dict) -> str:
    """The report as CSV: one row per agency (and the whole MPP, agency_code "") and period (month or year)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rows = [("", data["region"]["mpp_name"], data["total"])]
    rows += [(a["code"], a["name"]["id"], a) for a in data["agencies"]]
    for agency_code, name, entry in rows:
        for month in entry["months"]:
            writer.writerow([data["region"]["code"], agency_code, name, month["month"], *_csv_cells(month)])
        writer.writerow([data["region"]["code"], agency_code, name, str(data["year"]), *_csv_cells(entry["year"])])
    return out.getvalue()
