/* Settings → "Aplikasi terhubung": each e-service allowed to use the account, what it may receive, what it
   last received and when, and "Putuskan" (consent withdrawn, its tokens stop at once). */
import { request } from "../api.js";
import { clear, h, link, toast } from "../dom.js";
import { dateTime, text } from "../format.js";
import { t } from "../i18n.js";
import "../i18n-oidc.js"; // this screen's strings, and the access log's e-service lines in Settings
import { user } from "../session.js";
import { currentRegion } from "../state.js";

const SHOWN_CLAIMS = ["name", "nik", "birthdate", "gender", "address", "phone_number", "email", "document"];
const SCOPE_ORDER = ["profile", "nik", "birthdate", "gender", "address", "phone", "email", "document"];

function appLine(app, region, reload) {
  const agency = app.agency ? ` · ${text(app.agency.short) || app.agency.code}` : "";
  const may = SCOPE_ORDER.filter((s) => app.scopes.includes(s)).map((s) => t(`scope.${s}`)).join(", ");
  const got = SHOWN_CLAIMS.filter((c) => app.released_claims.includes(c)).map((c) => t(`claim.${c}`)).join(", ");
  const received = app.last_released_at
    ? t("apps.received", { items: got || t("scope.openid"), when: dateTime(app.last_released_at, region) }) : t("apps.never");
  const lines = [h("strong", {}, app.name), agency, h("br"), t("apps.may", { items: may || t("scope.openid") }), h("br"), received];
  if (app.withdrawn_at) {
    lines.push(h("br"), h("small", { class: "muted" }, t("apps.withdrawn", { when: dateTime(app.withdrawn_at, region) })));
    return h("li", {}, lines);
  }
  lines.push(h("br"), h("small", { class: "muted" }, t("apps.granted", { when: dateTime(app.granted_at, region) })));
  const out = h("button", { type: "button", class: "btn small danger" }, t("apps.disconnect"));
  out.setAttribute("aria-label", `${t("apps.disconnect")} ${app.name}`);
  out.addEventListener("click", async () => {
    if (!confirm(t("apps.confirm", { name: app.name }))) return;
    out.disabled = true;
    try {
      await request(`/api/me/connected-apps/${encodeURIComponent(app.client_id)}`, { method: "DELETE", auth: true });
      toast(t("apps.disconnected", { name: app.name }));
      await reload();
    } catch (error) {
      out.disabled = false;
      toast(error.offline ? t("error.offline_action") : error.message, "error");
    }
  });
  lines.push(h("div", { class: "actions" }, out));
  return h("li", {}, lines);
}

/* The section Settings shows: a link here, and for admins the e-service registry. */
export function connectedAppsLink() {
  const role = (user() || {}).role;
  return h("section", { "aria-labelledby": "aplikasi" }, h("h2", { id: "aplikasi" }, t("apps.title")),
    role === "resident" ? h("p", {}, link("/pengaturan/aplikasi", t("apps.open"))) : null,
    role === "admin" ? h("p", {}, link("/admin/e-service", t("eservices.open"))) : null,
    role === "admin" ? h("p", {}, link("/admin/integrasi", t("apps.integrations_open"))) : null);
}

export async function render(ctx) {
  const region = await currentRegion();
  const list = h("ul", { class: "plain log" });
  const reload = async () => {
    try {
      const { items } = (await request("/api/me/connected-apps", { auth: true })).data;
      clear(list, items.length ? items.map((app) => appLine(app, region, reload)) : h("li", { class: "muted" }, t("apps.none")));
    } catch (error) {
      clear(list, h("li", { class: "muted" }, error.offline ? t("error.offline_nodata") : error.message));
    }
  };
  await reload();
  if (!ctx.isCurrent()) return;
  clear(ctx.main, h("h1", {}, t("apps.title")), h("p", {}, t("apps.intro")), list, h("p", {}, link("/pengaturan", t("settings.title"))));
}
