/* Counter staff: the application worklist (filters: status, overdue), one application with
   its answers and documents, and the status transition form (note, fields to fix). */
import { get, request } from "../api.js";
import { errorSummary, field, problemToErrors, showErrors } from "../fields.js";
import { button, clear, h, link, nextId, toast } from "../dom.js";
import { breakable, date, dateTime, grouped, text } from "../format.js";
import { t } from "../i18n.js";
import { staffNav, staffOnly } from "../physical.js";
import { statusChip } from "./applications.js";

const STATUSES = ["submitted", "in_review", "processing", "needs_revision", "resubmitted", "completed", "rejected", "cancelled"];

function item(app) {
  return h("li", { class: "card" },
    h("h2", { class: "h3" }, h("a", { href: `/petugas/permohonan/${app.id}`, class: "stretch" }, text(app.service.name))),
    h("p", {}, statusChip(app.status), app.overdue ? h("span", { class: "chip status-rejected" }, t("work.overdue")) : null),
    h("p", {}, h("span", { class: "tracking" }, breakable(app.tracking_number)), " · ", app.applicant ? app.applicant.full_name : ""),
    h("p", { class: "muted" }, t("work.due", { date: date(app.sla_due_date) })));
}

export async function renderList(ctx) {
  if (!staffOnly(ctx, t("work.title"))) return;
  const statusId = nextId("status");
  const statusSelect = h("select", { id: statusId, name: "status" }, h("option", { value: "" }, t("work.all")),
    STATUSES.map((s) => h("option", { value: s }, t(`status.${s}`))));
  statusSelect.value = ctx.query.get("status") || "";
  const status = { node: h("div", { class: "field" }, h("label", { for: statusId }, t("work.status")), statusSelect),
    value: () => statusSelect.value };
  const overdue = field({ key: "overdue", label: t("work.overdue_only"), type: "checkbox" });
  overdue.setValue(ctx.query.get("overdue") === "1");
  const form = h("form", { class: "filters" }, status.node, overdue.node, h("button", { type: "submit", class: "btn" }, t("work.filter")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    if (status.value()) q.set("status", status.value());
    if (overdue.value()) q.set("overdue", "1");
    ctx.navigate(`/petugas/permohonan${q.toString() ? `?${q}` : ""}`, { replace: true });
  });
  const count = h("p", { class: "muted", role: "status" }, t("loading"));
  const list = h("ul", { class: "cards" });
  const more = button(t("work.more"), () => load(page + 1), { hidden: true });
  clear(ctx.main, staffNav("/petugas/permohonan"), h("h1", {}, t("work.title")), form, count, list, more);
  let page = 0;
  async function load(next) {
    const q = new URLSearchParams({ page: String(next), per_page: "20" });
    if (ctx.query.get("status")) q.set("status", ctx.query.get("status"));
    if (ctx.query.get("overdue") === "1") q.set("overdue", "true");
    try {
      const body = await get(`/api/officer/applications?${q}`, true);
      if (!ctx.isCurrent()) return;
      page = body.page;
      list.append(...body.items.map(item));
      count.textContent = body.total ? t("work.count", { n: body.total }) : t("work.empty");
      more.hidden = body.page >= body.pages;
    } catch (error) {
      count.textContent = error.offline ? t("error.offline_nodata") : error.message;
    }
  }
  await load(1);
}

export async function openDocument(id, holder) {
  try {
    const { data } = await request(`/api/documents/${id}/content`, { auth: true });
    const url = URL.createObjectURL(data);
    const name = `${t("work.open_document", { n: id })}`;
    clear(holder, (data.type || "").startsWith("image/") ? h("img", { src: url, alt: name, class: "preview" })
        : h("a", { href: url, download: `dokumen-${id}`, target: "_blank" }, name));
  } catch (error) {
    toast(error.offline ? t("error.offline_action") : error.message, "error");
  }
}

function answers(app, formFields) {
  const labels = Object.fromEntries(formFields.map((f) => [f.key, f]));
  return h("dl", { class: "review" }, Object.entries(app.data || {}).map(([key, value]) => {
    const def = labels[key];
    let shown = value === true ? t("form.yes") : value === false ? t("form.no") : String(value ?? "");
    if (def && def.type === "document") shown = `#${value}`;
    if (def && def.options) {
      const option = def.options.find((o) => o.value === value);
      if (option) shown = text(option.label);
    }
    return [h("dt", {}, def ? text(def.label) : key), h("dd", {}, def && def.type === "nik" ? grouped(shown) : shown)];
  }));
}

