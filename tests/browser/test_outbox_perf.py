"""The outbox flush does no more work than the submissions themselves: N queued items make N
POSTs, the list of applications is reloaded once or twice (not once per item), and each change
the screens hear costs one read of the outbox (it was three: list, survey tidy-up, badge).
Counts, not timings."""
import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, sign_in, wait_for_worker
from .test_outbox import SERVICE_ID, applications

pytestmark = pytest.mark.browser
N = 20

# Counts the page's reads of the whole outbox (IDBObjectStore.getAll on the "outbox" store).
COUNT_READS = """
(() => {
  const getAll = IDBObjectStore.prototype.getAll;
  window.__outboxReads = 0;
  IDBObjectStore.prototype.getAll = function (...args) {
    if (this.name === "outbox") window.__outboxReads += 1;
    return getAll.apply(this, args);
  };
})();
"""

ENQUEUE = """async ([n, data, version, service]) => {
  const outbox = await import('/pwa/outbox.js');
  for (let i = 0; i < n; i++) {
    await outbox.enqueue({kind: 'create', url: '/api/applications', label: {id: 'Uji', en: 'Test'}, service_id: service,
      body: {service_id: service, region_code: '35.74', form_version: version, data, client_created_at: new Date().toISOString()},
      blobs: []});
  }
}"""


def test_flushing_n_items_makes_n_posts_and_reloads_the_list_once(page, context, server, resident_account):
    user, password = resident_account
    page.add_init_script(COUNT_READS)
    choose_mpp(page)
    wait_for_worker(page)
    sign_in(page, user.nik, password)  # lands on /permohonan: the list and the outbox are on screen
    form = page.evaluate(f"fetch('/api/services/{SERVICE_ID}').then(r => r.json()).then(s => s.form)")
    data = {"nik": user.nik, "full_name": user.full_name, "phone": user.phone, "agree": True}
    for field in form["fields"]:
        if field["type"] == "select" and field["required"]:
            data[field["key"]] = field["options"][0]["value"]
    context.set_offline(True)
    page.evaluate(ENQUEUE, [N, data, form["version"], SERVICE_ID])
    expect(page.locator('[data-state="pending"]')).to_have_count(N)
    assert applications(server) == []
    server.faults.seen.clear()
    # every message the screens hear: each may cost one read of the outbox, not three
    page.evaluate("import('/pwa/outbox.js').then(m => {"
                  " window.__outboxReads = 0; window.__heard = 0; m.onChange(() => window.__heard++); })")

    context.set_offline(False)
    expect(page.locator('[data-state="delivered"]')).to_have_count(N, timeout=60000)
    expect(page.locator("#main > ul.cards > li.card")).to_have_count(N)  # the list reloaded after the flush
    page.wait_for_timeout(1500)  # any trailing reload would come now

    assert len(applications(server)) == N
    assert server.faults.count("POST", "/api/applications") == N
    lists = sum(1 for method, path in server.faults.seen if method == "GET" and path == "/api/applications")
    assert 1 <= lists <= 2, lists
    reads, heard = page.evaluate("[window.__outboxReads, window.__heard]")
    assert heard <= 2 * N + 10, heard  # coalesced: never more than the saves themselves (two an item)
    assert reads <= heard + 4, (reads, heard)  # one shared read a message (and one a flush run); it was three
    expect(page.locator("#badge-outbox")).to_be_hidden()
