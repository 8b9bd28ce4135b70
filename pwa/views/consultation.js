/* Consultation (tanya petugas): ask the agency's officers about a service before applying (sent
   through the outbox, offline too), follow the 3-working-day deadline and the answer, and read the
   published questions and answers under a service. */
import { get } from "../api.js";
import { errorSummary, field, showErrors } from "../fields.js";
import { clear, h, link, toast } from "../dom.js";
import { date, dateTime, text } from "../format.js";
import { t } from "../i18n.js";
import "../i18n-consultation.js";
import { enqueue, entries, onChange } from "../outbox.js";
import { signedIn } from "../session.js";
import { currentRegion } from "../state.js";

function chip(status) {
  return h("span", { class: `chip ${status === "dijawab" ? "ok" : "outbox-pending"}` }, t(`ask.status.${status}`));
}

function questionCard(q, focused) {
  return h("li", { class: focused ? "card chosen" : "card", id: `tanya-${q.id}` },
    h("h2", { class: "h3" }, text(q.service.name)),
    h("p", {}, chip(q.status), q.overdue ? h("span", { class: "chip status-rejected" }, t("ask.overdue")) : null,
      q.published ? h("span", { class: "chip" }, t("ask.published")) : null),
    h("p", { class: "muted" }, t("ask.asked", { when: dateTime(q.created_at) }), " · ", q.agency.short),
    q.answer ? null : h("p", { class: "muted" }, t("ask.due", { date: date(q.due_date) })),
    h("blockquote", { class: "note" }, q.question),
    q.answer
      ? h("div", {}, h("h3", {}, t("ask.answer")), h("blockquote", { class: "note" }, q.answer),
        h("p", { class: "muted" }, t("ask.answered_at", { when: dateTime(q.answered_at) })))
      : h("p", { class: "muted" }, t("ask.no_answer")));
}

function pendingCard(entry) {
  const state = entry.state === "pending" && entry.last_error === "signin" ? "signin" : entry.state;
  return h("li", { class: `card outbox ${entry.state}`, "data-state": entry.state },
    h("h3", {}, text(entry.label)),
    h("p", {}, h("span", { class: `chip outbox-${entry.state}` }, t(`outbox.${state}`))),
    h("blockquote", { class: "note" }, entry.body.question),
    entry.state === "failed"
      ? h("p", { class: "notice error" }, (entry.problem && (entry.problem.detail || entry.problem.title)) || t("outbox.failed_generic"))
      : null);
}

export async function renderList(ctx) {
  const [focusId] = ctx.params;
  const status = h("p", { class: "muted", role: "status" }, t("loading"));
  const list = h("ul", { class: "cards" });
  const pendingList = h("ul", { class: "cards" });
  const pending = h("section", { "aria-labelledby": "tanya-belum", hidden: true },
    h("h2", { id: "tanya-belum" }, t("ask.pending_title")), pendingList);
  clear(ctx.main, h("h1", {}, t("ask.mine")), h("p", {}, t("ask.list_intro")), pending, status, list);
  const drawPending = async () => {
    const waiting = (await entries()).filter((e) => e.kind === "consultation" && e.state !== "delivered");
    clear(pendingList, waiting.map(pendingCard));
    pending.hidden = waiting.length === 0;
  };
  const load = async () => {
    try {
      const body = await get("/api/consultations?per_page=100", true);
      if (!ctx.isCurrent()) return;
      clear(list, body.items.map((q) => questionCard(q, String(q.id) === focusId)));
      status.textContent = body.items.length ? "" : t("ask.empty");
      const target = focusId && document.getElementById(`tanya-${focusId}`);
      if (target) target.scrollIntoView();
    } catch (error) {
      status.textContent = error.offline ? t("error.offline_nodata") : error.message;
    }
  };
  const stop = onChange((message) => {
    drawPending();
    if (message && message.type === "delivered") load();
  });
  await Promise.all([drawPending(), load()]);
  return stop;
}

export async function renderForm(ctx) {
  const [serviceId] = ctx.params;
  const region = await currentRegion();
  let service;
  let documents = [];
  try {
    [service, documents] = await Promise.all([
      get(`/api/services/${encodeURIComponent(serviceId)}`),
      get("/api/documents", true).then((d) => d.items).catch(() => []),
    ]);
  } catch (error) {
    clear(ctx.main, h("h1", {}, t("ask.title")), h("p", { class: "error" }, error.offline ? t("error.offline_nodata") : error.message));
    return;
  }
  if (!ctx.isCurrent()) return;
  const question = field({ key: "question", label: t("ask.question"), type: "textarea", required: true, help: t("ask.question_hint"),
    constraints: { min_length: 10, max_length: 2000 } });
  const photo = field({ key: "document_id", label: t("ask.photo"), type: "select",
    options: documents.map((d) => ({ value: String(d.id), label: `${t(`doc.${d.document_type}`)} · ${d.filename}` })) });
  photo.input.firstChild.textContent = t("ask.no_photo");
  const publicOk = field({ key: "allow_public", label: t("ask.public"), type: "checkbox", help: t("ask.public_hint") });
  const all = [question, photo, publicOk];
  const summary = errorSummary();
  const submit = h("button", { type: "submit", class: "btn primary big" }, t("ask.submit"));
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, question.node,
    documents.length ? photo.node : null, publicOk.node, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problem = question.validate();
    if (showErrors(all, problem ? { question: [problem] } : {}, summary)) return;
    submit.disabled = true;
    // Through the outbox: one Idempotency-Key, delivered exactly once, offline or not.
    await enqueue({
      kind: "consultation", url: "/api/consultations", label: t("ask.label", { service: text(service.name) }),
      body: { service_id: service.id, region_code: region.code, question: question.value(),
        document_id: photo.value() ? Number(photo.value()) : null, allow_public: publicOk.value() },
      blobs: [],
      labels: { question: t("ask.question"), document_id: t("ask.photo"), allow_public: t("ask.public"),
        service_id: t("ask.title"), region_code: t("ask.title") },
    });
    toast(navigator.onLine ? t("ask.queued_online") : t("ask.queued_offline"));
    ctx.navigate("/tanya", { replace: true });
  });
  clear(ctx.main,
    h("p", { class: "crumb" }, link(`/layanan/${service.id}`, `← ${text(service.name)}`)),
    h("h1", {}, t("ask.title")),
    h("p", {}, t("ask.intro", { agency: service.agency.short, mpp: region.mpp_name })),
    form);
}

/* The published questions and answers of a service at this MPP, with the way to ask (service page). */
export async function faqSection(service, region) {
  const headingId = `faq-${service.id}`;
  const list = h("div", { class: "faq" });
  const ask = signedIn()
    ? link(`/layanan/${service.id}/tanya`, t("ask.new"), { class: "btn" })
    : h("p", { class: "muted" }, link("/masuk", t("ask.signin")));
  const section = h("section", { class: "component", "aria-labelledby": headingId },
    h("h2", { id: headingId }, t("faq.title")), list, region ? ask : null);
  try {
    const query = region ? `?region=${encodeURIComponent(region.code)}` : "";
    const body = await get(`/api/services/${service.id}/faq${query}`);
    clear(list, body.items.length
      ? body.items.map((item) => h("details", { class: "faq-item" }, h("summary", {}, item.question),
        h("p", {}, item.answer), h("p", { class: "muted" }, t("faq.by", { agency: item.agency.short, when: date(item.answered_at) }))))
      : h("p", { class: "muted" }, t("faq.empty")));
  } catch (error) {
    clear(list, h("p", { class: "muted" }, t("faq.empty")));
  }
  return section;
}
