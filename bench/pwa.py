"""PWA rows of issue 13, as ratios measured side by side in one run (bench/ratio.py):

- the outbox flush of 100 queued submissions against 100 plain sequential POSTs from the same page
  to the same server, without and with 4x CPU throttling (CDP Emulation.setCPUThrottlingRate);
- the offline reload to a visible catalogue against a static page's warm reload (a jQuery-sized
  script and a 25 KB stylesheet, same server, same compression: bench/pwa_ref.py);
- counts, not timings: first-load bytes on the wire (headers included) and requests, and the
  worker's install (requests, bytes, files downloaded twice, staff screens left out);
- Lighthouse mobile on / and /layanan, three runs each, when bench/node_modules has it (`cd bench && npm ci`).

Run: .venv/bin/python bench/pwa.py   (its own gunicorn on a throw-away SQLite database; BENCH_ROUNDS,
BENCH_SKIP_LIGHTHOUSE=1, BENCH_FLUSH_N).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from ratio import compare, print_table, serve  # noqa: E402

CHROMIUM = "/usr/lib/chromium/chromium" if Path("/usr/lib/chromium/chromium").exists() else "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]
PASSWORD = "Rahasia-Kuat-2026"
NIK = "3574014507900001"
N = int(os.environ.get("BENCH_FLUSH_N", "100"))
RELOADS = 5
SETUP = f"""
from datetime import date
from backend.app import create_app
from backend.extensions import db
from backend.catalogue import demo
from backend.accounts.models import User
from backend.accounts.passwords import hash_password
app = create_app()
with app.app_context():
    db.create_all()
    demo.load(db.session)
    db.session.add(User(role="resident", nik="{NIK}", full_name="Siti Rahmawati", birth_date=date(1990, 7, 5), gender="P",
                        phone="081234567890", email="siti@contoh.id", password_hash=hash_password("{PASSWORD}")))
    db.session.commit()
"""


def _wire(context) -> list[tuple[str, int, bool]]:
    """(url, bytes incl. headers, from the worker) of every response that crossed the network."""
    seen: list[tuple[str, int, bool]] = []

    def finished(request):
        sizes = request.sizes()
        if sizes["responseBodySize"] >= 0:  # memory/HTTP-cache hits report a negative body: nothing sent
            seen.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"], request.service_worker is not None))

    context.on("requestfinished", finished)
    return seen


def counts(browser, url: str) -> dict:
    """First visit to the MPP chooser: the page alone (worker blocked), then with the worker's install."""
    out = {}
    for mode in ("block", "allow"):
        context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers=mode)
        seen = _wire(context)
        page = context.new_page()
        page.goto(url + "/", wait_until="networkidle")
        page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
        if mode == "allow":
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            page.wait_for_timeout(2000)
            cached = page.evaluate("""caches.keys().then(async (names) => {
                const cache = await caches.open(names.find((n) => n.startsWith('mpp-shell-')));
                return (await cache.keys()).map((r) => new URL(r.url).pathname); })""")
            out["staff_precached"] = sorted(p for p in cached if "/staff-" in p)
        page.wait_for_timeout(300)
        out[mode] = list(seen)
        context.close()
    paths = [urlsplit(u).path for u, size, _ in out["allow"] if size > 0]
    return {"page_bytes": sum(s for _, s, _ in out["block"]), "page_requests": len(out["block"]),
            "install_requests": sum(1 for _, _, w in out["allow"] if w),
            "install_bytes": sum(s for _, s, w in out["allow"] if w),
            "twice": sorted({p for p in paths if paths.count(p) > 1}), "staff_precached": out["staff_precached"]}


def reload_times(page, selector: str) -> float:
    times = []
    for _ in range(RELOADS):
        start = time.perf_counter()
        page.reload(wait_until="commit")
        page.wait_for_selector(selector)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def reload_pages(browser, url: str):
    app_context = browser.new_context(viewport={"width": 360, "height": 740})
    app = app_context.new_page()
    app.goto(url + "/")
    app.evaluate("localStorage.setItem('mpp.region', '35.74')")
    app.goto(url + "/layanan")
    app.wait_for_selector(".service")
    app.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not app.evaluate("Boolean(navigator.serviceWorker.controller)"):
        app.reload()
    app.wait_for_selector(".service")
    app.wait_for_timeout(1500)  # the background copies of the services settle
    app_context.set_offline(True)
    ref_context = browser.new_context(viewport={"width": 360, "height": 740})
    ref = ref_context.new_page()
    ref.goto(url + "/bench-ref/")
    ref.wait_for_selector(".service")
    return app, ref, (app_context, ref_context)


# Queued while this page holds the outbox's flush lock (every flusher, page or worker, then answers
# "busy"), so nothing is sent before the clock starts; emulated offline did not stop the worker.
ENQUEUE = """async ([n, data, version]) => {
  await new Promise((held) => navigator.locks.request('mpp-outbox-flush', () => {
    held();
    return new Promise((release) => (window.__release = release));
  }));
  await globalThis.MPPdb.clear('outbox');
  const outbox = await import('/pwa/outbox.js');
  for (let i = 0; i < n; i++) {
    await outbox.enqueue({kind: 'create', url: '/api/applications', label: {id: 'Bench', en: 'Bench'}, service_id: 2,
      body: {service_id: 2, region_code: '35.74', form_version: version, data, client_created_at: new Date().toISOString()}, blobs: []});
  }
  window.__delivered = 0;
  const channel = new BroadcastChannel('mpp-outbox');
  channel.onmessage = (event) => { if (event.data && event.data.type === 'delivered') window.__delivered += 1; };
}"""

