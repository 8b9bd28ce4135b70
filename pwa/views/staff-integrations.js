/* Admin: connected agency systems, their webhook delivery figures, dead letters with retry, connect and revoke. */
import { get, post } from "../api.js";
import { announce, clear, h, toast } from "../dom.js";
import { dateTime, text } from "../format.js";
import { errorSummary, field, problemToErrors, showErrors } from "../fields.js";
import { lang, t } from "../i18n.js";
import "../i18n-integrations.js"; // this screen's strings
import { user } from "../session.js";

const HANDLED = ["system", "both"];
const number = (n) => new Intl.NumberFormat(lang() === "en" ? "en-GB" : "id-ID").format(n);

function delay(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 90) {
    const n = Math.round(seconds * 10) / 10;
    return t("integ.seconds", { n: n === 1 ? 1 : number(n) });
  }
  const minutes = Math.round(seconds / 60);
  return t("integ.minutes", { n: minutes === 1 ? 1 : number(minutes) });
}

function figure(label, value, alert) {
  return h("li", { class: alert ? "tile alert" : "tile" }, h("span", { class: "value" }, value), h("span", { class: "label" }, label));
}

function subjectOf(letter) {
  const data = letter.data || {};
  if (data.application) return data.application.tracking_number || `#${data.application.id}`;
  if (data.complaint) return `#${data.complaint.id}`;
  return letter.event_id;
}

async function showDeadLetters(system, box, reload) {
  const items = (await get(`/api/admin/integrations/${system.id}/dead-letters`, true)).items;
  const retry = async (ids) => {
    const { count } = await post(`/api/admin/integrations/${system.id}/retry`, { event_ids: ids });
    toast(t("integ.retried", { n: count }));
    announce(t("integ.retried", { n: count }));
    reload();
  };
  const heading = h("h3", { tabindex: "-1" }, t("integ.dead_title"));
  clear(box, heading, items.length === 0 ? h("p", { class: "muted" }, t("integ.dead_none")) : h("ul", { class: "plain log" },
    items.map((letter) => h("li", {},
      h("strong", {}, t("integ.dead_item", { type: t(`integ.event.${letter.type}`), subject: subjectOf(letter), n: letter.attempts })),
      h("br"), h("small", { class: "muted" }, `${letter.last_error || ""} · ${dateTime(letter.last_attempt_at || letter.created_at)}`),
      h("br"), h("button", { type: "button", class: "btn", onclick: () => retry([letter.id]) }, t("integ.retry"))))),
  items.length > 1 ? h("button", { type: "button", class: "btn primary", onclick: () => retry(null) }, t("integ.retry_all")) : null);
  heading.focus();
}

function card(system, reload, regionNames) {
  const s = system.stats;
  const dead = h("div", { "aria-live": "polite" });
  const revoke = async () => {
    if (!window.confirm(t("integ.revoke_confirm", { name: system.name }))) return;
    await post(`/api/admin/integrations/${system.id}/revoke`, {});
    toast(t("integ.revoked_done", { name: system.name }));
    reload();
  };
  const services = system.services.map((sv) => `${text(sv.name)} (${t(`integ.handled.${sv.handled_by}`)})`).join("; ");
  return h("section", { class: "card stack", "aria-labelledby": `integ-${system.id}` },
    h("h2", { id: `integ-${system.id}` }, system.name),
    h("p", {}, h("span", { class: system.revoked_at ? "chip status-cancelled" : "chip status-completed" },
      system.revoked_at ? t("integ.revoked", { when: dateTime(system.revoked_at) }) : t("integ.active")),
    " ", system.agency ? text(system.agency.name) : ""),
    h("dl", { class: "summary" },
      h("dt", {}, t("integ.regions")), h("dd", {}, system.regions.map((code) => regionNames.get(code) || code).join(", ")),
      h("dt", {}, t("integ.services")), h("dd", {}, services),
      h("dt", {}, t("integ.webhook")), h("dd", {}, system.webhook_url || t("integ.no_webhook")),
      h("dt", {}, t("integ.client_id")), h("dd", {}, h("code", {}, system.client_id || "–"))),
    h("ul", { class: "tiles" },
      figure(t("integ.delivered"), number(s.delivered)), figure(t("integ.pending"), number(s.pending)),
      figure(t("integ.failed"), number(s.failed), s.failed > 0), figure(t("integ.median"), delay(s.median_delay_seconds))),
    h("p", { class: s.last_error ? "" : "muted" },
      s.last_error ? t("integ.last_error", { error: s.last_error, when: dateTime(s.last_error_at) }) : t("integ.no_error")),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "btn", onclick: () => showDeadLetters(system, dead, reload) }, t("integ.dead_show")),
      system.revoked_at ? null : h("button", { type: "button", class: "btn danger", onclick: revoke }, t("integ.revoke"))),
    dead);
}

function secretsNotice(created) {
  const row = (label, value) => [h("dt", {}, label), h("dd", {}, h("code", {}, value))];
  return h("div", { class: "notice", role: "status", tabindex: "-1" },
    h("h2", {}, t("integ.secrets_title")), h("p", {}, t("integ.secrets_once")),
    h("dl", { class: "summary" }, row(t("integ.client_id"), created.client_id),
      created.client_secret ? row(t("integ.client_secret"), created.client_secret) : null,
      row(t("integ.webhook_secret"), created.webhook_secret)));
}

