"""Settings from the environment, with safe defaults for a laptop (SQLite, local files)."""
from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def instance_secrets(instance_path: Path) -> dict[str, str]:
    """Secret keys generated once and kept in the instance folder (never committed)."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / "secrets.json"
    stored: dict[str, str] = {}
    if path.exists():
        stored = json.loads(path.read_text())
    changed = False
    for name in ("SECRET_KEY", "JWT_SECRET_KEY"):
        if not stored.get(name):
            stored[name] = secrets.token_urlsafe(48)
            changed = True
    if changed:
        tmp = path.with_name(f"secrets.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        tmp.write_text(json.dumps(stored, indent=2))
        os.chmod(tmp, 0o600)
        try:
            if path.exists():
                tmp.replace(path)  # adding a missing key to an existing file
            else:
                # link, not replace: when several processes start at once, the first file wins for all
                os.link(tmp, path)
        except FileExistsError:
            stored = json.loads(path.read_text())
        finally:
            tmp.unlink(missing_ok=True)
    return stored


def instance_vapid_key(instance_path: Path) -> str:
    """The VAPID private key (base64url raw P-256 scalar), generated once into instance/vapid.json (0600)."""
    path = instance_path / "vapid.json"
    if path.exists():
        stored = json.loads(path.read_text())
        if stored.get("private_key"):
            return stored["private_key"]
    import base64

    from cryptography.hazmat.primitives.asymmetric import ec

    scalar = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value.to_bytes(32, "big")
    private_key = base64.urlsafe_b64encode(scalar).rstrip(b"=").decode()
    instance_path.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"vapid.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    tmp.write_text(json.dumps({"private_key": private_key}, indent=2))
    os.chmod(tmp, 0o600)
    try:
        # link, not replace: when several processes start at once, the first key written wins for all
        os.link(tmp, path)
    except FileExistsError:
        private_key = json.loads(path.read_text())["private_key"]
    finally:
        tmp.unlink()
    return private_key


# Keys every host of a region must share, and that a production host never generates for itself.
# Another domain that signs with its own key adds the key's setting name here (e.g. OpenID Connect).
PRODUCTION_SECRETS: list[str] = [
    "SECRET_KEY", "JWT_SECRET_KEY", "VAPID_PRIVATE_KEY", "BOOKING_SIGNING_KEY",
    "OIDC_SIGNING_KEYS",  # the OpenID Connect provider's private JWKS (backend/oidc/keys.py)
]
# Optional secrets that may come from the same places (never required, never generated).
OPTIONAL_SECRETS: list[str] = ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "SMTP_PASSWORD"]


class ProductionConfigError(RuntimeError):
    """MPP_ENV=production and a required secret or setting is missing: the app refuses to start."""


def is_production() -> bool:
    return (os.environ.get("MPP_ENV") or "").strip().lower() == "production"


def _secrets_file() -> dict[str, str]:
    """MPP_SECRETS_FILE: a JSON object of secret settings (e.g. a mounted secret store volume)."""
    name = os.environ.get("MPP_SECRETS_FILE")
    if not name:
        return {}
    try:
        stored = json.loads(Path(name).read_text())
    except (OSError, ValueError) as error:
        raise ProductionConfigError(f"MPP_SECRETS_FILE={name} cannot be read as a JSON object: {error}") from None
    if not isinstance(stored, dict):
        raise ProductionConfigError(f"MPP_SECRETS_FILE={name} must hold a JSON object of setting names to values")
    return {str(k): str(v) for k, v in stored.items() if v}


def secret_from_environment(name: str, from_file: dict[str, str], *, strict: bool) -> str | None:
    """NAME, else the content of the file NAME_FILE, else NAME in MPP_SECRETS_FILE; None if none is set.

    strict (production): a NAME_FILE that cannot be read is an error, not a reason to generate a key.
    """
    if value := os.environ.get(name):
        return value
    if path := os.environ.get(f"{name}_FILE"):
        try:
            return Path(path).read_text().strip() or None
        except OSError as error:
            if strict:
                raise ProductionConfigError(f"{name}_FILE={path} cannot be read: {error.strerror}") from None
    return from_file.get(name)


def production_settings(settings: dict) -> dict:
    """The secrets (and settings) a production host must be given; names every one that is missing.

    Called by load_config only with MPP_ENV=production: nothing is generated and nothing is read
    from the instance folder, so every host behind the load balancer signs and verifies alike.
    """
    from_file = _secrets_file()
    found = {name: secret_from_environment(name, from_file, strict=True) for name in PRODUCTION_SECRETS}
    missing = [name for name, value in found.items() if not value]
    if not os.environ.get("DATABASE_URL"):
        missing.append("DATABASE_URL")
    storage = settings["DOCUMENT_STORAGE"]
    if storage == "s3" and not settings["S3_BUCKET"]:
        missing.append("S3_BUCKET")
    elif storage == "filesystem" and not os.environ.get("DOCUMENT_STORAGE_PATH"):
        missing.append("DOCUMENT_STORAGE_PATH (or DOCUMENT_STORAGE=s3)")
    if missing:
        raise ProductionConfigError(
            "MPP_ENV=production: missing " + ", ".join(missing) + ". Give each secret as an environment "
            "variable, as NAME_FILE (a file holding it) or in the JSON file MPP_SECRETS_FILE; a production "
            "host never generates keys of its own (docs/deploy.md).")
    return found


def allowed_origins() -> list[str]:
    """WEBAUTHN_ORIGINS, or the addresses `make run` serves on: localhost and 127.0.0.1 at PORT.

    Following PORT means `make run PORT=8101` accepts its own browser's sign-ins.
    """
    port = os.environ.get("PORT") or "8000"
    default = f"http://localhost:{port},http://127.0.0.1:{port}"
    return [o.strip() for o in (os.environ.get("WEBAUTHN_ORIGINS") or default).split(",") if o.strip()]


def load_config(instance_path: Path) -> dict:
    """Build the configuration dict; every key is documented in README.md.

    With MPP_ENV=production the keys come only from the environment or a secrets file (see
    production_settings); otherwise missing ones are generated once into the instance folder.
    """
    production = is_production()
    from_file = _secrets_file()
    given = {name: secret_from_environment(name, from_file, strict=production)
             for name in [*PRODUCTION_SECRETS, *OPTIONAL_SECRETS]}
    given = {name: value for name, value in given.items() if value}
    if production:
        stored = {}
        vapid_key = given.get("VAPID_PRIVATE_KEY", "")
    else:
        stored = instance_secrets(instance_path)
        vapid_key = given.get("VAPID_PRIVATE_KEY") or instance_vapid_key(instance_path)
    settings = _settings(instance_path, stored, vapid_key, production)
    settings.update(given)
    if production:
        settings.update(production_settings(settings))
    return settings


def _settings(instance_path: Path, stored: dict, vapid_key: str, production: bool) -> dict:
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'mpp.sqlite3'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://"):]
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return {
        "MPP_ENV": "production" if production else (os.environ.get("MPP_ENV") or "development"),
        "SECRET_KEY": stored.get("SECRET_KEY", ""),
        "JWT_SECRET_KEY": stored.get("JWT_SECRET_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", 6 * 1024 * 1024),
        "DOCUMENT_MAX_BYTES": _env_int("DOCUMENT_MAX_BYTES", 5 * 1024 * 1024),
        # documents: "filesystem" (DOCUMENT_STORAGE_PATH) or "s3" (docs/deploy.md); production has no default folder
        "DOCUMENT_STORAGE": (os.environ.get("DOCUMENT_STORAGE") or "filesystem").strip().lower(),
        "DOCUMENT_STORAGE_PATH": os.environ.get("DOCUMENT_STORAGE_PATH")
        or ("" if production else str(instance_path / "documents")),
        "S3_BUCKET": os.environ.get("S3_BUCKET", ""),
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL") or None,  # None: AWS S3 itself
        "S3_REGION": os.environ.get("S3_REGION") or "us-east-1",
        "S3_ACCESS_KEY_ID": os.environ.get("S3_ACCESS_KEY_ID") or None,  # None: boto3's own credential chain
        "S3_SECRET_ACCESS_KEY": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "S3_PREFIX": os.environ.get("S3_PREFIX", "documents/"),
        "S3_SSE": os.environ.get("S3_SSE", ""),  # "", "AES256" or "aws:kms"
        "S3_SSE_KMS_KEY_ID": os.environ.get("S3_SSE_KMS_KEY_ID", ""),
        "S3_ADDRESSING_STYLE": os.environ.get("S3_ADDRESSING_STYLE", ""),  # "": path with an endpoint, else auto
        "S3_CONNECT_TIMEOUT": float(os.environ.get("S3_CONNECT_TIMEOUT") or 2),
        "S3_READ_TIMEOUT": float(os.environ.get("S3_READ_TIMEOUT") or 10),
        "S3_MAX_ATTEMPTS": _env_int("S3_MAX_ATTEMPTS", 2),
        # behind a TLS reverse proxy: trust this many X-Forwarded-For/-Proto/-Host hops (0 = none)
        "PROXY_FIX_X_FOR": _env_int("PROXY_FIX_X_FOR", 0),
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(seconds=_env_int("ACCESS_TOKEN_SECONDS", 900)),
        "REFRESH_TOKEN_DAYS": _env_int("REFRESH_TOKEN_DAYS", 30),
        "REFRESH_GRACE_SECONDS": _env_int("REFRESH_GRACE_SECONDS", 30),
        "COOKIE_SECURE": _env_bool("COOKIE_SECURE", False),
        "WEBAUTHN_RP_ID": os.environ.get("WEBAUTHN_RP_ID", "localhost"),
        "WEBAUTHN_RP_NAME": os.environ.get("WEBAUTHN_RP_NAME", "MPP Digital"),
        "WEBAUTHN_ORIGINS": allowed_origins(),
        "WEBAUTHN_CHALLENGE_SECONDS": _env_int("WEBAUTHN_CHALLENGE_SECONDS", 300),
        # database:// = the app's own database, shared by every process (docs/accounts.md, limits)
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or "database://",
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": _env_bool("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute; 50 per hour"),
        "PASSKEY_LOGIN_RATE_LIMIT": os.environ.get("PASSKEY_LOGIN_RATE_LIMIT", "30 per minute; 300 per hour"),
        "PROFILE_RATE_LIMIT": os.environ.get("PROFILE_RATE_LIMIT", "10 per minute; 60 per hour"),
        "DEVICE_COOKIE_DAYS": _env_int("DEVICE_COOKIE_DAYS", 180),
        # anonymous, and each call stores a challenge row; per IP, loose enough for a shared MPP network
        "PASSKEY_OPTIONS_RATE_LIMIT": os.environ.get("PASSKEY_OPTIONS_RATE_LIMIT", "30 per minute; 300 per hour"),
        "HSTS_MAX_AGE": _env_int("HSTS_MAX_AGE", 365 * 24 * 3600),
        # outgoing mail (recovery links, e-mail confirmation; docs/accounts.md); no SMTP_HOST: nothing is sent
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": _env_int("SMTP_PORT", 587),
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_FROM": os.environ.get("SMTP_FROM", "MPP Digital <noreply@mpp.example.id>"),
        "SMTP_TLS": _env_bool("SMTP_TLS", True),
        "SMTP_TIMEOUT": _env_int("SMTP_TIMEOUT", 10),
        "SMTP_CA_FILE": os.environ.get("SMTP_CA_FILE", ""),
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", ""),  # links in mail; default: the first allowed origin
        "RECOVERY_LINK_MINUTES": _env_int("RECOVERY_LINK_MINUTES", 30),
        "RECOVERY_CODE_MINUTES": _env_int("RECOVERY_CODE_MINUTES", 15),
        "EMAIL_CONFIRM_HOURS": _env_int("EMAIL_CONFIRM_HOURS", 24),
        "RECOVERY_RATE_LIMIT": os.environ.get("RECOVERY_RATE_LIMIT", "20 per hour"),
        "RECOVERY_ACCOUNT_RATE_LIMIT": os.environ.get("RECOVERY_ACCOUNT_RATE_LIMIT", "5 per hour"),
        "RECOVERY_CODE_ISSUE_LIMIT": os.environ.get("RECOVERY_CODE_ISSUE_LIMIT", "30 per hour"),
        "VAPID_PRIVATE_KEY": vapid_key,
        "VAPID_SUBJECT": os.environ.get("VAPID_SUBJECT", "mailto:admin@mpp.example.id"),
        # push delivery worker (see docs/notifications.md)
        "PUSH_TTL_SECONDS": _env_int("PUSH_TTL_SECONDS", 2 * 24 * 3600),
        "PUSH_MAX_ATTEMPTS": _env_int("PUSH_MAX_ATTEMPTS", 8),
        "PUSH_BACKOFF_BASE_SECONDS": _env_int("PUSH_BACKOFF_BASE_SECONDS", 30),
        "PUSH_BACKOFF_MAX_SECONDS": _env_int("PUSH_BACKOFF_MAX_SECONDS", 6 * 3600),
        "PUSH_TIMEOUT_SECONDS": _env_int("PUSH_TIMEOUT_SECONDS", 10),
        "PUSH_BATCH": _env_int("PUSH_BATCH", 50),
        "PUSH_CONCURRENCY": _env_int("PUSH_CONCURRENCY", 8),
        "PUSH_POLL_INTERVAL": float(os.environ.get("PUSH_POLL_INTERVAL") or 1.0),
        "CATALOGUE_MAX_AGE": _env_int("CATALOGUE_MAX_AGE", 300),
        # least age of an in-flight Idempotency-Key claim whose holder is gone before it is taken over
        "IDEMPOTENCY_TAKEOVER_SECONDS": float(os.environ.get("IDEMPOTENCY_TAKEOVER_SECONDS") or 60),
        # queue tickets (see docs/booking.md); the signing key file is made on first use
        "BOOKING_SIGNING_KEY": None,  # PRODUCTION_SECRETS fill it from the environment
        "BOOKING_SIGNING_KEY_FILE": os.environ.get("BOOKING_SIGNING_KEY_FILE")
        or ("" if production else str(instance_path / "booking_ed25519.pem")),
        "BOOKING_MAX_DAYS_AHEAD": _env_int("BOOKING_MAX_DAYS_AHEAD", 14),
        "BOOKING_DAILY_LIMIT": _env_int("BOOKING_DAILY_LIMIT", 2),
        "BOOKING_NO_SHOW_GRACE_MINUTES": _env_int("BOOKING_NO_SHOW_GRACE_MINUTES", 15),
        "BOOKING_REMINDER_HOUR": _env_int("BOOKING_REMINDER_HOUR", 16),
        "BOOKING_REMINDER_INTERVAL": _env_int("BOOKING_REMINDER_INTERVAL", 300),
        "API_TITLE": "MPP Digital API",
        "API_VERSION": "1.0",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "COMPRESS_MIMETYPES": [
            "text/html", "text/css", "text/javascript", "application/javascript",
            "application/json", "application/problem+json", "application/manifest+json",
            "image/svg+xml",
        ],
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_MIN_SIZE": 256,
        "PWA_ROOT": str(ROOT),
    }