PLAIN_POSTS = """async ([n, body]) => {
  let auth = await globalThis.MPPdb.get('kv', 'auth');
  const send = (token) => fetch('/api/applications', {method: 'POST', body: JSON.stringify(body), headers: {
    'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${token}`,
    'Idempotency-Key': crypto.randomUUID()}});
  for (let i = 0; i < n; i++) {
    let response = await send(auth.access_token);
    if (response.status === 401) response = await send((auth = await globalThis.MPPOutbox.refreshSession(auth.access_token)).access_token);
    if (!response.ok) throw new Error(`POST ${response.status}`);
    await response.json();
  }
}"""


class Flush:
    """A signed-in resident's page on /permohonan (the list and the outbox on screen)."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport={"width": 360, "height": 740})
        self.page = page = self.context.new_page()
        page.goto(url + "/masuk")
        page.evaluate("localStorage.setItem('mpp.region', '35.74')")
        page.get_by_label("NIK atau email").fill(NIK)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).click()
        page.wait_for_selector("text=Permohonan saya")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        form = page.evaluate("fetch('/api/services/2').then(r => r.json()).then(s => s.form)")
        data = {"nik": NIK, "full_name": "Siti Rahmawati", "phone": "081234567890", "agree": True}
        for field in form["fields"]:
            if field["type"] == "select" and field["required"]:
                data[field["key"]] = field["options"][0]["value"]
        self.data, self.version = data, form["version"]
        self.cdp = self.context.new_cdp_session(page)

    def _throttle(self, rate: float) -> None:
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})

    def outbox(self, rate: float) -> float:
        """Seconds from the app's `online` handler to the N-th delivery of N queued submissions."""
        self.page.evaluate(ENQUEUE, [N, self.data, self.version])
        self._throttle(rate)
        start = time.perf_counter()
        self.page.evaluate("() => { window.__release(); window.dispatchEvent(new Event('online')); }")
        self.page.wait_for_function(f"() => window.__delivered >= {N}", polling=50, timeout=600_000)
        elapsed = time.perf_counter() - start
        self._throttle(1)
        return elapsed

    def plain(self, rate: float) -> float:
        """Seconds for N plain sequential POSTs of the same body from the same page."""
        body = {"service_id": 2, "region_code": "35.74", "form_version": self.version, "data": self.data,
                "client_created_at": "2026-12-01T08:00:00+07:00"}
        self._throttle(rate)
        start = time.perf_counter()
        self.page.evaluate(PLAIN_POSTS, [N, body])
        elapsed = time.perf_counter() - start
        self._throttle(1)
        return elapsed


def lighthouse(url: str) -> dict | None:
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        return None
    flags = "--headless=new " + " ".join(ARGS) + " --disable-dev-shm-usage"
    out = subprocess.run(
        [str(binary), url, f"--chrome-flags={flags}", "--form-factor=mobile", "--throttling-method=simulate",
         "--output=json", "--quiet", "--only-categories=performance,accessibility,best-practices,seo"],
        check=False, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        print(out.stderr[-800:])
        return None
    scores = {k: round(v["score"] * 100) for k, v in report["categories"].items() if v.get("score") is not None}
    scores["tbt_ms"] = round(report["audits"]["total-blocking-time"]["numericValue"])
    return scores


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "RATELIMIT_ENABLED": "0",
               "DOCUMENT_STORAGE_PATH": f"{tmp}/docs", "ACCESS_TOKEN_SECONDS": "3600"}
        subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, check=True)
        with serve("bench.pwa_ref:app()", env) as base:
            url = base.replace("127.0.0.1", "localhost")  # a secure context for the worker, as the app expects
            rows = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                c = counts(browser, url)
                print(f"first load (worker blocked): {c['page_bytes'] / 1024:.1f} KB in {c['page_requests']} requests "
                      f"(goal <= 40 KB in <= 12: {'met' if c['page_bytes'] <= 40 * 1024 and c['page_requests'] <= 12 else 'NOT met'})")
                print(f"worker install: {c['install_requests']} requests, {c['install_bytes'] / 1024:.1f} KB; "
                      f"downloaded twice: {c['twice'] or 'none'}; staff screens precached for a resident: {c['staff_precached'] or 'none'}")
                app, ref, contexts = reload_pages(browser, url)
                rows.append(compare("offline reload to catalogue / static warm reload", lambda: reload_times(app, ".service"),
                                    lambda: reload_times(ref, ".service"), goal=1.2, higher_is_better=False))
                for context in contexts:
                    context.close()
                flush = Flush(browser, url)
                for rate in (1, 4):
                    rows.append(compare(f"outbox flush of {N} / {N} plain POSTs, CPU {rate}x", lambda r=rate: flush.outbox(r),
                                        lambda r=rate: flush.plain(r), goal=1.3, higher_is_better=False))
                flush.context.close()
                browser.close()
            print_table(rows, "## pwa")
            if not os.environ.get("BENCH_SKIP_LIGHTHOUSE"):
                for path in ("/", "/layanan"):
                    runs = [lighthouse(url + path) for _ in range(3)]
                    if runs[0] is None:
                        print("lighthouse: skipped (cd bench && npm ci)")
                        break
                    print(f"lighthouse mobile {path}: performance {[r and r.get('performance') for r in runs]}, "
                          f"TBT {[r and r['tbt_ms'] for r in runs]} ms, all: {runs}")


if __name__ == "__main__":
    main()
