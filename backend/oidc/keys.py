"""The provider's signing keys (ES256, and RS256 for e-services asking for it): OIDC_SIGNING_KEYS (a
private JWKS in the environment), else
instance/oidc_signing_keys.json, generated once (0600). The first key signs; all are published, so
ID tokens signed before a rotation stay verifiable (docs/oidc.md, key rotation)."""
from __future__ import annotations

import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from joserfc.jwk import ECKey, KeySet, RSAKey

FILE_NAME = "oidc_signing_keys.json"
KEEP_OLD_KEYS = 2


def _new_key(alg: str = "ES256") -> dict:
    if alg == "RS256":
        key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, private=True)
    else:
        key = ECKey.generate_key("P-256", parameters={"use": "sig", "alg": "ES256"}, private=True)
    data = key.as_dict(private=True)
    data["kid"] = datetime.now(UTC).strftime("%Y%m%d-") + secrets.token_hex(4)
    return data


def _new_keys() -> list[dict]:
    return [_new_key("ES256"), _new_key("RS256")]


def _write_new(path: Path, keys: list[dict], *, replace: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"oidc_keys.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    tmp.write_text(json.dumps({"keys": keys}, indent=2))
    os.chmod(tmp, 0o600)
    try:
        if replace:
            tmp.replace(path)
        else:
            os.link(tmp, path)  # several processes starting at once: the first file wins for all
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def load_private_jwks(instance_path: Path, env_value: str | None = None) -> dict:
    if env_value:
        return json.loads(env_value)
    path = instance_path / FILE_NAME
    if not path.exists():
        _write_new(path, _new_keys(), replace=False)
    return json.loads(path.read_text())


def rotate(instance_path: Path) -> str:
    """Put new signing keys first and keep the previous KEEP_OLD_KEYS pairs for verification; returns the new kids."""
    current = load_private_jwks(instance_path)["keys"]
    new = _new_keys()
    _write_new(instance_path / FILE_NAME, [*new, *current[:2 * KEEP_OLD_KEYS]], replace=True)
    return " ".join(k["kid"] for k in new)


def private_keys() -> KeySet:
    app = current_app
    cache = app.extensions.setdefault("oidc_keys", {})
    if "set" not in cache:
        data = app.config.get("OIDC_SIGNING_KEYS") or load_private_jwks(Path(app.instance_path), os.environ.get("OIDC_SIGNING_KEYS"))
        if isinstance(data, str):
            data = json.loads(data)
        cache["set"] = KeySet.import_key_set(data)
    return cache["set"]


def signing_key(alg: str = "ES256"):
    """The newest key of that algorithm (keys are kept newest first)."""
    return next(k for k in private_keys().keys if k.alg == alg)


def public_jwks() -> dict:
    return private_keys().as_dict(private=False)
