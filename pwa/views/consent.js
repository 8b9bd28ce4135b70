/* Consent screen of "Masuk dengan MPP Digital" (/izin/<handle>): who asks, for which data (partly masked),
   optional items untickable, one vault document to pick; "Izinkan" or "Tolak" sends the resident back.
   It runs inside the app, so the app's own session (or a passkey sign-in first) is the provider's. */
import { request } from "../api.js";
import { clear, h, nextId } from "../dom.js";
import { date, text } from "../format.js";
import { t } from "../i18n.js";
import "../i18n-oidc.js"; // this screen's strings

function leave(ctx, url, host) {
  clear(ctx.main, h("h1", {}, t("consent.redirecting", { host })), h("p", { role: "status", class: "muted" }, host));
  location.assign(url);
}

async function decide(ctx, handle, body, host, buttons) {
  for (const b of buttons) b.disabled = true;
  try {
    const path = `/api/oidc/requests/${encodeURIComponent(handle)}`;
    const { redirect_to: url } = (await request(path, { method: "POST", auth: true, body })).data;
    leave(ctx, url, host);
  } catch (error) {
    for (const b of buttons) b.disabled = false;
    ctx.main.querySelector("[data-consent-error]").textContent = error.offline ? t("error.offline_action") : error.message;
  }
}

function itemRow(item) {
  const id = nextId("scope");
  const input = h("input", { type: "checkbox", id, name: "scope", value: item.scope, checked: true, disabled: item.required,
    "aria-describedby": `${id}-value` });
  const note = item.required ? ` (${t("consent.required")})` : "";
  const gender = { L: t("profile.male"), P: t("profile.female") };
  const shown = item.scope === "gender" ? gender[item.value] : item.value;
  const value = item.scope === "document" ? "" : shown || t("consent.missing");
  return h("label", { class: "checkbox", for: id }, input,
    h("span", {}, h("strong", {}, t(`scope.${item.scope}`) + note), h("br"), h("span", { id: `${id}-value`, class: "muted" }, value)));
}

function documentPicker(documents) {
  if (!documents.length) return h("p", { class: "muted" }, t("consent.document_none"));
  return h("fieldset", { class: "field" }, h("legend", {}, t("consent.document_pick")),
    h("p", { class: "muted" }, t("consent.document_hint")),
    h("div", { class: "radios" }, documents.map((d, i) => h("label", { class: "radio" },
      h("input", { type: "radio", name: "document", value: String(d.id), checked: i === 0 }),
      `${t(`doc.${d.document_type}`)} · ${date(d.created_at)}`))));
}

export async function render(ctx) {
  const handle = ctx.params[0];
  let data;
  try {
    data = (await request(`/api/oidc/requests/${encodeURIComponent(handle)}`, { auth: true })).data;
  } catch (error) {
    if (!ctx.isCurrent()) return;
    const message = error.status === 403 ? t("consent.staff") : error.offline ? t("error.offline_nodata") : error.message;
    clear(ctx.main, h("h1", {}, t("consent.gone_title")), h("p", { role: "alert" }, message));
    return;
  }
  if (!ctx.isCurrent()) return;
  const { client, items, documents } = data;
  const host = data.redirect_host || client.name;
  if (data.already_granted) {
    clear(ctx.main, h("h1", {}, t("consent.title", { name: client.name })),
      h("p", { role: "status" }, t("consent.already", { name: client.name })));
    await decide(ctx, handle, { approve: true }, host, []);
    return;
  }
  const agency = client.agency ? text(client.agency.name) : null;
  const intro = agency ? t("consent.intro", { name: client.name, agency }) : t("consent.intro_no_agency", { name: client.name });
  const allow = h("button", { type: "submit", class: "btn primary" }, t("consent.allow"));
  const deny = h("button", { type: "button", class: "btn" }, t("consent.deny"));
  const form = h("form", { class: "stack", novalidate: true },
    h("fieldset", { class: "field" }, h("legend", {}, t("consent.items")),
      items.some((i) => !i.required) ? h("p", { class: "muted" }, t("consent.optional_hint")) : null,
      items.map(itemRow)),
    items.some((i) => i.scope === "document") ? documentPicker(documents) : null,
    h("p", { class: "error", role: "alert", "data-consent-error": "" }),
    h("div", { class: "actions" }, allow, deny),
    h("p", { class: "muted" }, t("consent.return", { host })),
    h("p", { class: "muted" }, t("consent.log_note")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const scopes = ["openid", ...[...form.querySelectorAll("input[name=scope]")].filter((i) => i.checked).map((i) => i.value)];
    const picked = form.querySelector("input[name=document]:checked");
    const body = { approve: true, scopes };
    if (picked && scopes.includes("document")) body.document_id = Number(picked.value);
    decide(ctx, handle, body, host, [allow, deny]);
  });
  deny.addEventListener("click", () => decide(ctx, handle, { approve: false }, host, [allow, deny]));
  clear(ctx.main, h("h1", {}, t("consent.title", { name: client.name })), h("p", {}, intro), form);
}
