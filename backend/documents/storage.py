"""Where document bytes live: a small interface, a filesystem and an S3-compatible implementation.

DOCUMENT_STORAGE picks the backend new uploads go to. Reads fall back to the other configured
backend, so `flask documents migrate-storage` can move the bytes while every host keeps serving.
"""
from __future__ import annotations

import logging
import os
import re
import secrets
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ..errors import Problem

log = logging.getLogger(__name__)

# what put() writes: "ab/ab12...ef.pdf", or "ab/ab12...ef.part" while it writes
_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.[a-z]{2,5}$")
CHUNK = 64 * 1024
BACKENDS = ("filesystem", "s3")


class StoredFileMissing(Exception):
    """The metadata row exists but its bytes are gone."""


class StorageUnavailable(Problem):
    """The store does not answer (down, timed out, refused): 503 for the upload or download, nothing else."""

    def __init__(self, backend: str) -> None:
        super().__init__(503, "document-storage-unavailable", "documents.storage_unavailable",
                         headers={"Retry-After": "30"})
        self.backend = backend


class DocumentStorage(Protocol):
    name: str

    def put(self, data: bytes, extension: str) -> str:
        """Store data under a new random key and return that key."""

    def put_key(self, key: str, data: bytes) -> None:
        """Store data under an existing key (a migration between backends keeps the keys)."""

    def open(self, key: str) -> Iterator[bytes]:
        """The bytes under key in chunks; StoredFileMissing / StorageUnavailable are raised here, not mid-stream."""

    def get(self, key: str) -> bytes:
        """The bytes stored under key (StoredFileMissing if absent)."""

    def delete(self, key: str) -> None:
        """Remove key; removing a missing key is not an error."""

    def keys_older_than(self, cutoff: datetime) -> Iterator[str]:
        """Every stored key (and unfinished write) last written before cutoff, for the orphan sweep."""

    def check(self) -> None:
        """Raise StorageUnavailable unless the store answers (/api/health)."""


def new_key(extension: str) -> str:
    name = secrets.token_hex(16)
    return f"{name[:2]}/{name}.{extension}"


class FilesystemStorage:
    """Files under one root folder (outside every served folder), named by random keys.

    Keys look like "ab/ab12...ef.pdf": a two-character fan-out folder keeps directories small.
    """

    name = "filesystem"

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        # keys are ours, but never let one escape the root
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise StoredFileMissing(key)
        return path

    def put(self, data: bytes, extension: str) -> str:
        key = new_key(extension)
        self.put_key(key, data)
        return key

    def put_key(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f"{path.stem}.{secrets.token_hex(4)}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    def open(self, key: str) -> Iterator[bytes]:
        try:
            handle = self._path(key).open("rb")
        except FileNotFoundError:
            raise StoredFileMissing(key) from None
        return _chunks(handle)

    def get(self, key: str) -> bytes:
        return b"".join(self.open(key))

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
                if old and _is_ours(key):
                    yield key

    def check(self) -> None:
        if not os.access(self.root if self.root.exists() else self.root.parent, os.W_OK):
            raise StorageUnavailable(self.name)


def _is_ours(key: str) -> bool:
    # a finished key, or an unfinished write of put_key: "ab/<32 hex>.<8 hex>.part"
    return bool(_KEY.match(key) or re.match(r"^[0-9a-f]{2}/[0-9a-f]{32}\.[0-9a-f]{8}\.part$", key))


def _chunks(handle) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def storage_for(settings: dict, backend: str | None = None) -> DocumentStorage:
    """The storage new uploads go to (DOCUMENT_STORAGE), or the named backend; reads fall back to the other."""
    primary = _backend(settings, backend or settings.get("DOCUMENT_STORAGE") or "filesystem")
    if backend is not None:
        return primary
    others = [name for name in BACKENDS if name != primary.name and configured(settings, name)]
    return RoutedStorage(primary, [_backend(settings, name) for name in others])


def configured(settings: dict, backend: str) -> bool:
    if backend == "s3":
        return bool(settings.get("S3_BUCKET"))
    return bool(settings.get("DOCUMENT_STORAGE_PATH"))


_clients: dict[tuple, object] = {}
_clients_lock = threading.Lock()


def _backend(settings: dict, name: str) -> DocumentStorage:
    if name not in BACKENDS:
        raise ValueError(f"DOCUMENT_STORAGE must be one of {', '.join(BACKENDS)}, not {name!r}")
    if not configured(settings, name):
        raise ValueError("DOCUMENT_STORAGE=s3 needs S3_BUCKET" if name == "s3" else "DOCUMENT_STORAGE_PATH is not set")
    if name == "filesystem":
        return FilesystemStorage(settings["DOCUMENT_STORAGE_PATH"])
    from .s3 import S3Storage

    # a boto3 client is thread-safe and costly to make: one per process and settings
    fingerprint = tuple(settings.get(k) for k in S3Storage.SETTINGS)
    with _clients_lock:
        storage = _clients.get(fingerprint)
        if storage is None:
            storage = _clients[fingerprint] = S3Storage(settings)
    return storage


class RoutedStorage:
    """The configured backend, reading through to the other one while documents move between them.

    Writes go to the primary; deletes go to every configured backend (a document being migrated
    may have a copy in each); a key missing on the primary is looked for on the other one.
    """

    def __init__(self, primary: DocumentStorage, fallbacks: list[DocumentStorage]) -> None:
        self.primary = primary
        self.fallbacks = fallbacks
        self.name = primary.name

    def put(self, data: bytes, extension: str) -> str:
        return self.primary.put(data, extension)

    def put_key(self, key: str, data: bytes) -> None:
        self.primary.put_key(key, data)

    def open(self, key: str) -> Iterator[bytes]:
        try:
            return self.primary.open(key)
        except (StoredFileMissing, StorageUnavailable) as error:
            first = error
        for fallback in self.fallbacks:
            try:
                return fallback.open(key)
            except (StoredFileMissing, StorageUnavailable):
                continue
        raise first

    def get(self, key: str) -> bytes:
        return b"".join(self.open(key))

    def delete(self, key: str) -> None:
        for storage in (self.primary, *self.fallbacks):
            storage.delete(key)

    def keys_older_than(self, cutoff: datetime) -> Iterator[str]:
        for storage in (self.primary, *self.fallbacks):
            yield from storage.keys_older_than(cutoff)

    def check(self) -> None:
        self.primary.check()
