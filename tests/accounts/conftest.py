"""Accounts fixtures: registration payloads, signed-in clients, a software authenticator."""
from __future__ import annotations

import pytest

from tests.conftest import DEMO_PASSWORD

from .authenticator import SoftAuthenticator

# A valid woman's NIK: Kota Probolinggo (35.74), district 01, born 05-07-1990 (05 + 40 = 45).
NIK_WOMAN = "3574014507905555"
# A valid man's NIK: Kota Medan (12.71), district 02, born 17-08-1985.
NIK_MAN = "1271021708850042"


def register_payload(**overrides) -> dict:
    body = {
        "nik": NIK_WOMAN,
        "full_name": "Dewi Lestari",
        "birth_date": "1990-07-05",
        "gender": "P",
        "phone": "081234567890",
        "email": "dewi.lestari@contoh.id",
        "password": DEMO_PASSWORD,
        "birth_place": "Probolinggo",
        "address": "Jl. Panglima Sudirman No. 5, Probolinggo",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def refresh_cookie(client) -> str | None:
    cookie = client.get_cookie("mpp_refresh", path="/api/auth")
    return cookie.value if cookie else None


def csrf_cookie(client) -> str | None:
    cookie = client.get_cookie("mpp_csrf")
    return cookie.value if cookie else None


@pytest.fixture
def login(client):
    """login(identifier, password=DEMO_PASSWORD) -> response; the client keeps the cookies."""

    def do(identifier: str, password: str = DEMO_PASSWORD, test_client=None):
        return (test_client or client).post("/api/auth/login", json={"identifier": identifier, "password": password})

    return do


@pytest.fixture
def signed_in(client, resident, login):
    """(client, body) of the resident signed in with a password."""
    response = login(resident.nik)
    assert response.status_code == 200, response.get_json()
    return client, response.get_json()


@pytest.fixture
def authenticator():
    return SoftAuthenticator()


@pytest.fixture
def add_passkey(client, auth_headers):
    """add_passkey(user, authenticator) -> the created Passkey JSON (a real registration ceremony)."""

    def add(user, authenticator, name=None):
        headers = auth_headers(user)
        options = client.post("/api/auth/passkeys/register/options", headers=headers).get_json()
        body = {"challenge_id": options["challenge_id"], "credential": authenticator.create(options["options"])}
        if name:
            body["name"] = name
        response = client.post("/api/auth/passkeys/register/verify", json=body, headers=headers)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return add
