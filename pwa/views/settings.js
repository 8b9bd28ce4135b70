/* Screen 8: language, notifications, passkeys, my data (export, access log), data on this phone, sign out, delete account. */
import { request } from "../api.js";
import { button, clear, h, link, toast } from "../dom.js";
import { dateTime } from "../format.js";
import { lang, t } from "../i18n.js";
import "../i18n-account.js"; // this screen's strings
import "../i18n-data.js"; // this screen's strings
import { openCount } from "../outbox.js";
import { addPasskey, passkeysSupported } from "../passkey.js";
import { disablePush, enablePush, pushEnabled, pushSupported } from "../push.js";
import { askPersist, persistState } from "../persist.js";
import { signedIn, signOut, useLanguage, user } from "../session.js";
import { currentRegion } from "../state.js";
import { securitySection } from "./password.js";
import { connectedAppsLink } from "./connected-apps.js";

function languageSection() {
  const options = [["id", "Bahasa Indonesia"], ["en", "English"]];
  return h("fieldset", { class: "field" }, h("legend", {}, t("settings.language")),
    h("div", { class: "radios" }, options.map(([code, label]) =>
      h("label", { class: "radio", lang: code },
        h("input", { type: "radio", name: "lang", value: code, checked: lang() === code, onclick: () => chooseLanguage(code) }), label))));
}

/* The server keeps the language too: push messages and e-mails follow it. A click, not a change:
   choosing the ticked option again still saves it to the account (it may differ there). */
async function chooseLanguage(code) {
  const wasSignedIn = signedIn();
  try {
    const saved = await useLanguage(code);
    if (wasSignedIn) toast(t(saved ? "language.saved" : "language.saved_later"));
  } catch (error) {
    toast(error.message, "error");
  }
}

async function notificationsSection() {
  if (!pushSupported()) return h("p", { class: "muted" }, t("push.unsupported"));
  const status = h("p", { class: "muted", role: "status" });
  const toggle = h("input", { type: "checkbox", id: "push-toggle", role: "switch", checked: await pushEnabled() });
  toggle.addEventListener("change", async () => {
    toggle.disabled = true;
    status.textContent = t("push.working");
    try {
      if (toggle.checked) await enablePush();
      else await disablePush();
      status.textContent = toggle.checked ? t("push.on") : t("push.off");
    } catch (error) {
      toggle.checked = !toggle.checked;
      status.textContent = error.code === "permission" ? t("push.denied") : error.offline ? t("error.offline_action") : error.reason
        || t("push.failed");
    } finally {
      toggle.disabled = false;
    }
  });
  return h("div", { class: "field check" }, h("label", { for: "push-toggle", class: "checkbox" }, toggle, h("span", {}, t("push.label"))),
    h("p", { class: "hint" }, t("push.hint")), status);
}

