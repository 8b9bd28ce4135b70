/* The SKM survey (Permenpan RB 14/2017): 9 elements, one question a screen, 4 big choices,
   an optional comment; sent through the outbox so it also works offline. */
import { request } from "../api.js";
import { button, clear, h, link, nextId } from "../dom.js";
import { t } from "../i18n.js";
import { entries, enqueue, onChange, remove } from "../outbox.js";

const db = globalThis.MPPdb;
const ELEMENTS = ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"];
const KINDS = { antrian: "booking", permohonan: "application" };
const MARKS = "surveyed"; // kept in the drafts store, so sign-out wipes it with the drafts

const subjectKey = (kind, id) => `${kind}:${id}`;
const entryKey = (entry) => subjectKey(entry.body.booking_id ? "booking" : "application",
  entry.body.booking_id || entry.body.application_id);

async function marks() {
  return (await db.get("drafts", MARKS)) || {};
}

/* Delivered surveys leave the outbox (the applications screen lists applications only)
   after being remembered here, so "already rated" still shows offline. */
async function tidy() {
  const done = (await entries()).filter((e) => e.kind === "survey" && e.state === "delivered");
  if (!done.length) return;
  const known = await marks();
  for (const entry of done) known[entryKey(entry)] = entry.delivered_at || new Date().toISOString();
  await db.put("drafts", known, MARKS);
  for (const entry of done) await remove(entry.id);
}

export function watchSurveys() {
  tidy();
  onChange(() => tidy());
}

/* {state: none | waiting | sent | failed, message} for one application or booking. */
export async function surveyState(kind, id) {
  const key = subjectKey(kind, Number(id));
  const entry = (await entries()).filter((e) => e.kind === "survey" && entryKey(e) === key).pop();
  if (entry && entry.state === "failed") {
    const problem = entry.problem || {};
    if (problem.code === "survey-already-given") return { state: "sent", message: t("skm.already") };
    return { state: "failed", message: t("skm.failed", { reason: problem.detail || problem.title || "" }) };
  }
  if (entry && entry.state !== "delivered") return { state: "waiting", message: t("skm.queued") };
  if (entry || (await marks())[key]) return { state: "sent", message: t("ticket.rated") };
  try {
    const { data, cachedAt } = await request("/api/surveys", { auth: true });
    const field = kind === "booking" ? "booking_id" : "application_id";
    if (cachedAt === null && data.items.some((s) => s[field] === Number(id))) return { state: "sent", message: t("ticket.rated") };
  } catch (error) {
    /* offline: nothing more to know */
  }
  return { state: "none", message: "" };
}

/* {label, ready}: ready is false only when we know the service is not finished yet. */
async function subject(kind, id) {
  try {
    if (kind === "booking") {
      const booking = (await request(`/api/bookings/${id}`, { auth: true })).data;
      return { label: booking.ticket_number, ready: booking.status === "served" };
    }
    const application = (await request(`/api/applications/${id}`, { auth: true })).data;
    return { label: application.tracking_number, ready: application.status === "completed" };
  } catch (error) {
    return { label: `#${id}`, ready: true };
  }
}

