"""The storage fixture: document tests that take `storage` run on the filesystem and on an S3 server."""
from __future__ import annotations

import pytest

from backend.documents.storage import StoredFileMissing, storage_for
from tests.s3server import s3_server


@pytest.fixture(scope="session")
def s3(app):
    """One moto S3 server for the session (tests get their own prefix in its bucket)."""
    with s3_server() as server:
        yield server


@pytest.fixture(params=["filesystem", "s3"])
def storage(request, app, tmp_path):
    """The app configured for one backend (DOCUMENT_STORAGE), and that backend's storage object.

    Each test has its own folder or prefix, so what a sweep lists is only what the test made.
    """
    saved = dict(app.config)
    app.config["DOCUMENT_STORAGE_PATH"] = str(tmp_path / "documents")
    if request.param == "s3":
        app.config.update(request.getfixturevalue("s3").settings())
    else:
        app.config["DOCUMENT_STORAGE"] = "filesystem"
    yield storage_for(app.config, request.param)
    app.config.clear()
    app.config.update(saved)


def stored(storage, key: str) -> bytes | None:
    """The bytes a backend holds under key, or None."""
    try:
        return storage.get(key)
    except StoredFileMissing:
        return None
