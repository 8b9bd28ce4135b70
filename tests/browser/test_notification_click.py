"""Tapping a notification: the worker brings the app's open window to the message's page
(focus + navigate) instead of opening a second window; only with no window open does it open
one. Driven by a synthetic notificationclick dispatched inside the service worker."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, wait_for_worker

pytestmark = pytest.mark.browser

# Shows a notification pointing at `path`, spies on clients.openWindow, and dispatches a click on it.
CLICK = """async (path) => {
  self.__opened = [];
  const original = self.clients.openWindow.bind(self.clients);
  self.clients.openWindow = (url) => { self.__opened.push(url); return original(url).catch(() => null); };
  await self.registration.showNotification("Status permohonan berubah", {tag: "uji-klik", data: {url: path, application_id: null}});
  const [notification] = await self.registration.getNotifications({tag: "uji-klik"});
  self.dispatchEvent(new NotificationEvent("notificationclick", {notification}));
  return true;
}"""


def worker_of(context):
    workers = [w for w in context.service_workers if w.url.endswith("/service-worker.js")]
    return workers[0] if workers else context.wait_for_event("serviceworker")


@pytest.fixture
def app_page(page, context, server):
    context.grant_permissions(["notifications"])
    choose_mpp(page)
    wait_for_worker(page)
    return page


def test_tap_brings_the_open_window_to_the_page(app_page, context, server):
    page = app_page
    page.goto("/layanan")
    expect(page.get_by_role("heading", name="Layanan", exact=True)).to_be_visible()
    page.evaluate("window.__sameDocument = true")
    worker = worker_of(context)
    worker.evaluate(CLICK, "/masuk")
    page.wait_for_url("**/masuk")
    expect(page.get_by_role("heading", name="Masuk", exact=True)).to_be_visible()
    assert worker.evaluate("self.__opened") == []  # no second window
    assert len(context.pages) == 1
    assert worker.evaluate("self.registration.getNotifications({tag: 'uji-klik'}).then((n) => n.length)") == 0  # closed


def test_tap_on_the_page_already_shown_opens_nothing(app_page, context, server):
    page = app_page
    page.goto("/masuk")
    expect(page.get_by_role("heading", name="Masuk", exact=True)).to_be_visible()
    page.evaluate("window.__stay = 'here'")
    worker = worker_of(context)
    worker.evaluate(CLICK, "/masuk")
    page.wait_for_timeout(500)
    assert worker.evaluate("self.__opened") == []
    assert page.evaluate("window.__stay") == "here"  # not even reloaded
    assert len(context.pages) == 1


def test_tap_with_no_window_open_opens_one(app_page, context, server):
    worker = worker_of(context)
    app_page.close()
    assert worker.evaluate("self.clients.matchAll({type: 'window', includeUncontrolled: true}).then((c) => c.length)") == 0
    worker.evaluate(CLICK, "/masuk")
    for _ in range(50):
        if worker.evaluate("self.__opened.length"):
            break
        worker.evaluate("new Promise((r) => setTimeout(r, 100))")
    assert worker.evaluate("self.__opened") == [f"{server.url}/masuk"]