function transitionForm(ctx, app, formFields, redraw) {
  if (!app.allowed_transitions || !app.allowed_transitions.length) return h("p", { class: "muted" }, t("work.no_transition"));
  const to = field({ key: "to", label: t("work.to"), type: "select", required: true,
      options: app.allowed_transitions.map((s) => ({ value: s, label: t(`status.${s}`) })) });
  const note = field({ key: "note", label: t("work.note"), type: "textarea", help: t("work.note_hint"),
      constraints: { max_length: 2000 } });
  const boxes = formFields.map((f) => field({ key: `fix-${f.key}`, label: text(f.label), type: "checkbox" }));
  const fixSet = h("fieldset", { class: "field", hidden: true }, h("legend", {}, t("work.fields_to_fix")),
    h("p", { class: "hint" }, t("work.fields_hint")), boxes.map((b) => b.node));
  to.input.addEventListener("change", () => (fixSet.hidden = to.value() !== "needs_revision"));
  const summary = errorSummary();
  const submit = h("button", { type: "submit", class: "btn primary" }, t("work.submit"));
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, to.node, note.node, fixSet, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = {};
    if (!to.value()) errors.to = [t("work.choose_to")];
    if (["needs_revision", "rejected"].includes(to.value()) && !note.value()) errors.note = [t("work.note_required")];
    if (showErrors([to, note], errors, summary)) return;
    const fields_to_fix = to.value() === "needs_revision" ? boxes.filter((b) => b.value()).map((b) => b.key.slice(4)) : [];
    submit.disabled = true;
    try {
      const body = { to: to.value(), note: note.value() || null, fields_to_fix };
      const { data } = await request(`/api/officer/applications/${app.id}/transitions`, { method: "POST", body, auth: true });
      toast(t("work.saved", { status: t(`status.${data.status}`) }));
      redraw();
    } catch (error) {
      showErrors([to, note], problemToErrors(error), summary, error.offline ? t("error.offline_action") : error.message);
      submit.disabled = false;
    }
  });
  return form;
}

export async function renderDetail(ctx) {
  if (!staffOnly(ctx, t("work.title"))) return;
  const [id] = ctx.params;
  const draw = async () => {
    let app;
    try {
      app = await get(`/api/officer/applications/${id}`, true);
    } catch (error) {
      clear(ctx.main, staffNav(""), h("h1", {}, t("work.title")),
        h("p", { class: "error" }, error.offline ? t("error.offline_nodata") : error.message));
      return;
    }
    const service = await get(`/api/services/${app.service.id}`).catch(() => null);
    if (!ctx.isCurrent()) return;
    const formFields = (service && service.form && service.form.fields) || [];
    const docs = h("ul", { class: "plain doc-list" }, (app.documents || []).map((docId) => {
      const holder = h("div", {});
      return h("li", {}, button(t("work.open_document", { n: docId }), () => openDocument(docId, holder), { class: "btn small" }), holder);
    }));
    const person = app.applicant || {};
    clear(ctx.main, staffNav(""),
      h("p", { class: "crumb" }, link("/petugas/permohonan", t("work.back"))),
      h("h1", {}, text(app.service.name)),
      h("dl", { class: "summary" },
        h("dt", {}, t("application.tracking")), h("dd", { class: "tracking" }, breakable(app.tracking_number)),
        h("dt", {}, t("application.status")), h("dd", {}, statusChip(app.status),
          app.overdue ? h("span", { class: "chip status-rejected" }, t("work.overdue")) : null),
        h("dt", {}, t("application.received")), h("dd", {}, dateTime(app.received_at)),
        h("dt", {}, t("application.due")), h("dd", {}, date(app.sla_due_date)),
        h("dt", {}, t("work.applicant")), h("dd", {}, person.full_name || ""),
        h("dt", {}, t("work.nik")), h("dd", {}, person.nik ? grouped(person.nik) : "-"),
        h("dt", {}, t("work.contact")), h("dd", {}, [person.phone, person.email].filter(Boolean).join(" · ") || "-")),
      h("h2", {}, t("work.transition")), transitionForm(ctx, app, formFields, draw),
      h("h2", {}, t("work.data")), answers(app, formFields),
      h("h2", {}, t("work.documents")), app.documents && app.documents.length ? docs : h("p", { class: "muted" }, t("work.no_documents")),
      h("h2", {}, t("application.timeline")),
      h("ol", { class: "timeline" }, (app.history || []).map((e) => h("li", {}, h("p", {}, statusChip(e.status), " ", dateTime(e.at)),
            e.note ? h("blockquote", { class: "note" }, e.note) : null))));
  };
  await draw();
}