function renameForm(row, passkey, done) {
  const input = h("input", { id: `pk-${passkey.id}`, value: passkey.name, maxlength: 60, required: true });
  const form = h("form", { class: "row" },
    h("label", { for: input.id, class: "visually-hidden" }, t("passkey.new_name")), input,
    h("button", { type: "submit", class: "btn small primary" }, t("form.save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.value.trim()) return input.focus();
    try {
      await request(`/api/me/passkeys/${passkey.id}`, { method: "PATCH", auth: true, body: { name: input.value.trim() } });
      toast(t("passkey.renamed"));
    } catch (error) {
      toast(error.offline ? t("error.offline_action") : error.message, "error");
    }
    done();
  });
  row.replaceChildren(form);
  input.focus();
}

async function passkeySection(region) {
  const list = h("ul", { class: "plain" });
  const draw = async () => {
    try {
      const { items } = (await request("/api/me/passkeys", { auth: true })).data;
      clear(list, items.map((p) =>
        h("li", { class: "row" },
          h("span", {}, p.name, h("br"), h("small", { class: "muted" },
              p.last_used_at ? t("passkey.last_used", { when: dateTime(p.last_used_at, region) }) : t("passkey.never_used"))),
          button(t("passkey.rename"), (event) => renameForm(event.currentTarget.closest("li"), p, draw),
            { class: "btn small", "aria-label": t("passkey.rename_named", { name: p.name }) }),
          button(t("vault.delete"), async () => {
            if (!confirm(t("passkey.confirm_delete", { name: p.name }))) return;
            await request(`/api/me/passkeys/${p.id}`, { method: "DELETE", auth: true }).catch((e) => toast(e.message, "error"));
            draw();
          }, { class: "btn small danger", "aria-label": t("passkey.delete_named", { name: p.name }) }))));
      if (!items.length) list.append(h("li", { class: "muted" }, t("passkey.none")));
    } catch (error) {
      clear(list, h("li", { class: "muted" }, error.offline ? t("error.offline_nodata") : error.message));
    }
  };
  const add = button(t("passkey.add"), async () => {
    try {
      await addPasskey(t("passkey.default_name"));
      toast(t("passkey.added"));
      draw();
    } catch (error) {
      toast(error.name === "NotAllowedError" ? t("auth.passkey_cancelled") : error.message, "error");
    }
  }, { class: "btn primary", hidden: !passkeysSupported() });
  await draw();
  return h("section", { "aria-labelledby": "passkeys" }, h("h2", { id: "passkeys" }, t("passkey.title")), list, add);
}

export async function downloadData() {
  try {
    const blob = (await request("/api/me/export", { auth: true })).data;
    const file = blob instanceof Blob ? blob : new Blob([JSON.stringify(blob, null, 2)], { type: "application/json" });
    const url = URL.createObjectURL(file);
    const a = h("a", { href: url, download: "data-saya-mpp-digital.json" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (error) {
    toast(error.offline ? t("error.offline_action") : error.message, "error");
  }
}

/* One line per reader, object and run of reads: "Petugas #12 · Disdukcapil · Kota Probolinggo". The staff
   number is the account's, which staff cannot change; the name is set by an admin. */
function accessLine(e, region) {
  const who = [e.actor_staff_number ? t("access.staff_number", { role: t(`actor.${e.actor_role}`), n: e.actor_staff_number })
      : t(`actor.${e.actor_role}`)];
  if (e.agency) who.push(e.agency.short || e.agency.code);
  if (e.region) who.push(e.region.name);
  const what = [t(`access.${e.action}`), t(`access.object.${e.object_type}`), e.detail].filter(Boolean).join(" · ");
  const when = e.count > 1
    ? t("access.times", { n: e.count, from: dateTime(e.first_at, region), to: dateTime(e.last_at, region) })
    : dateTime(e.created_at, region);
  return h("li", {}, h("strong", {}, e.actor_name), h("br"), h("span", {}, who.join(" · ")), h("br"), what, h("br"),
    h("small", { class: "muted" }, when));
}

async function accessLog(region) {
  const list = h("ol", { class: "plain log" });
  try {
    const { items } = (await request("/api/me/access-log?per_page=20", { auth: true })).data;
    clear(list, items.map((e) => accessLine(e, region)));
    if (!items.length) list.append(h("li", { class: "muted" }, t("access.none")));
  } catch (error) {
    list.append(h("li", { class: "muted" }, error.offline ? t("error.offline_nodata") : error.message));
  }
  return h("details", {}, h("summary", {}, t("access.title")), list);
}

/* Whether the browser may evict this app's storage (and a queued submission with it) under pressure. */
async function deviceDataSection() {
  const state = h("p", { role: "status", id: "persist-state" });
  const ask = button(t("persist.ask"), async () => {
    const result = await askPersist();
    show(result);
    if (result !== "kept") toast(t("persist.refused"));
  }, { class: "btn small" });
  const show = (result) => {
    state.textContent = t(result === "kept" ? "persist.kept" : result === "best-effort" ? "persist.best_effort" : "persist.unknown");
    state.dataset.state = result;
    ask.hidden = result !== "best-effort";
  };
  show(await persistState());
  return h("section", { "aria-labelledby": "ponsel" }, h("h2", { id: "ponsel" }, t("persist.title")), state, ask);
}

function deleteSection() {
  return h("section", { "aria-labelledby": "hapus" }, h("h2", { id: "hapus" }, t("delete.title")), h("p", {}, t("delete.settings_intro")),
    link("/pengaturan/hapus-akun", t("delete.open"), { class: "btn danger" }));
}

export async function render(ctx) {
  const region = await currentRegion();
  const parts = [h("h1", {}, t("settings.title")), languageSection()];
  if (signedIn()) {
    const out = h("button", { type: "button", class: "btn danger" }, t("settings.signout"));
    out.addEventListener("click", async () => {
      const open = await openCount();
      if (open && !confirm(t("settings.signout_pending", { n: open }))) return;
      await signOut();
      toast(t("settings.signed_out"));
      ctx.navigate("/layanan", { replace: true });
    });
    parts.push(
      h("section", { "aria-labelledby": "notif" }, h("h2", { id: "notif" }, t("push.title")), await notificationsSection()),
      await passkeySection(region),
      await securitySection(),
      h("section", { "aria-labelledby": "datasaya" }, h("h2", { id: "datasaya" }, t("settings.my_data")),
        h("p", {}, t("settings.my_data_intro")),
        button(t("settings.download"), downloadData), await accessLog(region)),
      connectedAppsLink(),
      await deviceDataSection(),
      h("section", { "aria-labelledby": "keluar" }, h("h2", { id: "keluar" }, t("settings.signout_title")),
        h("p", {}, t("settings.signout_intro")), out),
      user().role === "resident" ? deleteSection() : null,
    );
  }
  if (!ctx.isCurrent()) return;
  clear(ctx.main, ...parts);
}
