"""The service worker's version comes from the content of every precached file: change any shell
file and the served worker (and index.html's ?v=) change with it, with nothing bumped by hand."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from backend import shellversion


@pytest.fixture
def shell_copy(app, tmp_path):
    """A private copy of the shell that the app serves, so a test may edit it."""
    source = Path(app.config["PWA_ROOT"])
    root = tmp_path / "app"
    shutil.copytree(source / "pwa", root / "pwa")
    for name in ("service-worker.js", "manifest.json"):
        shutil.copy(source / name, root)
    app.config["PWA_ROOT"] = str(root)
    yield root
    app.config["PWA_ROOT"] = str(source)


def _served_version(client) -> str:
    response = client.get("/service-worker.js")
    assert response.status_code == 200
    assert response.headers["Service-Worker-Allowed"] == "/"
    return re.search(rb'const VERSION = "([^"]+)";', response.data).group(1).decode()


def test_worker_on_disk_carries_no_hand_made_version(app):
    source = (Path(app.config["PWA_ROOT"]) / "service-worker.js").read_text()
    assert 'const VERSION = "dev";' in source


@pytest.mark.parametrize("changed", ["pwa/views/applications.js", "pwa/i18n-physical.js", "pwa/app.css",
                                     "pwa/index.html", "manifest.json", "service-worker.js"])
def test_changing_any_shell_file_changes_the_served_worker(client, shell_copy, changed):
    first = client.get("/service-worker.js")
    version = _served_version(client)
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    assert client.get("/service-worker.js", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    path = shell_copy / changed
    path.write_bytes(path.read_bytes() + b"\n")
    second = client.get("/service-worker.js", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.data != first.data
    assert _served_version(client) != version


def test_every_precached_file_counts(app, shell_copy):
    source = (shell_copy / "service-worker.js").read_text()
    paths = shellversion.precache_paths(source)
    assert "/" in paths and "/pwa/app.js" in paths and len(paths) > 40
    before = shellversion.shell_version(shell_copy)
    seen = {before}
    for url_path in paths:
        file = shellversion.file_of(shell_copy, url_path)
        assert file.is_file(), url_path
        original = file.read_bytes()
        file.write_bytes(original + b" ")
        seen.add(shellversion.shell_version(shell_copy))
        file.write_bytes(original)
    assert len(seen) == len(paths) + 1  # each file alone gives a version of its own
    assert shellversion.shell_version(shell_copy) == before


def test_index_assets_carry_the_worker_version(client, shell_copy):
    version = _served_version(client)
    html = client.get("/", headers={"Accept": "text/html"}).data.decode()
    assert set(re.findall(r'\?v=([^"&]+)', html)) == {version}
    deep = client.get("/layanan/12", headers={"Accept": "text/html"})
    assert deep.status_code == 200 and deep.data.decode() == html
