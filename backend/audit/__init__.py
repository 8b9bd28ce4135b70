"""Audit log: every officer/admin read or change of a resident's personal data."""
