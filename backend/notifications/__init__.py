"""Notifications: the in-app inbox and web push delivery (an outbox)."""
