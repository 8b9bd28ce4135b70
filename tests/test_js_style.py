"""House style of the PWA's JavaScript and the service worker that a reviewer would otherwise check by
eye: no line over 140 characters (pwa/*.js, pwa/views/*.js, service-worker.js)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINE = 140
SOURCES = sorted([*(ROOT / "pwa").glob("*.js"), *(ROOT / "pwa" / "views").glob("*.js"), ROOT / "service-worker.js"])


def long_lines(text: str, limit: int = MAX_LINE) -> list[tuple[int, int]]:
    """(line number, length) of every line longer than the limit, in characters (not bytes)."""
    return [(number, len(line)) for number, line in enumerate(text.splitlines(), 1) if len(line) > limit]


def test_every_source_is_checked():
    names = {path.relative_to(ROOT).as_posix() for path in SOURCES}
    assert {"pwa/app.js", "pwa/i18n.js", "pwa/views/apply.js", "service-worker.js"} <= names
    assert len(names) > 50


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_line_is_longer_than_140_characters(path):
    assert long_lines(path.read_text(encoding="utf-8")) == [], f"{path.relative_to(ROOT)}: lines over {MAX_LINE}"


def test_the_length_is_counted_in_characters():
    assert long_lines("x" * 140 + "\n" + "é" * 140 + "\n" + "…" * 141) == [(3, 141)]
