"""The app shell's version: a digest of every file the service worker precaches, written into the
worker (and into index.html's `?v=`) when they are served, so no one ever bumps a version by hand.

Any change to a shell file changes the worker's bytes; the browser's update check then installs
the new worker and the app shows its update prompt.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path

PRECACHE_BLOCK = re.compile(r"const (?:STAFF_)?PRECACHE = \[(.*?)\];", re.S)
VERSION_LINE = re.compile(r'const VERSION = "[^"]*";')
ASSET_VERSION = re.compile(r'\?v=[^"&]*')


@functools.lru_cache(maxsize=512)
def file_digest(path: str, mtime_ns: int, size: int) -> str:
    """sha256 of a file's bytes (re-read only when its mtime or size changes)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def digest_of(path: Path) -> str:
    stat = os.stat(path)
    return file_digest(str(path), stat.st_mtime_ns, stat.st_size)


def precache_paths(worker_source: str) -> list[str]:
    """The URL paths listed in the worker's PRECACHE and STAFF_PRECACHE arrays (everyone's, then staff's)."""
    return [path for block in PRECACHE_BLOCK.findall(worker_source) for path in re.findall(r'"([^"]+)"', block)]


def file_of(root: Path, url_path: str) -> Path:
    """Where a precached URL comes from: "/" is pwa/index.html, the rest maps onto the tree."""
    if url_path == "/":
        return root / "pwa" / "index.html"
    return root / url_path.lstrip("/")


def shell_version(root: Path) -> str:
    """Digest of the worker's own source and of every precached file, in list order (16 hex digits)."""
    worker = root / "service-worker.js"
    source = worker.read_text(encoding="utf-8")
    total = hashlib.sha256(digest_of(worker).encode())
    for url_path in precache_paths(source):
        path = file_of(root, url_path)
        # a listed file that is missing makes install fail anyway; its absence still counts
        total.update(f"\n{url_path}:{digest_of(path) if path.is_file() else '-'}".encode())
    return total.hexdigest()[:16]


def render_worker(root: Path) -> bytes:
    """service-worker.js with VERSION set to the shell version."""
    source = (root / "service-worker.js").read_text(encoding="utf-8")
    return VERSION_LINE.sub(f'const VERSION = "{shell_version(root)}";', source, count=1).encode("utf-8")


def render_index(root: Path) -> bytes:
    """index.html with every `?v=` set to the shell version (those assets are cached as immutable)."""
    html = (root / "pwa" / "index.html").read_text(encoding="utf-8")
    return ASSET_VERSION.sub(f"?v={shell_version(root)}", html).encode("utf-8")
