"""Password policy and hashing (argon2id, a memory-hard KDF)."""
from __future__ import annotations

import functools
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 256  # bounds the hashing work an anonymous caller can ask for

# argon2-cffi's defaults are RFC 9106's low-memory profile: argon2id, t=3, m=64 MiB, p=4.
_hasher = PasswordHasher()


@functools.cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_errors(password: str | None) -> list[str]:
    """Error codes for a new password; an empty list means it is acceptable."""
    if not password:
        return ["password.required"]
    errors = []
    if len(password) < MIN_LENGTH:
        errors.append("password.too_short")
    if len(password) > MAX_LENGTH:
        errors.append("password.too_long")
    if password.strip().lower() in common_passwords():
        errors.append("password.too_common")
    return errors


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("not-a-real-password-only-for-timing")


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-work check: an unknown user costs as much as a wrong password."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False
