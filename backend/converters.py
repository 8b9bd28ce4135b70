"""URL converters: `<id:...>` for database ids (1 to 2^31-1), and text segments without control
characters, so an oversized id or a %00 in a path is a 404, never a 500."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter

MAX_ID = 2**31 - 1
# No path segment has a use for a control character; PostgreSQL refuses NUL in a query.
_TEXT = "[^/\x00-\x1f\x7f-\x9f]"


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

    def __init__(self, map, **kwargs):  # werkzeug's signature
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, **kwargs)


class TextConverter(UnicodeConverter):
    """The default `<name>` / `<string:name>`: one segment, no control characters."""

    def __init__(self, map, **kwargs):  # werkzeug's signature
        super().__init__(map, **kwargs)
        self.regex = self.regex.replace("[^/]", _TEXT, 1)


class TextPathConverter(PathConverter):
    """`<path:name>`: several segments, no control characters."""

    regex = _TEXT + _TEXT.replace("/", "") + "*?"


def init_app(app, api) -> None:
    """Register the converters with Flask (before any rule uses them) and describe `<id:...>` in
    the OpenAPI document."""
    app.url_map.converters.update(id=IdConverter, default=TextConverter, string=TextConverter, path=TextPathConverter)
    api.register_converter(IdConverter, lambda _converter: {"type": "integer", "minimum": 1, "maximum": MAX_ID})
