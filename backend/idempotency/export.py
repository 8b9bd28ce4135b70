"""Why Idempotency-Keys are not in the user's data export."""
from __future__ import annotations


def register(registry) -> None:
    """Tell the export check why this table is left out (idempotency.init_app)."""
    registry.columns({}, {"idempotency_key.user_id": (
        "a technical replay record of one request (the client's random key, a hash of the body and a copy of the "
        "answer that the export already has under applications, bookings or surveys), deleted after 30 days")})
