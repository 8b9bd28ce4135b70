"""The IKM report's running totals: respondents and score sums per month, MPP and agency.

The database keeps them (a trigger on survey, on PostgreSQL and SQLite alike), so they hold for
every way a survey row comes or goes, an account deleted with its surveys (ON DELETE CASCADE)
included. A report adds the whole months of its period from here and reads only the days of a
partly covered first or last month, or a single service's surveys, from the survey table.
Equal to summing the surveys themselves: tests/feedback/test_ikm_tally.py.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import DDL, Date, Index, Integer, String, event, func, select, union_all
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from .models import ELEMENT_CODES, Survey

SUMS = tuple(f"s{code[1:]}" for code in ELEMENT_CODES)  # s1..s9: the sum of u1..u9

# the days of a partly covered month: all MPPs, or one MPP of every agency
Index("ix_survey_local_date", Survey.local_date)
Index("ix_survey_region_day", Survey.region_code, Survey.local_date)


class SurveyMonth(db.Model):
    """Surveys answered in one month (local date at the MPP) at one MPP for one agency."""

    __tablename__ = "survey_month"

    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the first day of the month
    region_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    agency_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondents: Mapped[int] = mapped_column(Integer, default=0)
    s1: Mapped[int] = mapped_column(Integer, default=0)
    s2: Mapped[int] = mapped_column(Integer, default=0)
    s3: Mapped[int] = mapped_column(Integer, default=0)
    s4: Mapped[int] = mapped_column(Integer, default=0)
    s5: Mapped[int] = mapped_column(Integer, default=0)
    s6: Mapped[int] = mapped_column(Integer, default=0)
    s7: Mapped[int] = mapped_column(Integer, default=0)
    s8: Mapped[int] = mapped_column(Integer, default=0)
    s9: Mapped[int] = mapped_column(Integer, default=0)


def _key(row: str, month_of) -> str:
    return (f"month = {month_of(row + '.local_date')} AND region_code = {row}.region_code "
            f"AND agency_id = {row}.agency_id")


def _add(row: str, month_of, excluded: str) -> str:
    columns = ", ".join(("respondents", *SUMS))
    values = ", ".join((f"{month_of(row + '.local_date')}", f"{row}.region_code", f"{row}.agency_id", "1",
                        *(f"{row}.{code}" for code in ELEMENT_CODES)))
    sets = ", ".join(f"{c} = survey_month.{c} + {excluded}.{c}" for c in ("respondents", *SUMS))
    return (f"INSERT INTO survey_month (month, region_code, agency_id, {columns}) VALUES ({values}) "
            f"ON CONFLICT (month, region_code, agency_id) DO UPDATE SET {sets};")


def _remove(row: str, month_of) -> str:
    sets = ", ".join(("respondents = respondents - 1", *(f"s{c[1:]} = s{c[1:]} - {row}.{c}" for c in ELEMENT_CODES)))
    return (f"UPDATE survey_month SET {sets} WHERE {_key(row, month_of)}; "
            f"DELETE FROM survey_month WHERE {_key(row, month_of)} AND respondents = 0;")


def _pg_month(column: str) -> str:
    return f"date_trunc('month', {column})::date"


def _sqlite_month(column: str) -> str:
    return f"date({column}, 'start of month')"


POSTGRES_TRIGGER = [
    "CREATE OR REPLACE FUNCTION survey_month_tally() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP IN ('DELETE', 'UPDATE') THEN {_remove('OLD', _pg_month)} END IF; "
    f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add('NEW', _pg_month, 'EXCLUDED')} END IF; "
    "RETURN NULL; END $$",
    # create_all on a database that has the tables already runs these again
    "DROP TRIGGER IF EXISTS survey_month_tally ON survey",
    "CREATE TRIGGER survey_month_tally AFTER INSERT OR UPDATE OR DELETE ON survey "
    "FOR EACH ROW EXECUTE FUNCTION survey_month_tally()",
]
POSTGRES_DROP = ["DROP TRIGGER IF EXISTS survey_month_tally ON survey",
                 "DROP FUNCTION IF EXISTS survey_month_tally()"]
SQLITE_TRIGGER = [
    f"CREATE TRIGGER IF NOT EXISTS survey_month_insert AFTER INSERT ON survey BEGIN {_add('NEW', _sqlite_month, 'excluded')} END",
    f"CREATE TRIGGER IF NOT EXISTS survey_month_delete AFTER DELETE ON survey BEGIN {_remove('OLD', _sqlite_month)} END",
    "CREATE TRIGGER IF NOT EXISTS survey_month_update AFTER UPDATE ON survey BEGIN "
    f"{_remove('OLD', _sqlite_month)} {_add('NEW', _sqlite_month, 'excluded')} END",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS survey_month_insert", "DROP TRIGGER IF EXISTS survey_month_delete",
               "DROP TRIGGER IF EXISTS survey_month_update"]


def backfill_sql(dialect: str) -> str:
    """Totals of the surveys already there (a migration, or after a bulk load without triggers)."""
    month_of = _pg_month if dialect == "postgresql" else _sqlite_month
    sums = ", ".join(f"sum({code})" for code in ELEMENT_CODES)
    return (f"INSERT INTO survey_month (month, region_code, agency_id, respondents, {', '.join(SUMS)}) "
            f"SELECT {month_of('local_date')}, region_code, agency_id, count(*), {sums} FROM survey "
            f"GROUP BY {month_of('local_date')}, region_code, agency_id")


def trigger_statements(dialect: str, *, drop: bool = False) -> list[str]:
    if dialect == "postgresql":
        return POSTGRES_DROP if drop else POSTGRES_TRIGGER
    if dialect == "sqlite":
        return SQLITE_DROP if drop else SQLITE_TRIGGER
    return []


# create_all/drop_all (tests, a fresh SQLite) make the triggers too; migrations run the same statements
for _dialect in ("postgresql", "sqlite"):
    for _sql in trigger_statements(_dialect):
        event.listen(db.metadata, "after_create", DDL(_sql).execute_if(dialect=_dialect))
for _sql in POSTGRES_DROP:
    event.listen(db.metadata, "before_drop", DDL(_sql).execute_if(dialect="postgresql"))


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _whole_months(date_from: date | None, date_to: date | None) -> tuple[date | None, date | None] | None:
    """[first, end) of the whole months inside the period (None: open), or None if there are none."""
    first = date_from if date_from is None or date_from.day == 1 else _next_month(date_from)
    end = None if date_to is None else (
        _next_month(date_to) if _next_month(date_to) - timedelta(days=1) == date_to else date_to.replace(day=1))
    if first is not None and end is not None and first >= end:
        return None
    return first, end


def _raw(region_code, agency_id, service, start, end_inclusive):
    query = select(func.count(Survey.id), *[func.coalesce(func.sum(getattr(Survey, c)), 0) for c in ELEMENT_CODES])
    for column, value in ((Survey.region_code, region_code), (Survey.agency_id, agency_id),
                          (Survey.service_id, service)):
        if value:
            query = query.where(column == value)
    if start:
        query = query.where(Survey.local_date >= start)
    if end_inclusive:
        query = query.where(Survey.local_date <= end_inclusive)
    return query


def sums(session: Session, *, region_code: str | None, agency_id: int | None, service: int | None,
         date_from: date | None, date_to: date | None) -> tuple[int, dict[str, int]]:
    """(respondents, {u1: sum, ...}) of the surveys matching the filters, in one statement."""
    months = None if service else _whole_months(date_from, date_to)
    if months is None:
        parts = [_raw(region_code, agency_id, service, date_from, date_to)]
    else:
        first, end = months
        tally = select(func.coalesce(func.sum(SurveyMonth.respondents), 0),
                       *[func.coalesce(func.sum(getattr(SurveyMonth, s)), 0) for s in SUMS])
        if region_code:
            tally = tally.where(SurveyMonth.region_code == region_code)
        if agency_id:
            tally = tally.where(SurveyMonth.agency_id == agency_id)
        if first:
            tally = tally.where(SurveyMonth.month >= first)
        if end:
            tally = tally.where(SurveyMonth.month < end)
        parts = [tally]
        if date_from and first and date_from < first:
            parts.append(_raw(region_code, agency_id, None, date_from, first - timedelta(days=1)))
        if date_to and end and end <= date_to:
            parts.append(_raw(region_code, agency_id, None, end, date_to))
    rows = session.execute(union_all(*parts) if len(parts) > 1 else parts[0]).all() if parts else []
    totals = [sum(int(row[i] or 0) for row in rows) for i in range(len(ELEMENT_CODES) + 1)]
    return totals[0], dict(zip(ELEMENT_CODES, totals[1:], strict=True))


__all__ = ["SurveyMonth", "backfill_sql", "sums", "trigger_statements"]
