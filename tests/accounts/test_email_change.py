"""A new e-mail address waits for the link mailed to it, and PATCH /api/me answers the same
whether or not the address belongs to another account (issue 11, item 4)."""
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from backend.accounts.models import User
from backend.accounts.tokens_models import AccountToken
from backend.extensions import db
from backend.timeutil import utcnow
from tests.conftest import DEMO_PASSWORD
from tests.mailbox import body_of, mailbox, settle, token_from  # noqa: F401  (fixture)

from .conftest import register_payload

FREE = "alamat.baru@contoh.id"


def _comparable(response) -> tuple:
    body = response.get_json()
    return response.status_code, {k: v for k, v in body.items() if k not in ("id", "nik", "full_name", "phone", "email", "email_pending")}


def test_a_taken_and_a_free_address_get_the_same_answer(client, app, make_user, auth_headers, mailbox):
    alice, bob, owner = make_user(), make_user(), make_user(email="pemilik@contoh.id")
    taken = client.patch("/api/me", json={"email": "PEMILIK@contoh.id"}, headers=auth_headers(alice))
    free = client.patch("/api/me", json={"email": FREE}, headers=auth_headers(bob))
    assert taken.status_code == free.status_code == 200
    assert _comparable(taken) == _comparable(free)
    assert taken.get_json()["email"] == alice.email and taken.get_json()["email_pending"] == "pemilik@contoh.id"
    assert free.get_json()["email"] == bob.email and free.get_json()["email_pending"] == FREE
    assert free.get_json()["email_verified"] is False
    # the owner of the taken address hears of it, without a link; the free address gets its link
    [notice] = mailbox.wait_for("pemilik@contoh.id")
    assert "#token=" not in body_of(notice) and "akun MPP Digital lain" in body_of(notice)
    [link] = mailbox.wait_for(FREE)
    assert bob.full_name in body_of(link) and "/konfirmasi-email#token=" in body_of(link)
    with app.app_context():
        assert db.session.get(User, alice.id).email == alice.email and db.session.get(User, owner.id).email == "pemilik@contoh.id"


def test_the_change_applies_when_the_link_is_opened(client, app, resident, auth_headers, mailbox):
    headers = auth_headers(resident)
    client.patch("/api/me", json={"email": FREE, "address": "Jl. Baru 7"}, headers=headers)
    assert client.get("/api/me", headers=headers).get_json()["address"] == "Jl. Baru 7"  # the rest applies at once
    token = token_from(mailbox.wait_for(FREE)[0], "/konfirmasi-email")
    response = client.post("/api/auth/email/confirm", json={"token": token})
    assert response.status_code == 200 and response.get_json() == {"email": FREE}
    me = client.get("/api/me", headers=headers).get_json()
    assert (me["email"], me["email_verified"], me["email_pending"]) == (FREE, True, None)
    assert client.post("/api/auth/login", json={"identifier": FREE, "password": DEMO_PASSWORD}).status_code == 200
    again = client.post("/api/auth/email/confirm", json={"token": token})
    assert again.status_code == 400 and again.get_json()["code"] == "confirm-link-invalid"


def test_a_confirmation_link_expires(client, app, resident, auth_headers, mailbox):
    client.patch("/api/me", json={"email": FREE}, headers=auth_headers(resident))
    token = token_from(mailbox.wait_for(FREE)[0], "/konfirmasi-email")
    with app.app_context():
        row = db.session.scalar(select(AccountToken).where(AccountToken.user_id == resident.id))
        assert row.expires_at - row.created_at == timedelta(hours=24) and row.email == FREE
        db.session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert client.post("/api/auth/email/confirm", json={"token": token}).status_code == 400
    with app.app_context():
        assert db.session.get(User, resident.id).email == resident.email


def test_an_address_taken_meanwhile_is_not_applied(client, app, make_user, auth_headers, mailbox):
    alice, bob = make_user(), make_user()
    client.patch("/api/me", json={"email": FREE}, headers=auth_headers(alice))
    alice_token = token_from(mailbox.wait_for(FREE)[0], "/konfirmasi-email")
    client.patch("/api/me", json={"email": FREE}, headers=auth_headers(bob))
    bob_token = token_from(mailbox.wait_for(FREE, count=2)[1], "/konfirmasi-email")
    assert client.post("/api/auth/email/confirm", json={"token": bob_token}).status_code == 200
    late = client.post("/api/auth/email/confirm", json={"token": alice_token})
    assert late.status_code == 409 and late.get_json()["code"] == "email-taken"
    with app.app_context():
        assert db.session.get(User, alice.id).email == alice.email and db.session.get(User, bob.id).email == FREE


