"""Application factory: create_app(config=None)."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, jsonify

from . import (
    accounts,
    applications,
    assisted,
    audit,
    booking,
    catalogue,
    consultation,
    converters,
    datebounds,
    demo,
    docs,
    documents,
    feedback,
    i18n,
    idempotency,
    integrations,
    jsonbody,
    notifications,
    oauth,
    oidc,
    performance,
    proxyfix,
    ratelimit,
    wiring,
)
from . import extensions as ext
from .config import ROOT, load_config
from .errors import register_error_handlers
from .health import report as health_report
from .web import init_web

# Every domain of the app, in order: a domain's init_app may use the ones before it (oidc and
# integrations add grants to oauth's server) and `flask demo load` runs their demo data in this order.
DOMAINS = (
    catalogue, accounts, ratelimit, audit, idempotency, notifications, documents, applications, booking, assisted,
    feedback, consultation, performance, oauth, integrations, oidc,
)


def create_app(config: dict | None = None) -> Flask:
    instance_path = Path((config or {}).get("INSTANCE_PATH") or ROOT / "instance")
    app = Flask(__name__, instance_path=str(instance_path), static_folder=None)
    app.config.update(load_config(instance_path))
    if config:
        app.config.update(config)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    ext.db.init_app(app)
    ext.migrate.init_app(app, ext.db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    ext.jwt.init_app(app)
    ext.limiter.init_app(app)
    ext.compress.init_app(app)
    ext.api.init_app(app)
    converters.init_app(app, ext.api)
    jsonbody.init_app(app)
    register_error_handlers(app)
    init_web(app)
    proxyfix.init_app(app)

    @app.get("/api/health")
    def health():
        """Health of this process and its dependencies (also the baseline of the benchmarks)."""
        body, status = health_report(app)
        return jsonify(body), status

    i18n.register(datebounds.MESSAGES)
    wiring.init_app(app)
    wiring.init_domains(app, DOMAINS)
    demo.init_app(app)
    docs.init_app(app)
    _configure_sqlite(app)
    return app


def _configure_sqlite(app: Flask) -> None:
    """WAL and foreign keys for SQLite, the embedded default."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():
        engine = ext.db.engine

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()
