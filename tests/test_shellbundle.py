"""The first screen's bundle is derived from the sources: every statically imported module is in it
once, each bundled module's URL re-exports it from the very `?v=` URL index.html loads, the
worker's classic scripts stay as written, and sources the bundler cannot read are served as they are."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from backend import shellbundle, shellversion


@pytest.fixture
def shell_copy(app, tmp_path):
    source = Path(app.config["PWA_ROOT"])
    root = tmp_path / "app"
    shutil.copytree(source / "pwa", root / "pwa")
    for name in ("service-worker.js", "manifest.json"):
        shutil.copy(source / name, root)
    app.config["PWA_ROOT"] = str(root)
    yield root
    app.config["PWA_ROOT"] = str(source)


def _exports(source: str) -> set[str]:
    names = set(re.findall(r"^export\s+(?:async\s+)?(?:function|class|const|let)\s+([\w$]+)", source, re.M))
    for group in re.findall(r"^export\s*\{([^}]*)\}", source, re.M):
        names |= {item.split()[-1] for item in group.split(",") if item.strip()}
    if re.search(r"^export default", source, re.M):
        names.add("default")
    return names


def test_the_sources_bundle_and_every_module_keeps_its_exports(app):
    root = Path(app.config["PWA_ROOT"])
    source, names = shellbundle.bundle(root)
    order = shellbundle.modules(root)
    assert order[-1] == "/pwa/app.js" and len(order) == len(set(order)) > 10
    assert "/pwa/i18n-en.js" not in order  # English is loaded when it is used
    for module in order:
        assert source.count(f'__m["{module}"] = ') == 1, module
        assert set(names[module]) == _exports((root / module.lstrip("/")).read_text()), module
    assert order.index("/pwa/db.js") < order.index("/pwa/outbox-core.js") < order.index("/pwa/outbox.js")


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_the_bundle_is_valid_javascript(app, tmp_path):
    source, _ = shellbundle.bundle(Path(app.config["PWA_ROOT"]))
    path = tmp_path / "bundle.mjs"
    path.write_text(source)
    result = subprocess.run(["node", "--check", str(path)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_served_entry_is_the_bundle_and_modules_are_facades_of_it(client, app):
    root = Path(app.config["PWA_ROOT"])
    version = shellversion.shell_version(root)
    html = client.get("/", headers={"Accept": "text/html"}).data.decode()
    assert f'<script type="module" src="/pwa/app.js?v={version}">' in html
    entry = client.get(f"/pwa/app.js?v={version}")
    assert entry.status_code == 200 and entry.mimetype == "text/javascript"
    assert b'__m["/pwa/dom.js"]' in entry.data and "immutable" in entry.headers["Cache-Control"]
    facade = client.get("/pwa/dom.js").data.decode()
    assert f'from "/pwa/app.js?v={version}"' in facade and "export const {" in facade and "h," in facade
    english = client.get("/pwa/i18n-en.js").data.decode()  # not bundled: its imports name this version's URLs
    assert f'from "/pwa/i18n-physical.js?v={version}"' in english and '"./' not in english
    assert english.replace(f"/pwa/i18n-physical.js?v={version}", "./i18n-physical.js").replace(
        f"/pwa/i18n-shared.js?v={version}", "./i18n-shared.js") == (root / "pwa" / "i18n-en.js").read_text()
    assert f'import("/pwa/views/survey.js?v={version}")' in entry.data.decode()
    for classic in ("db.js", "outbox-core.js"):  # importScripts'ed by the worker: never a module facade
        assert client.get(f"/pwa/{classic}").data == (root / "pwa" / classic).read_bytes()
    again = client.get("/pwa/dom.js", headers={"If-None-Match": client.get("/pwa/dom.js").headers["ETag"]})
    assert again.status_code == 304


def test_a_change_to_a_bundled_module_reaches_the_bundle(client, shell_copy):
    path = shell_copy / "pwa" / "dom.js"
    path.write_text(path.read_text() + "\nexport function addedLater() {\n  return 1;\n}\n")
    assert b"addedLater" in client.get("/pwa/app.js").data
    assert "addedLater" in client.get("/pwa/dom.js").data.decode()


def test_a_form_the_bundler_does_not_read_falls_back_to_the_files_as_written(client, shell_copy):
    path = shell_copy / "pwa" / "dom.js"
    path.write_text(path.read_text() + '\nexport * from "./format.js";\n')
    with pytest.raises(shellbundle.BundleError):
        shellbundle.bundle(shell_copy)
    assert client.get("/pwa/app.js").data == (shell_copy / "pwa" / "app.js").read_bytes()
    assert client.get("/pwa/dom.js").data == path.read_bytes()


def test_lean_keeps_code_and_strings_that_span_lines():
    code = "const a = 1; /* kept */\n  // gone\n  /* gone */\n  const b = `x\n  y`;\n"
    assert shellbundle._lean(code) == code  # a template literal over lines: left as it is
    assert shellbundle._lean("  /* a */ f(); /* b */\n  // c\n  g();\n") == "/* a */ f(); /* b */\ng();\n"
