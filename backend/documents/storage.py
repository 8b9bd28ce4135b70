"""Where document bytes live: a small interface and its filesystem implementation.

Another backend (an S3-compatible bucket, see docs/applications.md) only has to provide
put/get/delete/keys_older_than with the same meaning and be returned by storage_for().
"""
from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Protocol

# what put() writes: "ab/ab12...ef.pdf", or "ab/ab12...ef.part" while it writes
_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.[a-z]{2,5}$")


class StoredFileMissing(Exception):
    """The metadata row exists but its bytes are gone."""


class DocumentStorage(Protocol):
    def put(self, data: bytes, extension: str) -> str:
        """Store data under a new random key and return that key."""

    def get(self, key: str) -> bytes:
        """The bytes stored under key (StoredFileMissing if absent)."""

    def delete(self, key: str) -> None:
        """Remove key; removing a missing key is not an error."""

    def keys_older_than(self, cutoff: datetime) -> Iterator[str]:
        """Every stored key (and unfinished write) last written before cutoff, for the orphan sweep."""


class FilesystemStorage:
    """Files under one root folder (outside every served folder), named by random keys.

    Keys look like "ab/ab12...ef.pdf": a two-character fan-out folder keeps directories small.
    """

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        # keys are ours, but never let one escape the root
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise StoredFileMissing(key)
        return path

    def put(self, data: bytes, extension: str) -> str:
        name = secrets.token_hex(16)
        key = f"{name[:2]}/{name}.{extension}"
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_suffix(".part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        return key

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise StoredFileMissing(key) from None

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink()
        except (FileNotFoundError, StoredFileMissing):
            pass

    def keys_older_than(self, cutoff: datetime) -> Iterator[str]:
        # only names put() makes: a root set to a wrong folder must not lose anyone's files
        limit = cutoff.timestamp()
        for folder in sorted(self.root.glob("[0-9a-f][0-9a-f]")):
            for path in sorted(folder.iterdir()):
                key = f"{folder.name}/{path.name}"
                try:
                    old = path.is_file() and path.stat().st_mtime < limit
                except FileNotFoundError:  # deleted meanwhile
                    continue
                if old and _KEY.match(key):
                    yield key


def storage_for(settings: dict) -> DocumentStorage:
    """The storage configured by DOCUMENT_STORAGE_PATH (the only backend shipped)."""
    return FilesystemStorage(settings["DOCUMENT_STORAGE_PATH"])
