"""E-mail addresses wait for confirmation: a change applies only when the new address's link is opened.

The answer to a change is the same whether or not the address belongs to another account
(item 4 of issue 11): the owner of a taken address gets a notice instead of a link.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import Problem
from ..mail import Mail
from . import mails, tokens
from .models import User
from .tokens import TokenSettings


def start(session: Session, user: User, email: str, *, settings: TokenSettings, now: datetime) -> list[Mail]:
    """Ask the address to confirm itself; returns the mail to send after the commit."""
    raw = tokens.issue(session, user.id, "confirm_email", email=email, secret=settings.secret, now=now,
                       ttl=timedelta(hours=settings.confirm_hours))
    if session.scalar(select(User.id).where(User.email == email, User.id != user.id)) is not None:
        return [mails.address_taken(email, user.language)]
    link = f"{settings.link_base}/konfirmasi-email#token={raw}"
    return [mails.confirm_email(user, email, link, settings.confirm_hours)]


def confirm(session: Session, raw: str, *, settings: TokenSettings, now: datetime) -> User:
    """Apply the address of a live confirmation link; 400 if the link is dead, 409 if the address went meanwhile."""
    row = tokens.take(session, raw, "confirm_email", secret=settings.secret, now=now)
    user = session.get(User, row.user_id) if row is not None else None
    if row is None or user is None:
        raise Problem(400, "confirm-link-invalid", "accounts.confirm_link_invalid")
    if session.scalar(select(User.id).where(User.email == row.email, User.id != user.id)) is not None:
        raise Problem(409, "email-taken", "accounts.email_taken")
    user.email = row.email
    user.email_verified_at = now
    tokens.void(session, user.id, "recovery_link", now=now)  # a link mailed to the old address stops working
    try:
        session.flush()
    except IntegrityError as exc:  # another account confirmed the same address a moment earlier
        session.rollback()
        raise Problem(409, "email-taken", "accounts.email_taken") from exc
    return user
