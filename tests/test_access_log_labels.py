"""The access log names what was read in words ("Melihat · tiket antrian"), never the internal
object type ("booking", "complaint"): every object type the server audits has a label in both
languages of the PWA."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _audited_object_types() -> set[str]:
    types = set()
    for path in (ROOT / "backend").rglob("*.py"):
        types |= set(re.findall(r'object_type="([a-z_]+)"', path.read_text()))
    return types


def _labels(lang: str) -> dict[str, str]:
    labels = {}
    for path in (ROOT / "pwa").glob("i18n*.js"):
        source = path.read_text()
        block = re.search(rf"export const {lang} = \{{(.*?)\n\}};", source, re.S)
        if lang == "en" and path.name == "i18n-en.js":
            block = re.search(r"export default \{(.*?)\n\};", source, re.S)
        if block:
            labels.update(re.findall(r'"(access\.object\.[a-z_]+)":\s*"([^"]+)"', block.group(1)))
    return labels


def test_every_audited_object_type_has_a_label_in_both_languages():
    types = _audited_object_types()
    assert {"booking", "complaint", "application", "document"} <= types
    for lang in ("id", "en"):
        labels = _labels(lang)
        missing = sorted(t for t in types if f"access.object.{t}" not in labels)
        assert not missing, f"{lang}: no label for {missing}"
        assert all(label != key.rsplit(".", 1)[1] for key, label in labels.items() if lang == "id")
