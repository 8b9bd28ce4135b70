"""The phone must not throw the outbox away: queueing a submission asks for persistent storage,
and Settings says whether the browser keeps the data for sure."""
import pytest
from playwright.sync_api import expect

from .test_outbox import fill_and_submit, start

pytestmark = pytest.mark.browser

# Counts the app's calls of navigator.storage.persist(); `answer` (if set) replaces the browser's.
SPY = """
(() => {
  const storage = navigator.storage;
  const realPersist = storage.persist.bind(storage), realPersisted = storage.persisted.bind(storage);
  window.__persistCalls = 0;
  const fake = %s;
  storage.persist = () => { window.__persistCalls += 1; return fake === null ? realPersist() : Promise.resolve(fake); };
  storage.persisted = () => (fake === null ? realPersisted() : Promise.resolve(fake));
})();
"""


def _queue_offline(page, context, server, resident_account):
    start(page, server, resident_account)
    assert page.evaluate("window.__persistCalls") == 0  # nothing is asked before there is something to keep
    context.set_offline(True)
    fill_and_submit(page)
    expect(page.locator('[data-state="pending"]')).to_contain_text("Menunggu koneksi")
    page.wait_for_function("() => window.__persistCalls >= 1")


def _settings(page):
    """Open Settings with the header's gear, as a resident does."""
    page.locator("a.gear").click()
    expect(page.get_by_role("heading", name="Data di ponsel ini")).to_be_visible()
    return page.locator("#persist-state")


def test_queueing_asks_to_persist_and_settings_shows_the_browsers_answer(page, context, server, resident_account, screenshot):
    page.add_init_script(SPY % "null")
    _queue_offline(page, context, server, resident_account)
    kept = page.evaluate("navigator.storage.persisted()")
    state = _settings(page)
    expect(state).to_have_attribute("data-state", "kept" if kept else "best-effort")
    expect(state).to_contain_text("Tersimpan permanen" if kept else "Belum tersimpan permanen")
    state.scroll_into_view_if_needed()
    screenshot("persist-settings-id")


def test_granted_persistence_shows_kept_for_sure(page, context, server, resident_account):
    # what Chromium grants an installed, much-used app: Playwright's context is not the default one, so name it
    cdp = context.new_cdp_session(page)
    browser_context = cdp.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
    cdp.send("Browser.grantPermissions", {"origin": server.url, "permissions": ["durableStorage"],
                                          "browserContextId": browser_context})
    page.add_init_script(SPY % "null")
    _queue_offline(page, context, server, resident_account)
    assert page.evaluate("navigator.storage.persisted()") is True
    state = _settings(page)
    expect(state).to_have_attribute("data-state", "kept")
    expect(state).to_contain_text("Tersimpan permanen")
    expect(page.get_by_role("button", name="Minta agar data disimpan permanen")).to_be_hidden()


def test_refused_persistence_is_said_plainly_and_can_be_asked_again(page, context, server, resident_account, screenshot):
    page.add_init_script(SPY % "false")
    _queue_offline(page, context, server, resident_account)
    state = _settings(page)
    expect(state).to_have_attribute("data-state", "best-effort")
    expect(state).to_contain_text("browser dapat menghapus data aplikasi ini")
    calls = page.evaluate("window.__persistCalls")
    ask = page.get_by_role("button", name="Minta agar data disimpan permanen")
    ask.click()
    page.wait_for_function(f"() => window.__persistCalls > {calls}")
    expect(page.locator("#toast")).to_contain_text("Browser belum mengizinkan")
    state.scroll_into_view_if_needed()
    screenshot("persist-refused-id")
    page.get_by_label("English").check()
    expect(page.get_by_role("heading", name="Data on this phone")).to_be_visible()
    expect(page.locator("#persist-state")).to_contain_text("Not kept for sure")
    page.locator("#persist-state").scroll_into_view_if_needed()
    screenshot("persist-refused-en")
