"""Idempotency-Key handling shared by every domain whose POSTs are replayed from the offline outbox."""
