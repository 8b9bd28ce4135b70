"""Accounts: residents, officers and admins; sign-in, sessions, passkeys, the profile."""
