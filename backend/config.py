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


def allowed_origins() -> list[str]:
    """WEBAUTHN_ORIGINS, or the addresses `make run` serves on: localhost and 127.0.0.1 at PORT.

    Following PORT means `make run PORT=8101` accepts its own browser's sign-ins.
    """
    port = os.environ.get("PORT") or "8000"
    default = f"http://localhost:{port},http://127.0.0.1:{port}"
    return [o.strip() for o in (os.environ.get("WEBAUTHN_ORIGINS") or default).split(",") if o.strip()]


def load_config(instance_path: Path) -> dict:
    """Build the configuration dict; every key is documented in README.md."""
    stored = instance_secrets(instance_path)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'mpp.sqlite3'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://"):]
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or stored["SECRET_KEY"],
        "JWT_SECRET_KEY": os.environ.get("JWT_SECRET_KEY") or stored["JWT_SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", 6 * 1024 * 1024),
        "DOCUMENT_MAX_BYTES": _env_int("DOCUMENT_MAX_BYTES", 5 * 1024 * 1024),
        "DOCUMENT_STORAGE_PATH": os.environ.get("DOCUMENT_STORAGE_PATH")
        or str(instance_path / "documents"),
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
        "VAPID_PRIVATE_KEY": os.environ.get("VAPID_PRIVATE_KEY") or instance_vapid_key(instance_path),
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
        "BOOKING_SIGNING_KEY": os.environ.get("BOOKING_SIGNING_KEY") or None,
        "BOOKING_SIGNING_KEY_FILE": os.environ.get("BOOKING_SIGNING_KEY_FILE")
        or str(instance_path / "booking_ed25519.pem"),
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
