"""Rate-limit storage in the app's own database, so the limits hold across every process without Redis."""
