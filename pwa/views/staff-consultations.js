/* Counter staff: residents' questions for my agency at my MPP, earliest deadline first, each with an
   answer form; a question the resident allows can be published as a FAQ, rewritten without personal data. */
import { get, request } from "../api.js";
import { errorSummary, field, problemToErrors, showErrors } from "../fields.js";
import { button, clear, h, nextId, toast } from "../dom.js";
import { date, dateTime, text } from "../format.js";
import { t } from "../i18n.js";
import "../i18n-consultation.js";
import { staffNav, staffOnly } from "../physical.js";
import { openDocument } from "./staff-applications.js";

function answerForm(question, reload) {
  const answer = field({ key: "answer", label: t("staff.question_answer"), type: "textarea", required: true,
    constraints: { max_length: 4000 } });
  const publish = field({ key: "publish", label: t("staff.question_publish"), type: "checkbox" });
  const publicText = field({ key: "public_question", label: t("staff.question_public_text"), type: "textarea",
    help: t("staff.question_public_hint"), constraints: { max_length: 2000 } });
  publicText.setValue(question.question);
  publicText.node.hidden = true;
  publish.input.addEventListener("change", () => (publicText.node.hidden = !publish.value()));
  const fields = [answer, publish, publicText];
  const summary = errorSummary();
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, answer.node,
    question.allow_public ? [publish.node, publicText.node] : h("p", { class: "muted" }, t("staff.question_no_consent")),
    h("button", { type: "submit", class: "btn primary" }, t("staff.question_send")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problem = answer.validate();
    if (showErrors(fields, problem ? { answer: [problem] } : {}, summary)) return;
    const body = { answer: answer.value(), publish: Boolean(question.allow_public && publish.value()) };
    if (body.publish) body.public_question = publicText.value();
    try {
      await request(`/api/officer/consultations/${question.id}/answer`, { method: "POST", auth: true, body });
      toast(t("staff.question_sent"));
      reload();
    } catch (error) {
      showErrors(fields, problemToErrors(error), summary, error.offline ? t("error.offline_action") : error.message);
    }
  });
  return form;
}

function card(question, reload) {
  const photo = h("div", {});
  const headingId = nextId("question");
  return h("li", { class: "card", "aria-labelledby": headingId },
    h("h2", { id: headingId, class: "h3" }, text(question.service.name)),
    h("p", {}, h("span", { class: `chip ${question.status === "dijawab" ? "ok" : "outbox-pending"}` }, t(`ask.status.${question.status}`)),
      question.overdue ? h("span", { class: "chip status-rejected" }, t("ask.overdue")) : null),
    h("p", { class: "muted" }, `${question.resident_name} · ${t("ask.asked", { when: dateTime(question.created_at) })}`),
    question.answer ? null : h("p", { class: "muted" }, t("ask.due", { date: date(question.due_date) })),
    h("blockquote", { class: "note" }, question.question),
    question.document_id
      ? [button(t("staff.question_photo"), () => openDocument(question.document_id, photo), { class: "btn small" }), photo]
      : null,
    question.answer ? [h("h3", {}, t("ask.answer")), h("blockquote", { class: "note" }, question.answer)] : null,
    question.status !== "dijawab"
      ? h("details", {}, h("summary", {}, t("staff.question_reply")), answerForm(question, reload))
      : null);
}

export async function render(ctx) {
  if (!staffOnly(ctx, t("staff.questions"))) return;
  const filterId = nextId("status");
  const filter = h("select", { id: filterId }, h("option", { value: "" }, t("work.all")),
    ["diterima", "dijawab"].map((s) => h("option", { value: s }, t(`ask.status.${s}`))));
  filter.value = ctx.query.get("status") || "";
  filter.addEventListener("change", () => ctx.navigate(`/petugas/tanya${filter.value ? `?status=${filter.value}` : ""}`,
      { replace: true }));
  const status = h("p", { class: "muted", role: "status" }, t("loading"));
  const list = h("ul", { class: "cards" });
  clear(ctx.main, staffNav("/petugas/tanya"), h("h1", {}, t("staff.questions")),
    h("div", { class: "field" }, h("label", { for: filterId }, t("work.status")), filter), status, list);
  const load = async () => {
    try {
      const query = ctx.query.get("status") ? `&status=${encodeURIComponent(ctx.query.get("status"))}` : "";
      const body = await get(`/api/officer/consultations?per_page=100${query}`, true);
      if (!ctx.isCurrent()) return;
      clear(list, body.items.map((q) => card(q, load)));
      status.textContent = body.items.length ? t("staff.question_count", { n: body.total }) : t("ask.empty");
    } catch (error) {
      status.textContent = error.offline ? t("error.offline_nodata") : error.message;
    }
  };
  await load();
}
