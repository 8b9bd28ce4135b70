"""The app shell: precache list complete, versions in step, dictionaries complete, safe
rendering, manifest, and installability in Chromium."""
import json
import posixpath
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, wait_for_worker

ROOT = Path(__file__).resolve().parents[2]
SW = (ROOT / "service-worker.js").read_text()


def _precache(name: str = "PRECACHE") -> list[str]:
    block = re.search(rf"const {name} = \[(.*?)\];", SW, re.S).group(1)
    return re.findall(r'"([^"]+)"', block)


def _all_precached() -> list[str]:
    return _precache() + _precache("STAFF_PRECACHE")


def test_precache_lists_every_file_of_the_app():
    listed = set(_all_precached())
    assert len(listed) == len(_all_precached())  # each once
    files = {f"/pwa/{p.relative_to(ROOT / 'pwa').as_posix()}" for p in (ROOT / "pwa").rglob("*") if p.is_file()}
    files.discard("/pwa/index.html")  # precached as "/"
    # screenshots are for the install dialog only (fetched online), never needed offline
    files = {f for f in files if not f.startswith("/pwa/screenshots/")}
    missing = sorted(files - listed)
    assert not missing, f"add to PRECACHE in service-worker.js: {missing}"
    assert {"/", "/manifest.json"} <= listed
    stale = sorted(p for p in listed - files if p.startswith("/pwa/"))
    assert not stale, f"listed but not in pwa/: {stale}"


def test_shell_references_the_service_worker_version():
    version = re.search(r'const VERSION = "([^"]+)"', SW).group(1)
    html = (ROOT / "pwa" / "index.html").read_text()
    versions = set(re.findall(r"\?v=([^\"&]+)", html))
    assert versions == {version}


def _static_imports(entry: str = "/pwa/app.js") -> set[str]:
    """Modules reachable from app.js through static imports (dynamic import() loads on demand)."""
    seen, todo = set(), [entry]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        source = (ROOT / module.lstrip("/")).read_text()
        for spec in re.findall(r"""^\s*import\s+(?:[^"'()]*?\s+from\s+)?["']([^"']+)["']""", source, re.M):
            todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(module), spec)))
    return seen


def test_staff_screens_are_precached_only_for_staff():
    staff = {f"/pwa/views/{p.name}" for p in (ROOT / "pwa" / "views").glob("staff-*.js")}
    assert staff and set(_precache("STAFF_PRECACHE")) == staff
    assert not staff & set(_precache())


def test_first_screen_is_one_module_and_lazy_screens_are_precached():
    """index.html loads app.js alone (the server serves it with its static imports bundled:
    backend/shellbundle.py), so nothing is listed twice and no import waterfalls."""
    html = (ROOT / "pwa" / "index.html").read_text()
    assert "modulepreload" not in html
    assert re.findall(r'<script type="module" src="([^"?]+)', html) == ["/pwa/app.js"]
    assert "/pwa/i18n-en.js" not in _static_imports()  # English comes when it is used
    lazy = set(re.findall(r'(?:lazy|import)\("\./([^"]+\.js)"', (ROOT / "pwa/app.js").read_text()))
    assert lazy and {f"/pwa/{m}" for m in lazy} <= set(_all_precached())


# Both languages key by key (layout, placeholders, plural forms): tests/test_i18n_dictionaries.py


LAZY_DICTIONARIES = ("/pwa/i18n-account.js", "/pwa/i18n-data.js")


def _keys(source: str, lang: str) -> set[str]:
    return set(re.findall(r'"([a-z_]+\.[a-z_.#]+)":', re.search(rf"export const {lang} = \{{(.*?)\n\}};", source, re.S).group(1)))


@pytest.mark.parametrize("dictionary", LAZY_DICTIONARIES)
def test_lazy_dictionary_comes_with_every_module_that_uses_its_strings(dictionary):
    """Off the first load, the dictionary merges itself in on import: every module using one of its
    keys must reach it through static imports, or the screen would show bare keys."""
    source = (ROOT / dictionary.lstrip("/")).read_text()
    keys = _keys(source, "id")
    # English may add plural forms (key#one); tests/test_i18n_dictionaries.py checks them key by key
    assert keys == {key for key in _keys(source, "en") if "#" not in key}
    assert "extend({ id, en })" in source and dictionary not in _static_imports()
    users = {}
    for path in (ROOT / "pwa").rglob("*.js"):
        module = f"/pwa/{path.relative_to(ROOT / 'pwa').as_posix()}"
        if not path.name.startswith("i18n") and any(f'"{key}"' in path.read_text() for key in keys):
            users[module] = dictionary in _static_imports(module)
    assert users and all(users.values()), f"import {dictionary} in: {sorted(m for m, ok in users.items() if not ok)}"


