"""The one URL converter for database ids: 1 to 2^31-1, so an oversized id is a 404, never a 500."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def decimal_up_to(limit: int) -> str:
    """A regex for the decimal numbers 1..limit, written without leading zeros.

    The range lives in the regex, not only in to_python: werkzeug checks a rule's methods before
    it converts, so a value refused in to_python made DELETE /x/<big> a 405 (the PATCH rule of the
    same path "matched"), and int() of a 5,000-digit value raised ValueError (a 500).
    """
    digits = str(limit)
    width = len(digits)
    parts = [rf"[1-9]\d{{0,{width - 2}}}"] if width > 1 else []
    for i, digit in enumerate(digits):
        low = 1 if i == 0 else 0
        high = int(digit) - 1
        if high >= low:
            rest = width - i - 1
            parts.append(digits[:i] + f"[{low}-{high}]" + (rf"\d{{{rest}}}" if rest else ""))
    parts.append(digits)
    return "(?:" + "|".join(parts) + ")"


class IdConverter(IntegerConverter):
    """`<id:name>`: a positive integer that fits every database's INTEGER column."""

    regex = decimal_up_to(MAX_ID)

    def __init__(self, map, **kwargs):  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, **kwargs)


def init_app(app, api) -> None:
    """Register `<id:...>` with Flask and describe it in the OpenAPI document."""
    app.url_map.converters["id"] = IdConverter
    api.register_converter(IdConverter, lambda _converter: {"type": "integer", "minimum": 1, "maximum": MAX_ID})
