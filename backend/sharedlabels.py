"""Labels the PWA shows too (status names, NIK messages), read from their only source,
pwa/i18n-shared.js: the JSON object between its `/* JSON */` and `/* END JSON */` markers."""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "pwa" / "i18n-shared.js"


@functools.lru_cache(maxsize=1)
def shared_labels() -> dict[str, dict[str, str]]:
    """{"status.in_review": {"id": ..., "en": ...}, "warn.nik.province": {...}, ...}"""
    text = SOURCE.read_text(encoding="utf-8")
    block = re.search(r"/\* JSON \*/(.*?)/\* END JSON \*/", text, re.S)
    if block is None:
        raise RuntimeError(f"{SOURCE}: no /* JSON */ ... /* END JSON */ block")
    return json.loads(block.group(1))


def label(key: str) -> dict[str, str]:
    return dict(shared_labels()[key])
