"""Account recovery: a link mailed (through a real SMTP server) to the confirmed address, and a
one-time code issued at the counter after a KTP-el check. Single use, short-lived, the same
answer for every identifier, every session revoked, and the resident sees it in the access log."""
import ipaddress
import logging
import os
import secrets
import socket
import ssl
import threading
import time
from datetime import timedelta

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select, update

from backend.accounts.tokens_models import AccountToken
from backend.app import create_app
from backend.extensions import db, limiter
from backend.timeutil import utcnow
from tests.conftest import DEMO_PASSWORD
from tests.mailbox import Mailbox, body_of, mailbox, settle, token_from  # noqa: F401  (fixture)

NEW_PASSWORD = "Sandi-Baru-Pulih-2026"


@pytest.fixture
def confirmed(make_user):
    """A resident whose e-mail address is confirmed."""
    return make_user(email_verified_at=utcnow())


def _sign_in(app, identifier, password=DEMO_PASSWORD):
    """A separate device: its own client (cookies) and access token."""
    device = app.test_client()
    response = device.post("/api/auth/login", json={"identifier": identifier, "password": password})
    assert response.status_code == 200, response.get_json()
    return device, {"Authorization": f"Bearer {response.get_json()['access_token']}"}, response.get_json()["csrf_token"]


def _refresh(device, csrf):
    return device.post("/api/auth/refresh", headers={"X-CSRF-Token": csrf})


def _access_log(app, identifier, password):
    _, headers, _ = _sign_in(app, identifier, password)
    return app.test_client().get("/api/me/access-log", headers=headers).get_json()["items"]


def test_recovery_by_email_link_end_to_end(client, app, confirmed, mailbox):
    device, headers, csrf = _sign_in(app, confirmed.nik)
    response = client.post("/api/auth/recovery/link", json={"identifier": confirmed.nik})
    assert response.status_code == 202
    assert "30 menit" in response.get_json()["detail"]
    [message] = mailbox.wait_for(confirmed.email)
    assert message["Subject"] == "Atur ulang kata sandi MPP Digital"
    assert message["To"] == confirmed.email and "noreply@" in message["From"]
    assert confirmed.full_name in body_of(message) and "30 menit" in body_of(message)
    token = token_from(message, "/pulihkan")
    with app.app_context():
        row = db.session.scalar(select(AccountToken).where(AccountToken.user_id == confirmed.id))
        assert row.purpose == "recovery_link" and token not in row.token_hash and len(row.token_hash) == 64
        assert timedelta(minutes=29) < row.expires_at - row.created_at <= timedelta(minutes=30)
    assert client.post("/api/auth/recovery/reset", json={"token": token, "password": NEW_PASSWORD}).status_code == 204
    # every session ended at once: the access token and the refresh cookie of the other device
    assert device.get("/api/me", headers=headers).status_code == 401
    assert _refresh(device, csrf).status_code == 401
    assert client.post("/api/auth/login", json={"identifier": confirmed.nik, "password": DEMO_PASSWORD}).status_code == 401
    log = _access_log(app, confirmed.email, NEW_PASSWORD)
    assert [(e["action"], e["actor_role"]) for e in log] == [("password_reset_email", "system")]


def test_link_is_single_use(client, confirmed, mailbox):
    client.post("/api/auth/recovery/link", json={"identifier": confirmed.email})
    token = token_from(mailbox.wait_for(confirmed.email)[0], "/pulihkan")
    assert client.post("/api/auth/recovery/reset", json={"token": token, "password": NEW_PASSWORD}).status_code == 204
    again = client.post("/api/auth/recovery/reset", json={"token": token, "password": "Lain-Lagi-Sandi-2026"})
    assert again.status_code == 400 and again.get_json()["code"] == "recovery-link-invalid"
    assert client.post("/api/auth/login", json={"identifier": confirmed.nik, "password": NEW_PASSWORD}).status_code == 200


