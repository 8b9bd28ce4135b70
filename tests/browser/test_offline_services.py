"""After choosing an MPP once online, every one of its services opens offline, also those never
opened and deep links to them: the app copies each service's details and current form in the
background (bounded). The test measures how many bytes that adds."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import OUTPUT
from .helpers import REGION, choose_mpp, wait_for_worker

pytestmark = pytest.mark.browser

CACHED_SERVICES = """async () => {
    const cache = await caches.open('mpp-catalogue-v1');
    const out = {};
    for (const request of await cache.keys()) {
        const path = new URL(request.url).pathname;
        if (/^\\/api\\/services\\/\\d+$/.test(path)) out[path] = (await (await cache.match(request)).arrayBuffer()).byteLength;
    }
    return out;
}"""


def test_every_service_of_the_mpp_opens_offline(page, context, server):
    client = server.app.test_client()
    offered = client.get(f"/api/regions/{REGION}/services?per_page=100").get_json()
    assert offered["pages"] == 1
    ids = [s["id"] for s in offered["items"]]
    choose_mpp(page)
    wait_for_worker(page)
    page.goto("/layanan")
    page.wait_for_function(f"() => Number(document.documentElement.dataset.warmed) === {len(ids)}", timeout=60000)
    cached = page.evaluate(CACHED_SERVICES)
    assert set(cached) == {f"/api/services/{i}" for i in ids}
    # what the copies cost: bytes stored, and bytes on the wire with the server's compression
    wire = sum(len(client.get(f"/api/services/{i}", headers={"Accept-Encoding": "br, gzip"}).data) for i in ids)
    numbers = {"services": len(ids), "stored_bytes": sum(cached.values()), "transfer_bytes": wire}
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "offline-services.json").write_text(json.dumps(numbers))
    print("offline service copies:", numbers)

    server.stop()  # fully offline: no answer even for the worker
    context.set_offline(True)
    never_opened = next(s for s in offered["items"] if s["code"] != "skck")
    page.goto(f"/layanan/{never_opened['id']}")  # a deep link, never opened before
    expect(page.get_by_role("heading", name=re.compile(re.escape(never_opened["name"]["id"])))).to_be_visible()
    expect(page.get_by_role("heading", name="1. Persyaratan")).to_be_visible()
    expect(page.get_by_text("belum tersimpan di perangkat")).to_have_count(0)
    context.set_offline(False)


def test_copies_are_bounded_and_not_refetched_on_every_visit(page, server):
    choose_mpp(page)
    wait_for_worker(page)
    page.goto("/layanan")
    page.wait_for_function("() => Number(document.documentElement.dataset.warmed) > 0", timeout=60000)
    before = server.faults.count("GET", "/api/services/")
    page.goto("/layanan")
    page.reload()
    page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
    page.wait_for_timeout(1500)
    assert server.faults.count("GET", "/api/services/") - before <= 1  # once per 12 h, not per visit
