"""The account e-mails (recovery link, address confirmation, notices), in the account's language."""
from __future__ import annotations

from ..i18n import LANGUAGES, t
from ..mail import Mail
from .models import User


def _lang(user: User | None) -> str:
    return user.language if user is not None and user.language in LANGUAGES else "id"


def _mail(to: str, kind: str, lang: str, **params) -> Mail:
    body = t(f"mail.{kind}.body", lang, **params) + "\n\n" + t("mail.signature", lang)
    return Mail(to=to, subject=t(f"mail.{kind}.subject", lang), body=body, purpose=kind)


def recovery_link(user: User, link: str, minutes: int) -> Mail:
    return _mail(user.email, "recovery", _lang(user), name=user.full_name, link=link, minutes=minutes)


def confirm_email(user: User, email: str, link: str, hours: int) -> Mail:
    return _mail(email, "confirm", _lang(user), name=user.full_name, link=link, hours=hours)


def address_taken(email: str, lang: str) -> Mail:
    """To the owner of an address someone else tried to add: no link, nothing changes."""
    return _mail(email, "taken", lang)


def password_changed(user: User, how: str) -> list[Mail]:
    """A notice to the confirmed address only: an unconfirmed one may be anyone's."""
    if not (user.email and user.email_verified_at):
        return []
    lang = _lang(user)
    return [_mail(user.email, "changed", lang, name=user.full_name, how=t(f"mail.changed.{how}", lang))]


def code_issued(user: User, agency: str, minutes: int) -> list[Mail]:
    if not (user.email and user.email_verified_at):
        return []
    return [_mail(user.email, "code", _lang(user), name=user.full_name, agency=agency, minutes=minutes)]
