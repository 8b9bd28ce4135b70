/* Counter staff: complaints routed to my agency at my MPP, earliest answer deadline first,
   each with its photo and an answer form (diproses / selesai); the resident is notified. */
import { get, request } from "../api.js";
import { errorSummary, field, problemToErrors, showErrors } from "../fields.js";
import { button, clear, h, nextId, toast } from "../dom.js";
import { date, dateTime, text } from "../format.js";
import { t } from "../i18n.js";
import { staffNav, staffOnly } from "../physical.js";
import { openDocument } from "./staff-applications.js";

const STATUSES = ["diterima", "diproses", "selesai"];

function answerForm(complaint, reload) {
  const answer = field({ key: "answer", label: t("staff.complaint_answer"), type: "textarea", required: true,
      constraints: { max_length: 4000 } });
  const status = field({ key: "status", label: t("staff.complaint_status"), type: "radio", required: true,
    options: ["diproses", "selesai"].map((s) => ({ value: s, label: t(`complaint.status.${s}`) })) });
  status.setValue("selesai");
  const summary = errorSummary();
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, answer.node, status.node,
    h("button", { type: "submit", class: "btn primary" }, t("staff.complaint_send")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = {};
    for (const f of [answer, status]) {
      const problem = f.validate();
      if (problem) errors[f.key] = [problem];
    }
    if (showErrors([answer, status], errors, summary)) return;
    try {
      await request(`/api/officer/complaints/${complaint.id}/answer`,
        { method: "POST", auth: true, body: { answer: answer.value(), status: status.value() } });
      toast(t("staff.complaint_sent"));
      reload();
    } catch (error) {
      showErrors([answer, status], problemToErrors(error), summary, error.offline ? t("error.offline_action") : error.message);
    }
  });
  return form;
}

function card(complaint, reload) {
  const photo = h("div", {});
  const headingId = nextId("complaint");
  return h("li", { class: "card", "aria-labelledby": headingId },
    h("h2", { id: headingId, class: "h3" },
      complaint.subject_type === "service" ? text(complaint.service.name) : `${complaint.subject_label} · ${text(complaint.service.name)}`),
    h("p", {}, h("span", { class: `chip complaint-${complaint.status}` }, t(`complaint.status.${complaint.status}`)),
      complaint.overdue ? h("span", { class: "chip status-rejected" }, t("complaint.overdue")) : null),
    h("p", { class: "muted" }, `${complaint.resident_name} · ${t("complaint.filed", { when: dateTime(complaint.created_at) })}`),
    h("p", { class: "muted" }, t("complaint.due", { date: date(complaint.due_date) })),
    h("blockquote", { class: "note" }, complaint.text),
    complaint.document_id ? [button(t("staff.complaint_photo"), () => openDocument(complaint.document_id, photo),
        { class: "btn small" }), photo] : null,
    complaint.answer ? [h("h3", {}, t("complaint.answer")), h("blockquote", { class: "note" }, complaint.answer)] : null,
    complaint.status !== "selesai" ? h("details", {}, h("summary", {}, t("staff.complaint_reply")), answerForm(complaint, reload)) : null);
}

export async function render(ctx) {
  if (!staffOnly(ctx, t("staff.complaints"))) return;
  const filterId = nextId("status");
  const filter = h("select", { id: filterId }, h("option", { value: "" }, t("work.all")),
    STATUSES.map((s) => h("option", { value: s }, t(`complaint.status.${s}`))));
  filter.value = ctx.query.get("status") || "";
  filter.addEventListener("change", () => ctx.navigate(`/petugas/pengaduan${filter.value ? `?status=${filter.value}` : ""}`,
      { replace: true }));
  const status = h("p", { class: "muted", role: "status" }, t("loading"));
  const list = h("ul", { class: "cards" });
  clear(ctx.main, staffNav("/petugas/pengaduan"), h("h1", {}, t("staff.complaints")),
    h("div", { class: "field" }, h("label", { for: filterId }, t("work.status")), filter), status, list);
  const load = async () => {
    try {
      const query = ctx.query.get("status") ? `&status=${encodeURIComponent(ctx.query.get("status"))}` : "";
      const body = await get(`/api/officer/complaints?per_page=100${query}`, true);
      if (!ctx.isCurrent()) return;
      clear(list, body.items.map((c) => card(c, load)));
      status.textContent = body.items.length ? t("staff.complaint_count", { n: body.total }) : t("complaint.empty");
    } catch (error) {
      status.textContent = error.offline ? t("error.offline_nodata") : error.message;
    }
  };
  await load();
}
