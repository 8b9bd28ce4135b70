"""The one URL converter for database ids: 1 to 2^31-1, so an oversized id is a 404, never a 500."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<id:name>`: a positive integer that fits every database's INTEGER column."""

    def __init__(self, map, **kwargs):  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, **kwargs)


def init_app(app, api) -> None:
    """Register `<id:...>` with Flask and describe it in the OpenAPI document."""
    app.url_map.converters["id"] = IdConverter
    api.register_converter(IdConverter, lambda _converter: {"type": "integer", "minimum": 1, "maximum": MAX_ID})
