"""The booking fixtures, for the queue's reads in the access log."""
from tests.booking.conftest import book, clock, counters, service_id  # noqa: F401