/* The connect form: MPPs, then an agency present at all of them, then its services (who handles each). */
async function connectForm(regions, result, reload) {
  const details = new Map();
  const name = field({ key: "name", label: t("integ.name"), type: "text", required: true, constraints: { max_length: 100 } });
  const webhook = field({ key: "webhook_url", label: t("integ.webhook"), type: "text", help: t("integ.webhook_help") });
  const agency = field({ key: "agency", label: t("integ.agency"), type: "select", required: true, options: [] });
  const regionBoxes = regions.map((r) => h("input", { type: "checkbox", value: r.code, id: `integ-r-${r.code}` }));
  const regionSet = h("fieldset", { class: "field" }, h("legend", {}, t("integ.regions")),
    h("div", { class: "radios" }, regionBoxes.map((box, i) => h("label", { for: box.id, class: "checkbox" }, box, `${regions[i].name}`))));
  const serviceBox = h("div", { class: "stack" }, h("p", { class: "muted" }, t("integ.choose_regions")));
  let serviceRows = [];
  const chosen = () => regionBoxes.filter((b) => b.checked).map((b) => b.value);
  const detail = async (code) => {
    if (!details.has(code)) details.set(code, await get(`/api/regions/${encodeURIComponent(code)}`));
    return details.get(code);
  };
  const refreshAgencies = async () => {
    const codes = chosen();
    const lists = await Promise.all(codes.map(detail));
    const common = lists.length ? lists[0].agencies.filter((a) => lists.every((l) => l.agencies.some((b) => b.code === a.code))) : [];
    const before = agency.value();
    agency.def.options = common.map((a) => ({ value: a.code, label: a.name })); // what validate() accepts
    clear(agency.input, h("option", { value: "" }, t("form.choose")), common.map((a) => h("option", { value: a.code }, text(a.name))));
    agency.setValue(common.some((a) => a.code === before) ? before : "");
    await refreshServices();
  };
  const refreshServices = async () => {
    const codes = chosen();
    if (!codes.length || !agency.value()) {
      serviceRows = [];
      clear(serviceBox, h("p", { class: "muted" }, t(codes.length ? "integ.choose_agency" : "integ.choose_regions")));
      return;
    }
    const query = `agency=${encodeURIComponent(agency.value())}&per_page=100`;
    const page = await get(`/api/regions/${encodeURIComponent(codes[0])}/services?${query}`);
    serviceRows = page.items.map((sv) => {
      const select = h("select", { id: `integ-s-${sv.code}`, "data-code": sv.code },
        h("option", { value: "" }, t("integ.service_none")),
        HANDLED.map((mode) => h("option", { value: mode }, t(`integ.handled.${mode}`))));
      return { code: sv.code, select, node: h("div", { class: "field" }, h("label", { for: select.id }, text(sv.name)), select) };
    });
    clear(serviceBox, h("h3", {}, t("integ.services")), serviceRows.map((r) => r.node));
  };
  for (const box of regionBoxes) box.addEventListener("change", refreshAgencies);
  agency.input.addEventListener("change", refreshServices);
  const summary = errorSummary();
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, name.node, regionSet, agency.node, serviceBox, webhook.node,
    h("button", { type: "submit", class: "btn primary" }, t("integ.connect")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = {};
    for (const f of [name, agency]) {
      const problem = f.validate();
      if (problem) errors[f.key] = [problem];
    }
    const services = Object.fromEntries(serviceRows.filter((r) => r.select.value).map((r) => [r.code, r.select.value]));
    let general = null;
    if (!chosen().length) general = t("integ.need_region");
    else if (!Object.keys(services).length) general = t("integ.need_service");
    if (showErrors([name, agency, webhook], errors, summary, general)) return;
    try {
      const created = await post("/api/admin/integrations", {
        name: name.value(), agency: agency.value(), regions: chosen(), services, webhook_url: webhook.value() || null });
      form.reset();
      await refreshAgencies();
      await reload();
      clear(result, secretsNotice(created));
      result.firstChild.focus(); // shown once: bring it into view
    } catch (error) {
      showErrors([name, agency, webhook], problemToErrors(error), summary, error.offline ? t("error.offline_action") : error.message);
    }
  });
  return form;
}

export async function render(ctx) {
  const me = user();
  if (!me || me.role !== "admin") {
    clear(ctx.main, h("h1", {}, t("integ.title")), h("p", { class: "notice" }, t("integ.admin_only")));
    return;
  }
  const list = h("div", { class: "stack", "aria-live": "polite" }, h("p", { class: "muted" }, t("loading")));
  const regions = (await get("/api/regions")).items;
  const regionNames = new Map(regions.map((r) => [r.code, r.name]));
  const result = h("div", {});
  const reload = async () => {
    try {
      const items = (await get("/api/admin/integrations", true)).items;
      if (!ctx.isCurrent()) return;
      clear(list, items.length ? items.map((system) => card(system, reload, regionNames)) : h("p", { class: "muted" }, t("integ.none")));
    } catch (error) {
      clear(list, h("p", { class: "notice" }, error.offline ? t("error.offline_nodata") : error.message));
    }
  };
  clear(ctx.main, h("h1", {}, t("integ.title")), h("p", {}, t("integ.intro")), list,
    h("h2", {}, t("integ.add_title")), result, await connectForm(regions, result, reload));
  await reload();
}
