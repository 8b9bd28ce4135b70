"""Two languages, one account: sign-in adopts the account's language (or asks once when this
device chose another), Settings always saves the choice to the account, and the worker's own
texts follow the app's language kept in IndexedDB, not the browser's locale."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, wait_for_worker
from .test_notification_click import worker_of
from .test_zoom import set_language, sign_in_as

pytestmark = pytest.mark.browser

UNREADABLE_PUSH = """async () => {
  for (const n of await self.registration.getNotifications()) n.close();
  self.dispatchEvent(new PushEvent("push", {data: "{not json"}));
  for (let i = 0; i < 50; i += 1) {
    const [shown] = await self.registration.getNotifications({tag: "mpp-news"});
    if (shown) return {title: shown.title, lang: shown.lang};
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}"""


def account_language(server, user_id) -> str:
    from backend.accounts.models import User
    from backend.extensions import db

    with server.app.app_context():
        language = db.session.get(User, user_id).language
        db.session.remove()
        return language


def test_a_fresh_device_takes_the_account_language_at_sign_in(page, server, resident_account):
    user, password = resident_account
    set_language(server, user.id, "en")
    choose_mpp(page)
    sign_in_as(page, user.nik, password)
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("dialog")).to_have_count(0)  # nothing to ask: nobody chose on this device
    assert page.evaluate("MPPdb.get('kv', 'lang')") == "en"


def test_a_device_that_chose_another_language_asks_once(page, server, resident_account):
    user, password = resident_account
    choose_mpp(page)
    page.goto("/pengaturan")
    page.get_by_label("English").check()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    page.goto("/masuk")
    page.get_by_label("NIK or email").fill(user.nik)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    dialog = page.get_by_role("dialog", name="Choose a language")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Your account uses Bahasa Indonesia, while this device uses English.")
    dialog.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()
    for _ in range(30):
        if account_language(server, user.id) == "en":
            break
        page.wait_for_timeout(100)
    assert account_language(server, user.id) == "en"  # the account follows: push messages arrive in English
    page.reload()
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()
    expect(page.locator("dialog")).to_have_count(0)  # asked once


def test_settings_saves_the_ticked_language_to_the_account_again(page, server, resident_account):
    user, password = resident_account
    choose_mpp(page)
    sign_in_as(page, user.nik, password)
    set_language(server, user.id, "en")  # changed elsewhere (another device)
    page.goto("/pengaturan")
    radio = page.get_by_label("Bahasa Indonesia")
    expect(radio).to_be_checked()
    radio.click()  # the ticked option, chosen again
    expect(page.get_by_text("Bahasa disimpan di akun Anda.")).to_be_visible()
    assert account_language(server, user.id) == "id"
    page.get_by_label("English").click()
    expect(page.get_by_text("The language is saved to your account.")).to_be_visible()
    assert account_language(server, user.id) == "en"


@pytest.mark.parametrize(("language", "title"), [("en", "There is news for you"), ("id", "Ada kabar baru untuk Anda")])
def test_the_worker_fallback_notification_follows_the_app_language(page, context, server, language, title):
    """The browser's locale is id-ID in these tests: English here can only come from the app's setting."""
    context.grant_permissions(["notifications"])
    choose_mpp(page)
    wait_for_worker(page)
    page.goto("/pengaturan")
    page.locator(f"input[name='lang'][value='{language}']").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    worker = worker_of(context)
    assert worker.evaluate("self.MPPdb.get('kv', 'lang')") == language
    shown = worker.evaluate(UNREADABLE_PUSH)
    assert shown == {"title": title, "lang": language}
