"""Safe display and download names for vault files.

A name comes from the client, so it may carry a misleading extension ("laporan.html" for a
PDF) or bidi controls that reverse how it reads (U+202E turns "gnp.exe" into "exe.png" on
screen). Names are cleaned at upload, and again at download for rows stored before that.
"""
from __future__ import annotations

import mimetypes
import unicodedata

from .sniff import EXTENSIONS

# Control (Cc), format (Cf: bidi embeddings, overrides and isolates, zero-width characters,
# the BOM, the soft hyphen), surrogate (Cs) and line/paragraph separator (Zl, Zp) characters.
_STRIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

# Python's built-in table only (no /etc/mime.types), so every host decides the same way;
# plus executable and script suffixes that table lacks.
_KNOWN_SUFFIXES = frozenset(ext.lstrip(".").lower() for ext in mimetypes.MimeTypes().types_map[True]) | {
    "apk", "bat", "cmd", "com", "cpl", "hta", "jar", "jfif", "lnk", "msi", "ps1", "scr", "vbs", "webp",
}
DEFAULT_STEM = "dokumen"


def clean_name(name: str | None) -> str:
    """The name without control, format or separator characters; "" when nothing but an extension is left."""
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _STRIPPED_CATEGORIES).strip()
    stem, dot, _ = name.rpartition(".")
    if dot and not stem.strip(" ._"):
        return ""
    return name


def download_name(filename: str | None, content_type: str) -> str:
    """The name to download a file under: cleaned, with the extension of its sniffed content type."""
    name = clean_name(filename)
    allowed = EXTENSIONS.get(content_type, ("bin",))
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix.lower() in allowed:
        return name
    if dot and suffix.lower() in _KNOWN_SUFFIXES:
        name = stem
    name = name.strip(" ._") or DEFAULT_STEM
    return f"{name}.{allowed[0]}"


def ascii_fallback(name: str) -> str:
    """A plain-ASCII form for the old filename= parameter (clients without RFC 6266 filename*)."""
    stem, dot, suffix = name.rpartition(".")
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    plain = "".join(ch if ch.isalnum() or ch in " -_." else "_" for ch in plain).strip(" ._")
    return f"{plain or DEFAULT_STEM}{dot}{suffix}"
