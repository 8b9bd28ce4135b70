"""Stored files that no row names (an upload that crashed before its commit) are swept after a day."""
from __future__ import annotations

import os
import time

import pytest

from backend.documents.cli import sweep_orphaned_files
from backend.documents.models import Document
from backend.documents.storage import storage_for
from backend.extensions import db
from backend.wiring import registry

from .files import PDF, PNG, upload

TWO_DAYS = 2 * 24 * 3600


def _path(app, key: str) -> str:
    return os.path.join(app.config["DOCUMENT_STORAGE_PATH"], key)


def _age(path: str, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.fixture
def files(app, client, resident, auth_headers):
    """A referenced old file, an old orphan, a fresh orphan, an old unfinished write, an old foreign file."""
    storage = storage_for(app.config)
    document_id = upload(client, auth_headers(resident), PDF).get_json()["id"]
    with app.app_context():
        referenced = _path(app, db.session.get(Document, document_id).storage_key)
    old_orphan = _path(app, storage.put(PNG, "png"))
    fresh_orphan = _path(app, storage.put(PNG, "png"))
    part = _path(app, "0f/" + "0" * 32 + ".part")  # a write that never finished
    os.makedirs(os.path.dirname(part), exist_ok=True)
    with open(part, "wb") as handle:
        handle.write(b"%PDF-half")
    foreign = os.path.join(app.config["DOCUMENT_STORAGE_PATH"], "ab", "notes.txt")
    os.makedirs(os.path.dirname(foreign), exist_ok=True)
    with open(foreign, "w") as handle:
        handle.write("not ours")
    for path in (referenced, old_orphan, part, foreign):
        _age(path, TWO_DAYS)
    yield {"referenced": referenced, "old_orphan": old_orphan, "fresh_orphan": fresh_orphan, "part": part,
           "foreign": foreign, "document_id": document_id}
    for path in (fresh_orphan, foreign):
        if os.path.exists(path):
            os.remove(path)


def test_the_worker_sweep_removes_old_orphans_only(app, client, resident, auth_headers, files):
    with app.app_context():
        deleted = sweep_orphaned_files()

    assert deleted >= 2
    assert not os.path.exists(files["old_orphan"]) and not os.path.exists(files["part"])
    assert os.path.exists(files["fresh_orphan"])  # maybe an upload still in progress
    assert os.path.exists(files["foreign"])  # not a name the storage makes
    assert open(files["referenced"], "rb").read() == PDF
    content = client.get(f"/api/documents/{files['document_id']}/content", headers=auth_headers(resident))
    assert content.status_code == 200 and content.data == PDF


def test_the_cli_sweep_takes_a_minimum_age(app, files):
    runner = app.test_cli_runner()

    kept = runner.invoke(args=["documents", "sweep", "--min-age-hours", "72"])
    assert kept.exit_code == 0 and "deleted: 0" in kept.output
    assert os.path.exists(files["old_orphan"])

    swept = runner.invoke(args=["documents", "sweep"])
    assert swept.exit_code == 0, swept.output
    assert not os.path.exists(files["old_orphan"]) and os.path.exists(files["fresh_orphan"])
    assert os.path.exists(files["referenced"])


def test_the_sweep_is_one_of_the_workers_periodic_jobs(app):
    jobs = {name: (interval, job) for name, interval, job in registry(app).periodic}
    interval, job = jobs["document orphan sweep"]
    assert job is sweep_orphaned_files and interval <= 24 * 3600