function questionStep(code, index, answers, onPick) {
  const name = nextId(code);
  const errorId = `${name}-error`;
  const questionId = `${name}-q`;
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const radios = [1, 2, 3, 4].map((value) => {
    const input = h("input", { type: "radio", name, value: String(value), checked: answers[code] === value,
        "aria-describedby": questionId });
    input.addEventListener("change", () => onPick(code, value));
    return h("label", { class: "choice" }, input, h("span", { class: "score", "aria-hidden": "true" }, String(value)),
      t(`skm.${code}.o${value}`));
  });
  const node = h("fieldset", { class: "choices" },
    h("legend", { class: "h3" }, t("skm.answer_label", { n: index + 1, name: t(`skm.${code}.name`) })),
    h("p", { class: "question", id: questionId }, t(`skm.${code}.q`)), radios, error);
  const setError = (message) => {
    error.hidden = !message;
    error.textContent = message || "";
    for (const label of radios) {
      const input = label.querySelector("input");
      input.setAttribute("aria-describedby", message ? `${questionId} ${errorId}` : questionId);
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  };
  const focus = () => (radios.map((l) => l.querySelector("input")).find((i) => i.checked) || radios[0].querySelector("input")).focus();
  return { node, setError, focus };
}

export async function render(ctx) {
  const [type, rawId] = ctx.params;
  const kind = KINDS[type];
  const id = Number(rawId);
  const back = kind === "booking" ? `/antrian/${id}` : `/permohonan/${id}`;
  const { label, ready } = await subject(kind, id);
  if (!ctx.isCurrent()) return;
  const title = h("h1", {}, t("skm.title"));
  const crumb = h("p", { class: "crumb" }, link(back, t("skm.back")));
  const status = h("p", { class: "notice", role: "status" });

  const showState = (state) => {
    clear(ctx.main, crumb, title, h("p", { class: state.state === "failed" ? "notice error" : "notice", role: "status" }, state.message),
      link(back, t("skm.back"), { class: "btn" }));
  };
  const existing = await surveyState(kind, id);
  if (existing.state === "none" && !ready) return showState({ state: "none", message: t("skm.not_yet") });
  if (existing.state !== "none") {
    showState(existing);
    if (existing.state !== "waiting") return;
    return onChange(async () => ctx.isCurrent() && showState(await surveyState(kind, id)));
  }

  const answers = {};
  const total = ELEMENTS.length + 1;
  let step = 0;
  const steps = ELEMENTS.map((code, i) => questionStep(code, i, answers, (c, v) => {
    answers[c] = v;
    steps[i].setError(null);
  }));
  const commentId = nextId("comment");
  const comment = h("textarea", { id: commentId, rows: 4, maxlength: 2000, "aria-describedby": `${commentId}-hint` });
  const commentStep = { node: h("div", { class: "field" }, h("h2", {}, t("skm.comment_step")),
      h("label", { for: commentId }, t("skm.comment")),
    h("p", { class: "hint", id: `${commentId}-hint` }, t("skm.comment_hint")), comment), focus: () => comment.focus() };
  const progressText = h("p", { class: "muted", id: nextId("progress") });
  const progress = h("progress", { class: "progress", max: String(total), "aria-labelledby": progressText.id });
  const holder = h("div", {});
  const prev = button(t("skm.prev"), () => go(step - 1));
  const next = h("button", { type: "submit", class: "btn primary" }, t("skm.next"));
  const form = h("form", { novalidate: true }, progressText, progress, holder, h("div", { class: "step-nav" }, prev, next));

  const go = (to, focus = true) => {
    step = Math.max(0, Math.min(total - 1, to));
    const current = step < ELEMENTS.length ? steps[step] : commentStep;
    clear(holder, current.node);
    progress.value = step + 1;
    progressText.textContent = t("skm.progress", { n: step + 1, total });
    prev.hidden = step === 0;
    next.textContent = step === total - 1 ? t("skm.submit") : t("skm.next");
    if (focus) current.focus();
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (step < ELEMENTS.length) {
      if (!answers[ELEMENTS[step]]) {
        steps[step].setError(t("skm.required"));
        steps[step].focus();
        return;
      }
      go(step + 1);
      return;
    }
    const missing = ELEMENTS.findIndex((code) => !answers[code]);
    if (missing >= 0) {
      go(missing);
      steps[missing].setError(t("skm.required"));
      return;
    }
    next.disabled = true;
    const body = { answers: { ...answers }, comment: comment.value.trim() || null, [`${kind}_id`]: id };
    await enqueue({ kind: "survey", url: "/api/surveys", body, label: t("skm.label", { label }), [`${kind}_id`]: id });
    showState({ state: "waiting", message: navigator.onLine ? t("skm.sending") : t("skm.queued") });
  });

  clear(ctx.main, crumb, title,
    h("p", {}, t("skm.intro", { subject: t(`skm.subject.${kind}`, { label }) })), status, form);
  status.hidden = true;
  go(0, false);
  return onChange(async (message) => {
    if (!ctx.isCurrent() || !message || form.isConnected) return;
    showState(await surveyState(kind, id));
  });
}
