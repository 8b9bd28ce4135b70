"""The document vault: a resident's files, stored once and referenced by many applications."""
from __future__ import annotations


def init_app(app) -> None:
    """Vault table, messages, routes, `flask documents` (the sweep is a periodic job), export and erasure."""
    from .. import i18n
    from ..extensions import api
    from ..wiring import registry
    from . import cli, messages, models, routes, services  # noqa: F401 - models declares the table

    i18n.register(messages.MESSAGES)
    api.register_blueprint(routes.blp)
    cli.init_app(app)
    registry(app).export(services.export_documents, {"document.owner_id": "documents"})
    registry(app).erase(routes._erase_vault)
