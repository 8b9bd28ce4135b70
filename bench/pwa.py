"""PWA numbers: first-load weight (compressed bytes, requests), offline repeat-load time to a
visible catalogue, time to flush 100 queued submissions after reconnecting; Lighthouse mobile
category scores when bench/node_modules has lighthouse 12.2.3 (`npm i -E lighthouse@12.2.3`).

Run: .venv/bin/python bench/pwa.py   (starts its own gunicorn on a throw-away SQLite database)
"""
from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CHROMIUM = "/usr/lib/chromium/chromium" if Path("/usr/lib/chromium/chromium").exists() else "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "Rahasia-Kuat-2026"
NIK = "3574014507900001"

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, check=True)
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "--log-level", "warning", "backend.app:create_app()"], cwd=ROOT, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("gunicorn did not start")


def _wire(context) -> dict:
    seen = {"requests": 0, "bytes": 0, "worker_requests": 0, "worker_bytes": 0}

    def finished(request):
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        key = "worker_" if request.service_worker else ""
        seen[f"{key}requests"] += 1
        seen[f"{key}bytes"] += size

    context.on("requestfinished", finished)
    return seen


def first_load(browser, url: str) -> dict:
    """Bytes on the wire (compressed, headers included) of a first visit to the MPP chooser:
    the page alone (worker blocked), then the worker's install on top (precache revalidations)."""
    results = {}
    for mode in ("block", "allow"):
        context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers=mode)
        seen = _wire(context)
        page = context.new_page()
        page.goto(url + "/", wait_until="networkidle")
        page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
        if mode == "allow":
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            page.wait_for_timeout(1500)
        page.wait_for_timeout(500)
        results[mode] = dict(seen)
        context.close()
    return {"page_bytes": results["block"]["bytes"], "page_requests": results["block"]["requests"],
            "worker_requests": results["allow"]["worker_requests"], "worker_bytes": results["allow"]["worker_bytes"]}


def offline_repeat_load(browser, url: str, runs: int = 7) -> list[float]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(url + "/")
    page.get_by_role("button", name="Pilih MPP ini").nth(0).wait_for()
    page.evaluate("localStorage.setItem('mpp.region', '35.74')")
    page.goto(url + "/layanan")
    page.wait_for_selector(".service")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
        page.reload()
    page.wait_for_selector(".service")
    context.set_offline(True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        page.reload(wait_until="commit")
        page.wait_for_selector(".service")
        times.append((time.perf_counter() - start) * 1000)
    context.close()
    return times


def flush_hundred(browser, url: str, n: int = 100) -> float | None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
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
    context.set_offline(True)
    page.evaluate("""async ([n, data, version]) => {
        const outbox = await import('/pwa/outbox.js');
        for (let i = 0; i < n; i++) {
            await outbox.enqueue({kind: 'create', url: '/api/applications', label: {id: 'Bench', en: 'Bench'}, service_id: 2,
                body: {service_id: 2, region_code: '35.74', form_version: version, data, client_created_at: new Date().toISOString()}, blobs: []});
        }
    }""", [n, data, form["version"]])
    queued = page.evaluate("() => import('/pwa/outbox.js').then(m => m.entries()).then(e => e.length)")
    print(f"  queued offline: {queued}")
    start = time.perf_counter()
    context.set_offline(False)
    states: list[str] = []
    while time.perf_counter() - start < 300:
        states = page.evaluate("() => import('/pwa/outbox.js').then(m => m.entries()).then(e => e.map(x => x.state))")
        if all(state in ("delivered", "failed") for state in states):
            break
        time.sleep(0.1)
    else:
        print("flush did not finish in 300 s:", states)
        return None
    elapsed = time.perf_counter() - start
    print(f"  flushed: {states.count('delivered')} delivered, {states.count('failed')} failed")
    context.close()
    return elapsed


def lighthouse(url: str) -> dict | None:
    binary = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        return None
    flags = "--headless=new " + " ".join(ARGS) + " --disable-dev-shm-usage"
    out = subprocess.run(
        [str(binary), url, f"--chrome-flags={flags}", "--form-factor=mobile", "--throttling-method=simulate", "--output=json", "--quiet"],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=180)
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        print(out.stderr[-500:])
        return None
    return {k: round(v["score"] * 100) for k, v in report["categories"].items() if v.get("score") is not None}


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        url = f"http://localhost:{port}"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "RATELIMIT_ENABLED": "0",
               "WEBAUTHN_ORIGINS": url, "DOCUMENT_STORAGE_PATH": f"{tmp}/docs"}
        server = start_server(env, port)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                load = first_load(browser, url)
                print(f"first load (compressed, with headers, worker blocked): {load['page_bytes'] / 1024:.1f} KB "
                      f"in {load['page_requests']} requests")
                print(f"service worker install on a first visit: {load['worker_requests']} requests, {load['worker_bytes'] / 1024:.1f} KB")
                times = offline_repeat_load(browser, url)
                print(f"offline repeat load to catalogue visible: median {statistics.median(times):.0f} ms "
                      f"(min {min(times):.0f}, max {max(times):.0f}, {len(times)} runs)")
                elapsed = flush_hundred(browser, url) if not os.environ.get("BENCH_SKIP_FLUSH") else None
                if elapsed is not None:
                    print(f"flush of 100 queued submissions after reconnect: {elapsed:.1f} s ({100 / elapsed:.1f}/s)")
                browser.close()
            scores = lighthouse(url + "/layanan")
            print("lighthouse (mobile):", scores if scores else "skipped (npm i -E lighthouse@12.2.3 in bench/)")
        finally:
            server.terminate()
            server.wait(timeout=15)


if __name__ == "__main__":
    main()
