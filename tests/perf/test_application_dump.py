"""views.dump, the applications' hand-written serialiser, gives exactly what ApplicationOut().dump gives.

The own list and one application are serialised by views.dump (marshmallow was most of the list's
CPU); this holds it to the schema, so a field added to ApplicationOut fails here until dump has it.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.applications import views
from backend.applications.schemas import ApplicationOut, HistoryOut, ServiceRef

text = st.text(max_size=12)
maybe_text = st.none() | text
moment = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
texts = st.lists(text, max_size=3)
json_value = st.recursive(st.none() | st.booleans() | st.integers() | text,
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                          max_leaves=8)
history = st.fixed_dictionaries({"status": text, "at": moment, "actor_role": text, "note": maybe_text,
                                 "fields_to_fix": st.none() | texts})
item = st.fixed_dictionaries({
    "id": st.integers(1, 2**31 - 1),
    "tracking_number": text,
    "status": text,
    "service": st.fixed_dictionaries({"id": st.integers(1, 2**31 - 1), "code": text,
                                      "name": st.dictionaries(st.sampled_from(["id", "en"]), text)}),
    "region_code": text,
    "form_version": st.integers(1, 2**31 - 1),
    "data": st.dictionaries(text, json_value, max_size=4),
    "documents": st.lists(st.integers(1, 2**31 - 1), max_size=3),
    "received_at": moment,
    "client_created_at": st.none() | moment,
    "sla_due_date": st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    "fields_to_fix": texts,
    "history": st.lists(history, max_size=3),
})


@settings(max_examples=300, deadline=None)
@given(item)
def test_dump_is_the_schemas_output(value):
    expected = ApplicationOut().dump(value)
    got = views.dump(value)
    assert got == expected
    assert list(got) == list(expected)  # the same key order, so the same bytes whatever the JSON provider
    assert list(got["service"]) == list(expected["service"])
    for mine, theirs in zip(got["history"], expected["history"], strict=True):
        assert list(mine) == list(theirs)


def test_dump_has_every_field_of_the_schema():
    value = {"id": 1, "tracking_number": "T", "status": "submitted",
             "service": {"id": 2, "code": "kk", "name": {"id": "KK"}}, "region_code": "35.74", "form_version": 1,
             "data": {}, "documents": [], "received_at": datetime(2026, 1, 1, tzinfo=UTC), "client_created_at": None,
             "sla_due_date": date(2026, 1, 2), "fields_to_fix": [],
             "history": [{"status": "submitted", "at": datetime(2026, 1, 1, tzinfo=UTC), "actor_role": "resident",
                          "note": None, "fields_to_fix": None}]}
    got = views.dump(value)
    assert set(got) == set(ApplicationOut().fields)
    assert set(got["service"]) == set(ServiceRef().fields)
    assert set(got["history"][0]) == set(HistoryOut().fields)
