"""MPP_ENV=production: keys come from the environment or a secrets file, never from instance/; what is missing is named."""
from __future__ import annotations

import json

import pytest

from backend import config as settings
from backend.app import create_app
from backend.config import PRODUCTION_SECRETS, ProductionConfigError, load_config

from .production_env import production_secrets


@pytest.fixture
def production(monkeypatch, tmp_path):
    """MPP_ENV=production with none of the secrets set; an instance folder that must stay untouched."""
    for name in [*PRODUCTION_SECRETS, "DATABASE_URL", "DOCUMENT_STORAGE", "DOCUMENT_STORAGE_PATH", "S3_BUCKET",
                 "MPP_SECRETS_FILE", "BOOKING_SIGNING_KEY_FILE", *[f"{n}_FILE" for n in PRODUCTION_SECRETS]]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MPP_ENV", "production")
    return tmp_path / "instance"


def _ready(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    monkeypatch.setenv("DOCUMENT_STORAGE", "s3")
    monkeypatch.setenv("S3_BUCKET", "mpp-dokumen")


def test_nothing_given_refuses_to_start_and_names_every_missing_setting(production):
    with pytest.raises(ProductionConfigError) as refused:
        create_app({"INSTANCE_PATH": str(production)})
    message = str(refused.value)
    for name in [*PRODUCTION_SECRETS, "DATABASE_URL", "DOCUMENT_STORAGE_PATH"]:
        assert name in message
    assert not production.exists()  # no key was generated into the instance folder


def test_one_missing_key_is_named_alone(production, monkeypatch, tmp_path):
    _ready(monkeypatch, tmp_path)
    given = production_secrets()
    for name, value in given.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("BOOKING_SIGNING_KEY")
    with pytest.raises(ProductionConfigError, match=r"missing BOOKING_SIGNING_KEY\.") as refused:
        load_config(production)
    assert "JWT_SECRET_KEY" not in str(refused.value)


def test_keys_from_the_environment_a_file_and_a_secrets_file(production, monkeypatch, tmp_path):
    _ready(monkeypatch, tmp_path)
    given = production_secrets()
    names = list(given)
    monkeypatch.setenv(names[0], given[names[0]])  # the variable itself
    (tmp_path / "jwt").write_text(given[names[1]] + "\n")
    monkeypatch.setenv(f"{names[1]}_FILE", str(tmp_path / "jwt"))  # NAME_FILE, as container secrets are mounted
    (tmp_path / "secrets.json").write_text(json.dumps({name: given[name] for name in names[2:]}))
    monkeypatch.setenv("MPP_SECRETS_FILE", str(tmp_path / "secrets.json"))

    app = create_app({"INSTANCE_PATH": str(production)})

    assert {name: app.config[name] for name in names} == given
    assert app.config["MPP_ENV"] == "production" and app.config["DOCUMENT_STORAGE_PATH"] == ""
    assert not production.exists()  # nothing read from, or written to, instance/
    # the booking key given is the one tickets are signed with (no file made next to it)
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from backend.booking.tokens import public_key_b64url
    from backend.booking.views import signing_key

    with app.app_context():
        assert public_key_b64url(signing_key()) == public_key_b64url(
            load_pem_private_key(given["BOOKING_SIGNING_KEY"].encode(), None))
    assert not production.exists()


def test_an_unreadable_secret_file_is_an_error_not_a_generated_key(production, monkeypatch, tmp_path):
    _ready(monkeypatch, tmp_path)
    for name, value in production_secrets().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "absent"))
    with pytest.raises(ProductionConfigError, match="SECRET_KEY_FILE"):
        load_config(production)


def test_a_key_another_domain_requires_is_required_too(production, monkeypatch, tmp_path):
    _ready(monkeypatch, tmp_path)
    for name, value in production_secrets().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(settings, "PRODUCTION_SECRETS", [*PRODUCTION_SECRETS, "EXAMPLE_SIGNING_KEY"])
    with pytest.raises(ProductionConfigError, match="missing EXAMPLE_SIGNING_KEY"):
        load_config(production)
    monkeypatch.setenv("EXAMPLE_SIGNING_KEY", "given")
    assert load_config(production)["EXAMPLE_SIGNING_KEY"] == "given"


def test_outside_production_keys_are_still_made_once_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("MPP_ENV", raising=False)
    for name in PRODUCTION_SECRETS:
        monkeypatch.delenv(name, raising=False)
    first, again = load_config(tmp_path), load_config(tmp_path)
    assert first["SECRET_KEY"] and first["SECRET_KEY"] == again["SECRET_KEY"]
    assert first["VAPID_PRIVATE_KEY"] == again["VAPID_PRIVATE_KEY"]
    assert (tmp_path / "secrets.json").exists()


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(test_config):
    from flask import request

    app = create_app({**test_config, "PROXY_FIX_X_FOR": 1})
    seen = []
    app.before_request(lambda: seen.append((request.remote_addr, request.scheme)))
    app.test_client().get("/api/health", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    direct = create_app(test_config)
    direct.before_request(lambda: seen.append((request.remote_addr, request.scheme)))
    direct.test_client().get("/api/health", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen == [("203.0.113.9", "https"), ("127.0.0.1", "http")]