def test_saving_the_form_again_sends_no_second_mail_and_resend_replaces_the_link(client, resident, auth_headers, mailbox):
    headers = auth_headers(resident)
    for _ in range(3):
        client.patch("/api/me", json={"email": FREE, "full_name": "Dewi L."}, headers=headers)
    settle()
    [first] = mailbox.to(FREE)
    resent = client.post("/api/me/email/resend", headers=headers)
    assert resent.status_code == 202 and resent.get_json() == {"email_pending": FREE}
    second = mailbox.wait_for(FREE, count=2)[1]
    assert client.post("/api/auth/email/confirm", json={"token": token_from(first, "/konfirmasi-email")}).status_code == 400
    assert client.post("/api/auth/email/confirm", json={"token": token_from(second, "/konfirmasi-email")}).status_code == 200


def test_going_back_to_the_confirmed_address_cancels_the_pending_one(client, make_user, auth_headers, mailbox):
    user = make_user(email_verified_at=utcnow())
    headers = auth_headers(user)
    client.patch("/api/me", json={"email": FREE}, headers=headers)
    token = token_from(mailbox.wait_for(FREE)[0], "/konfirmasi-email")
    back = client.patch("/api/me", json={"email": user.email}, headers=headers).get_json()
    assert (back["email"], back["email_verified"], back["email_pending"]) == (user.email, True, None)
    assert client.post("/api/auth/email/confirm", json={"token": token}).status_code == 400


def test_removing_the_address_is_immediate(client, app, make_user, auth_headers):
    user = make_user(email_verified_at=utcnow())
    body = client.patch("/api/me", json={"email": None}, headers=auth_headers(user)).get_json()
    assert (body["email"], body["email_verified"], body["email_pending"]) == (None, False, None)


def test_registration_mails_a_confirmation_link(client, app, mailbox):
    response = client.post("/api/auth/register", json=register_payload(language="en"))
    assert response.status_code == 201
    user = response.get_json()["user"]
    assert (user["email"], user["email_verified"], user["email_pending"]) == ("dewi.lestari@contoh.id", False, "dewi.lestari@contoh.id")
    [message] = mailbox.wait_for("dewi.lestari@contoh.id")
    assert message["Subject"] == "Confirm your email address"
    assert client.post("/api/auth/email/confirm", json={"token": token_from(message, "/konfirmasi-email")}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User.email_verified_at).where(User.email == "dewi.lestari@contoh.id")) is not None


def test_a_confirmed_address_can_then_recover_the_account(client, resident, auth_headers, mailbox):
    client.patch("/api/me", json={"email": FREE}, headers=auth_headers(resident))
    settle()
    client.post("/api/auth/recovery/link", json={"identifier": FREE})  # not confirmed yet: nothing
    settle()
    assert len(mailbox.to(FREE)) == 1
    client.post("/api/auth/email/confirm", json={"token": token_from(mailbox.to(FREE)[0], "/konfirmasi-email")})
    client.post("/api/auth/recovery/link", json={"identifier": FREE})
    assert "/pulihkan#token=" in body_of(mailbox.wait_for(FREE, count=2)[1])


def test_a_new_confirmed_address_voids_a_recovery_link_sent_to_the_old_one(client, make_user, auth_headers, mailbox):
    user = make_user(email_verified_at=utcnow())
    client.post("/api/auth/recovery/link", json={"identifier": user.nik})
    old_link = token_from(mailbox.wait_for(user.email)[0], "/pulihkan")
    client.patch("/api/me", json={"email": FREE}, headers=auth_headers(user))
    client.post("/api/auth/email/confirm", json={"token": token_from(mailbox.wait_for(FREE)[0], "/konfirmasi-email")})
    response = client.post("/api/auth/recovery/reset", json={"token": old_link, "password": "Sandi-Baru-Email-2026"})
    assert response.status_code == 400


@pytest.mark.parametrize("email", [None, ""])
def test_staff_cannot_remove_the_email_they_sign_in_with(client, make_user, auth_headers, email):
    """Found by the fuzz run: PATCH /api/me {"email": null} left the admin with no way to sign in."""
    from tests.conftest import DEMO_PASSWORD

    admin = make_user("admin", email="admin.lock@mpp.id", nik=None)
    answer = client.patch("/api/me", json={"email": email}, headers=auth_headers(admin))
    assert answer.status_code == 422 and answer.get_json()["code"] in {"email-required", "validation-error"}
    login = client.post("/api/auth/login", json={"identifier": "admin.lock@mpp.id", "password": DEMO_PASSWORD})
    assert login.status_code == 200
