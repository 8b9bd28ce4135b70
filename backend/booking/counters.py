"""Counters of an MPP: finding (or lazily opening) the counter of an agency, and its capacity rows."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..catalogue import services as catalogue
from ..errors import Problem
from .models import Counter, ResidentDay, SlotLoad, TicketSequence


def letter_for(session: Session, agency_id: int) -> str:
    """Ticket letter of an agency: its rank among the agencies (A for the first, ...)."""
    from ..catalogue.models import Agency

    rank = session.scalar(select(func.count(Agency.id)).where(Agency.id < agency_id)) or 0
    return chr(ord("A") + rank % 26)


def _insert_once(session: Session, row) -> None:
    """Insert row unless a concurrent transaction already did (savepoint keeps ours alive)."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        pass


def counter_for(session: Session, region_code: str, agency_id: int) -> Counter:
    """The agency's counter at the MPP; opened with defaults when the MPP hosts the agency."""
    counter = session.scalar(select(Counter).where(Counter.region_code == region_code, Counter.agency_id == agency_id))
    if counter is None:
        if not catalogue.region_hosts_agency(session, region_code, agency_id):
            raise Problem(422, "no-counter", "booking.no_counter")
        _insert_once(session, Counter(region_code=region_code, agency_id=agency_id, letter=letter_for(session, agency_id)))
        counter = session.scalar(select(Counter).where(Counter.region_code == region_code, Counter.agency_id == agency_id))
    if counter is None or not counter.active:
        raise Problem(422, "no-counter", "booking.no_counter")
    return counter


def slot_loads(session: Session, counter_id: int, day: date) -> dict[str, int]:
    rows = session.execute(select(SlotLoad.start, SlotLoad.booked).where(SlotLoad.counter_id == counter_id, SlotLoad.day == day))
    return {start: booked for start, booked in rows}


def take_resident_day(session: Session, user_id: int, day: date, limit: int) -> bool:
    """Count one more booking of the resident that day, unless the limit is reached."""
    _insert_once(session, ResidentDay(user_id=user_id, day=day, booked=0))
    result = session.execute(
        update(ResidentDay).where(ResidentDay.user_id == user_id, ResidentDay.day == day, ResidentDay.booked < limit)
        .values(booked=ResidentDay.booked + 1).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def take_slot(session: Session, counter: Counter, day: date, start: str) -> bool:
    """Take one online place of the slot, unless it is full (the conditional UPDATE locks the row)."""
    _insert_once(session, SlotLoad(counter_id=counter.id, day=day, start=start, booked=0))
    result = session.execute(
        update(SlotLoad)
        .where(SlotLoad.counter_id == counter.id, SlotLoad.day == day, SlotLoad.start == start,
               SlotLoad.booked < counter.online_capacity)
        .values(booked=SlotLoad.booked + 1).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def take_walk_in(session: Session, counter: Counter, day: date, start: str) -> bool:
    """Take one walk-in place of the slot; the online places are not touched, so availability shown in the app stays true."""
    _insert_once(session, SlotLoad(counter_id=counter.id, day=day, start=start, booked=0, walk_ins=0))
    result = session.execute(
        update(SlotLoad)
        .where(SlotLoad.counter_id == counter.id, SlotLoad.day == day, SlotLoad.start == start,
               SlotLoad.walk_ins < counter.walk_in_capacity)
        .values(walk_ins=SlotLoad.walk_ins + 1).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release_place(session: Session, user_id: int, counter_id: int, day: date, start: str) -> None:
    """Give back a cancelled booking's place and the resident's daily allowance."""
    session.execute(
        update(ResidentDay).where(ResidentDay.user_id == user_id, ResidentDay.day == day, ResidentDay.booked > 0)
        .values(booked=ResidentDay.booked - 1).execution_options(synchronize_session=False)
    )
    session.execute(
        update(SlotLoad).where(SlotLoad.counter_id == counter_id, SlotLoad.day == day, SlotLoad.start == start,
                               SlotLoad.booked > 0)
        .values(booked=SlotLoad.booked - 1).execution_options(synchronize_session=False)
    )


def next_ticket_number(session: Session, counter: Counter, day: date) -> str:
    """"A-014": the counter's letter and the next number of that day (the row stays locked until commit)."""
    _insert_once(session, TicketSequence(counter_id=counter.id, day=day, last_number=0))
    session.execute(
        update(TicketSequence).where(TicketSequence.counter_id == counter.id, TicketSequence.day == day)
        .values(last_number=TicketSequence.last_number + 1).execution_options(synchronize_session=False)
    )
    number = session.scalar(
        select(TicketSequence.last_number).where(TicketSequence.counter_id == counter.id, TicketSequence.day == day)
        .execution_options(populate_existing=True)
    )
    return f"{counter.letter}-{number:03d}"