def test_no_html_strings_are_rendered():
    for path in (ROOT / "pwa").rglob("*.js"):
        source = path.read_text()
        assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(", source), path


def test_manifest_fields():
    manifest = json.loads((ROOT / "manifest.json").read_text())
    assert manifest["lang"] == "id" and manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert (ROOT / icon["src"].lstrip("/")).exists()


def test_manifest_screenshots_are_real_phone_screens_of_the_declared_size():
    """Chrome's richer install dialog shows these; a wrong size makes it drop them silently."""
    manifest = json.loads((ROOT / "manifest.json").read_text())
    screenshots = manifest["screenshots"]
    assert len(screenshots) >= 1
    for shot in screenshots:
        data = (ROOT / shot["src"].lstrip("/")).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and shot["type"] == "image/png"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert shot["sizes"] == f"{width}x{height}"
        assert shot["form_factor"] == "narrow" and width < height and 320 <= width and height <= 2.3 * width
        assert shot["label"]
        assert len(data) < 100_000


@pytest.mark.browser
def test_installable_and_controlled_by_the_worker(page, server):
    choose_mpp(page)
    wait_for_worker(page)
    manifest = page.request.get("/manifest.json")
    assert manifest.ok and manifest.headers["content-type"].startswith("application/manifest+json")
    for item in manifest.json()["icons"] + manifest.json()["screenshots"]:
        response = page.request.get(item["src"])
        assert response.ok, item["src"]
    cdp = page.context.new_cdp_session(page)
    # Playwright's contexts are incognito-like; every other installability criterion must hold.
    errors = [e for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] if e["errorId"] != "in-incognito"]
    assert errors == [], errors
    parsed = cdp.send("Page.getAppManifest")
    assert not parsed.get("errors"), parsed.get("errors")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/service-worker.js")
    caches = page.evaluate("caches.keys()")
    assert any(name.startswith("mpp-shell-") for name in caches)


@pytest.mark.browser
def test_activate_deletes_only_our_stale_caches(page, server):
    choose_mpp(page)
    wait_for_worker(page)
    page.evaluate("Promise.all([caches.open('mpp-shell-0.0.1'), caches.open('someone-elses-cache')])")
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'noop'})")
    # Re-run the activate cleanup the way a new version would: unregister and register again.
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.unregister())")
    page.reload()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => window.__keys && !window.__keys.includes('mpp-shell-0.0.1')"
                           " || (caches.keys().then(k => (window.__keys = k)), false)")
    assert "someone-elses-cache" in page.evaluate("caches.keys()")


@pytest.mark.browser
def test_offline_navigation_to_a_deep_link_opens_the_app(page, context, server):
    choose_mpp(page)
    wait_for_worker(page)
    context.set_offline(True)
    page.goto("/layanan/99999")  # no such service: never copied (every service of the MPP is, in the background)
    page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
    expect(page.get_by_text("belum tersimpan di perangkat")).to_be_visible()


FIRST_LOAD_BYTES = 40 * 1024  # compressed bodies and headers, as on the wire
FIRST_LOAD_REQUESTS = 12


@pytest.mark.browser
def test_first_load_stays_within_its_budget(browser, browser_context_args, server):
    """A first visit (no worker yet) to the MPP chooser: bytes on the wire and requests."""
    context = browser.new_context(**browser_context_args, service_workers="block")
    wire = []

    def finished(request):
        sizes = request.sizes()
        if sizes["responseBodySize"] >= 0:  # a memory-cache hit reports a negative body: nothing sent
            wire.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    context.on("requestfinished", finished)
    page = context.new_page()
    server.faults.seen.clear()
    page.goto("/", wait_until="networkidle")
    page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
    expect(page.get_by_role("heading", name="Pilih Mal Pelayanan Publik")).to_be_visible()
    page.wait_for_timeout(300)
    context.close()
    total = sum(size for _, size in wire)
    assert len(server.faults.seen) <= FIRST_LOAD_REQUESTS, server.faults.seen
    assert total <= FIRST_LOAD_BYTES, (total, wire)
    assert not any(path.endswith("/i18n-en.js") or "/views/survey.js" in path for _, path in server.faults.seen)


@pytest.mark.browser
def test_worker_install_downloads_each_file_once_and_leaves_staff_screens_out(page, server):
    server.faults.seen.clear()
    choose_mpp(page)
    wait_for_worker(page)
    page.wait_for_timeout(500)
    shell = sorted(path for method, path in server.faults.seen if method == "GET" and not path.startswith("/api/"))
    repeated = sorted({path for path in shell if shell.count(path) > 1})
    assert not repeated, repeated
    cached = page.evaluate("""caches.keys().then(async (names) => {
        const cache = await caches.open(names.find((n) => n.startsWith('mpp-shell-')));
        return (await cache.keys()).map((r) => new URL(r.url).pathname);
    })""")
    assert set(_precache()) <= set(cached)
    assert not set(_precache("STAFF_PRECACHE")) & set(cached)
    assert not any("/staff-" in path for path in shell)


@pytest.mark.browser
def test_staff_screens_are_precached_when_an_officer_signs_in(page, server):
    from .test_physical import officer_account, officer_sign_in

    _, email, password = officer_account.__wrapped__(server)
    choose_mpp(page)
    wait_for_worker(page)
    officer_sign_in(page, email, password)
    page.wait_for_function("""() => caches.keys().then(async (names) => {
        const cache = await caches.open(names.find((n) => n.startsWith('mpp-shell-')));
        const paths = (await cache.keys()).map((r) => new URL(r.url).pathname);
        return STAFF.every((p) => paths.includes(p));
    })""".replace("STAFF", json.dumps(_precache("STAFF_PRECACHE"))))