def test_link_expires(client, app, confirmed, mailbox):
    client.post("/api/auth/recovery/link", json={"identifier": confirmed.nik})
    token = token_from(mailbox.wait_for(confirmed.email)[0], "/pulihkan")
    with app.app_context():
        db.session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = client.post("/api/auth/recovery/reset", json={"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 400 and response.get_json()["code"] == "recovery-link-invalid"
    assert client.post("/api/auth/login", json={"identifier": confirmed.nik, "password": DEMO_PASSWORD}).status_code == 200


def test_a_new_link_voids_the_previous_one(client, confirmed, mailbox):
    client.post("/api/auth/recovery/link", json={"identifier": confirmed.nik})
    first = token_from(mailbox.wait_for(confirmed.email)[0], "/pulihkan")
    client.post("/api/auth/recovery/link", json={"identifier": confirmed.nik})
    second = token_from(mailbox.wait_for(confirmed.email, count=2)[1], "/pulihkan")
    assert client.post("/api/auth/recovery/reset", json={"token": first, "password": NEW_PASSWORD}).status_code == 400
    assert client.post("/api/auth/recovery/reset", json={"token": second, "password": NEW_PASSWORD}).status_code == 204


def test_same_answer_whether_or_not_the_account_exists(client, make_user, confirmed, mailbox):
    unconfirmed = make_user()
    officer = make_user("officer")
    answers = set()
    for identifier in (confirmed.nik, confirmed.email.upper(), unconfirmed.nik, unconfirmed.email, officer.email,
                       "3574014507909999", "tidak.ada@contoh.id", "bukan-identitas"):
        response = client.post("/api/auth/recovery/link", json={"identifier": identifier})
        answers.add((response.status_code, response.get_data(as_text=True)))
    assert len(answers) == 1 and answers.pop()[0] == 202
    settle()
    assert len(mailbox.to(confirmed.email)) == 2
    # an address nobody confirmed may be anyone's: it never gets a way into the account
    assert mailbox.to(unconfirmed.email) == [] and mailbox.to(officer.email) == []
    assert len(mailbox.messages) == 2


def test_the_answer_does_not_wait_for_the_account_lookup(client, confirmed, mailbox, monkeypatch):
    """Timing: the request does no account work at all, so an existing account cannot answer slower."""
    from backend.accounts import recovery

    release, real = threading.Event(), recovery.request_link

    def held(*args, **kwargs):
        assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(recovery, "request_link", held)
    started = time.perf_counter()
    response = client.post("/api/auth/recovery/link", json={"identifier": confirmed.nik})
    assert response.status_code == 202 and time.perf_counter() - started < 5
    assert mailbox.to(confirmed.email) == []
    release.set()
    assert "/pulihkan#token=" in body_of(mailbox.wait_for(confirmed.email)[0])


def test_mail_follows_the_account_language(client, make_user, mailbox):
    user = make_user(email_verified_at=utcnow(), language="en")
    client.post("/api/auth/recovery/link", json={"identifier": user.nik})
    [message] = mailbox.wait_for(user.email)
    assert message["Subject"] == "Reset your MPP Digital password" and "30 minutes" in body_of(message)


def test_a_confirmation_token_is_not_a_recovery_token(client, app, confirmed, mailbox):
    headers = _sign_in(app, confirmed.nik)[1]
    client.patch("/api/me", json={"email": "alamat.baru@contoh.id"}, headers=headers)
    token = token_from(mailbox.wait_for("alamat.baru@contoh.id")[0], "/konfirmasi-email")
    response = client.post("/api/auth/recovery/reset", json={"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 400


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_smtp_down_gives_the_same_answer_and_a_warning_without_personal_data(client, app, confirmed, caplog):
    saved = {k: app.config[k] for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_TLS")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=_closed_port(), SMTP_TLS=False)
    try:
        with caplog.at_level(logging.INFO):
            known = client.post("/api/auth/recovery/link", json={"identifier": confirmed.nik})
            unknown = client.post("/api/auth/recovery/link", json={"identifier": "3574014507909999"})
            settle()
    finally:
        app.config.update(saved)
    assert (known.status_code, known.get_data()) == (unknown.status_code, unknown.get_data())
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and r.name == "backend.mail"]
    assert warnings == ["mail not sent (recovery): ConnectionRefusedError"]
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert confirmed.email not in text and confirmed.nik not in text and "token=" not in text


def test_smtp_tls_never_falls_back_to_clear_text(client, app, confirmed, mailbox, caplog):
    app.config.update(SMTP_TLS=True, SMTP_USER="mpp", SMTP_PASSWORD="rahasia-smtp")
    with caplog.at_level(logging.WARNING):
        assert client.post("/api/auth/recovery/link", json={"identifier": confirmed.nik}).status_code == 202
        settle()
    assert mailbox.messages == []  # the server offers no STARTTLS: nothing is sent, no password in clear
    assert "mail not sent (recovery): SMTPNotSupportedError" in caplog.text and "rahasia-smtp" not in caplog.text


# --- at the counter --------------------------------------------------------------------------


def _issue(client, auth_headers, officer, nik, **extra):
    return client.post("/api/staff/recovery-codes", json={"nik": nik, "ktp_checked": True, **extra},
                       headers=auth_headers(officer))


def test_counter_code_end_to_end_is_audited_and_revokes_sessions(client, app, officer, confirmed, auth_headers, mailbox):
    device, headers, csrf = _sign_in(app, confirmed.nik)
    response = _issue(client, auth_headers, officer, confirmed.nik)
    assert response.status_code == 201
    issued = response.get_json()
    assert issued["resident"] == {"full_name": confirmed.full_name, "masked_nik": "*" * 12 + confirmed.nik[-4:]}
    code = issued["code"]
    assert len(code) == 11 and code[5] == "-"
    # the resident is told by mail (confirmed address), without the code
    [notice] = mailbox.wait_for(confirmed.email)
    assert "kode pemulihan" in body_of(notice) and code not in body_of(notice) and code.replace("-", "") not in body_of(notice)
    typed = code.lower().replace("-", " ")  # as a resident might type it
    redeemed = client.post("/api/auth/recovery/code", json={"nik": confirmed.nik, "code": typed, "password": NEW_PASSWORD})
    assert redeemed.status_code == 204
    assert device.get("/api/me", headers=headers).status_code == 401 and _refresh(device, csrf).status_code == 401
    again = client.post("/api/auth/recovery/code", json={"nik": confirmed.nik, "code": code, "password": "Lain-Lagi-Sandi-2026"})
    assert again.status_code == 400 and again.get_json()["code"] == "recovery-code-invalid"
    log = _access_log(app, confirmed.nik, NEW_PASSWORD)
    assert [(e["action"], e["actor_role"]) for e in log] == [("password_reset_code", "system"), ("recovery_code", "officer")]
    assert log[1]["agency"]["code"] == "DISDUKCAPIL" and log[1]["object_type"] == "account"


def test_wrong_codes_and_unknown_niks_get_one_answer_and_five_wrong_tries_void_the_code(client, app, officer, resident, auth_headers):
    code = _issue(client, auth_headers, officer, resident.nik).get_json()["code"]
    wrong = "AAAAA-AAAAA" if code != "AAAAA-AAAAA" else "CCCCC-CCCCC"
    answers = set()
    for nik, tried in [(resident.nik, wrong), ("3574014507909999", code), ("123", code)] + [(resident.nik, wrong)] * 3:
        response = client.post("/api/auth/recovery/code", json={"nik": nik, "code": tried, "password": NEW_PASSWORD})
        answers.add((response.status_code, response.get_data(as_text=True)))
    assert len(answers) == 1 and answers.pop()[0] == 400
    with app.app_context():
        row = db.session.scalar(select(AccountToken).where(AccountToken.user_id == resident.id))
        assert row.attempts == 4 and row.used_at is None
    client.post("/api/auth/recovery/code", json={"nik": resident.nik, "code": wrong, "password": NEW_PASSWORD})
    # the fifth wrong try used the code up: the right code no longer works
    response = client.post("/api/auth/recovery/code", json={"nik": resident.nik, "code": code, "password": NEW_PASSWORD})
    assert response.status_code == 400
    assert client.post("/api/auth/login", json={"identifier": resident.nik, "password": DEMO_PASSWORD}).status_code == 200


def test_counter_code_expires_after_15_minutes(client, app, officer, resident, auth_headers):
    issued = _issue(client, auth_headers, officer, resident.nik).get_json()
    with app.app_context():
        row = db.session.scalar(select(AccountToken).where(AccountToken.user_id == resident.id))
        assert row.expires_at - row.created_at == timedelta(minutes=15) and row.issued_by_id == officer.id
        db.session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = client.post("/api/auth/recovery/code", json={"nik": resident.nik, "code": issued["code"], "password": NEW_PASSWORD})
    assert response.status_code == 400


@pytest.mark.parametrize("role", ["resident", "admin"])
def test_only_officers_issue_counter_codes(client, make_user, resident, auth_headers, role):
    response = _issue(client, auth_headers, make_user(role), resident.nik)
    assert response.status_code == 403


def test_officer_must_confirm_the_ktp_check_and_a_resident_nik(client, officer, resident, auth_headers, make_user):
    unchecked = client.post("/api/staff/recovery-codes", json={"nik": resident.nik, "ktp_checked": False}, headers=auth_headers(officer))
    assert unchecked.status_code == 422 and "ktp_checked" in unchecked.get_json()["errors"]
    assert _issue(client, auth_headers, officer, "3574014507909999").status_code == 404
    staff_with_nik = make_user("officer", nik="3574014507909998")
    assert _issue(client, auth_headers, officer, staff_with_nik.nik).status_code == 404


def test_the_counter_code_cannot_open_another_account(client, officer, make_user, auth_headers):
    alice, bob = make_user(), make_user()
    code = _issue(client, auth_headers, officer, alice.nik).get_json()["code"]
    response = client.post("/api/auth/recovery/code", json={"nik": bob.nik, "code": code, "password": NEW_PASSWORD})
    assert response.status_code == 400


# --- rate limits -----------------------------------------------------------------------------


@pytest.fixture
def limited(test_config):
    """A second app on the same database with rate limits on and small recovery limits."""
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    app = create_app({**test_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage,
                      "RECOVERY_RATE_LIMIT": "6 per hour", "RECOVERY_ACCOUNT_RATE_LIMIT": "3 per hour"})
    yield app.test_client()
    settle()  # link requests are handled in the background, on this app
    limiter.enabled = False
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _ip():
    return {"REMOTE_ADDR": f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"}


def test_link_requests_are_limited_per_account_and_per_ip(limited):
    target = f"warga-{secrets.token_hex(4)}@contoh.id"  # unknown: the limit does not tell either
    for _ in range(3):
        assert limited.post("/api/auth/recovery/link", json={"identifier": target}, environ_base=_ip()).status_code == 202
    blocked = limited.post("/api/auth/recovery/link", json={"identifier": target}, environ_base=_ip())
    assert blocked.status_code == 429 and blocked.get_json()["code"] == "rate-limited"
    ip = _ip()
    for n in range(6):
        assert limited.post("/api/auth/recovery/link", json={"identifier": f"{n}-{target}"}, environ_base=ip).status_code == 202
    assert limited.post("/api/auth/recovery/link", json={"identifier": f"x-{target}"}, environ_base=ip).status_code == 429


def test_code_guessing_is_limited_per_ip(limited):
    ip = _ip()
    body = {"nik": f"35740145079{secrets.randbelow(10**5):05d}", "code": "AAAAA-AAAAA", "password": NEW_PASSWORD}
    statuses = [limited.post("/api/auth/recovery/code", json={**body, "nik": f"35740145079{n:05d}"}, environ_base=ip).status_code
                for n in range(7)]
    assert statuses == [400] * 6 + [429]
    # the same NIK from many addresses: limited per account too
    statuses = [limited.post("/api/auth/recovery/code", json=body, environ_base=_ip()).status_code for _ in range(4)]
    assert statuses == [400] * 3 + [429]


def _self_signed(tmp_path):
    """A certificate for 127.0.0.1 (what SMTP_HOST names) and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "smtp.test")])
    now = utcnow()
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=1))
            .not_valid_after(now + timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "smtp.pem", tmp_path / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_mail_goes_over_starttls_with_a_login_only_after_it(client, app, confirmed, tmp_path):
    """A real STARTTLS server that refuses mail and logins in clear text; the certificate is checked."""
    cert_path, key_path = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_path, key_path)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"mpp", b"rahasia-smtp")
        logins.append((ok, session.ssl is not None))
        return AuthResult(success=ok)

    box = Mailbox(tls_context=server_tls, require_starttls=True, authenticator=authenticator, auth_required=True,
                  auth_require_tls=True)
    box.controller.start()
    saved = {k: app.config.get(k) for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_TLS", "SMTP_USER", "SMTP_PASSWORD", "SMTP_CA_FILE")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=box.port, SMTP_TLS=True, SMTP_USER="mpp",
                      SMTP_PASSWORD="rahasia-smtp", SMTP_CA_FILE=str(cert_path))
    try:
        client.post("/api/auth/recovery/link", json={"identifier": confirmed.nik})
        [message] = box.wait_for(confirmed.email)
        assert "/pulihkan#token=" in body_of(message)
        assert logins == [(True, True)]  # one login, and only inside TLS
        app.config["SMTP_CA_FILE"] = ""  # an unknown certificate: nothing is sent
        client.post("/api/auth/recovery/link", json={"identifier": confirmed.nik})
        settle()
        assert len(box.to(confirmed.email)) == 1 and len(logins) == 1
    finally:
        settle()
        box.controller.stop()
        app.config.update(saved)
