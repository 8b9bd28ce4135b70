/* Complaints (pengaduan): file one about my application, ticket or a service (optional photo
   from the vault), and follow its status, the 5-working-day answer deadline and the answer. */
import { get, request } from "../api.js";
import { errorSummary, field, problemToErrors, showErrors } from "../fields.js";
import { clear, h, link, toast } from "../dom.js";
import { date, dateTime, text } from "../format.js";
import { t } from "../i18n.js";
import { regionCode } from "../state.js";

function chip(status) {
  return h("span", { class: `chip complaint-${status}` }, t(`complaint.status.${status}`));
}

function about(c) {
  if (c.subject_type === "service") return t("complaint.about_service", { label: text(c.service.name) });
  return t(`complaint.about_${c.subject_type}`, { label: c.subject_label });
}

function complaintCard(c, focused) {
  return h("li", { class: focused ? "card chosen" : "card", id: `pengaduan-${c.id}` },
    h("h3", {}, about(c)),
    h("p", {}, chip(c.status), c.overdue ? h("span", { class: "chip status-rejected" }, t("complaint.overdue")) : null),
    h("p", { class: "muted" }, t("complaint.filed", { when: dateTime(c.created_at) }), " · ", `${c.agency.short}`),
    h("p", { class: "muted" }, t("complaint.due", { date: date(c.due_date) })),
    h("blockquote", { class: "note" }, c.text),
    c.answer
      ? h("div", {}, h("h4", {}, t("complaint.answer")), h("blockquote", { class: "note" }, c.answer), h("p", { class: "muted" }, t("complaint.answered_at", { when: dateTime(c.answered_at) })))
      : h("p", { class: "muted" }, t("complaint.no_answer")));
}

export async function renderList(ctx) {
  const [focusId] = ctx.params;
  const status = h("p", { class: "muted", role: "status" }, t("loading"));
  const list = h("ul", { class: "cards" });
  clear(ctx.main, h("h1", {}, t("complaint.title")), h("p", {}, t("complaint.intro")),
    h("div", { class: "actions" }, link("/pengaduan/baru", t("complaint.new"), { class: "btn primary" })), status, list);
  try {
    const body = await get("/api/complaints?per_page=100", true);
    if (!ctx.isCurrent()) return;
    clear(list, body.items.map((c) => complaintCard(c, String(c.id) === focusId)));
    status.textContent = body.items.length ? "" : t("complaint.empty");
    const target = focusId && document.getElementById(`pengaduan-${focusId}`);
    if (target) target.scrollIntoView();
  } catch (error) {
    status.textContent = error.offline ? t("error.offline_nodata") : error.message;
  }
}

async function subjectOptions(query) {
  const kind = query.get("tentang");
  const id = query.get("id");
  if (kind === "service" && id) {
    const service = await get(`/api/services/${encodeURIComponent(id)}`);
    return [{ value: `service:${service.id}`, label: t("complaint.about_service", { label: text(service.name) }) }];
  }
  const [apps, bookings] = await Promise.all([
    get("/api/applications?per_page=50", true).catch(() => ({ items: [] })),
    get("/api/bookings?per_page=50", true).catch(() => ({ items: [] })),
  ]);
  return [
    ...apps.items.map((a) => ({ value: `application:${a.id}`, label: `${t("complaint.about_application", { label: a.tracking_number })} · ${text(a.service.name)}` })),
    ...bookings.items.map((b) => ({ value: `booking:${b.id}`, label: `${t("complaint.about_booking", { label: b.ticket_number })} · ${text(b.service.name)}` })),
  ];
}

export async function renderForm(ctx) {
  let options;
  let documents = [];
  try {
    [options, documents] = await Promise.all([
      subjectOptions(ctx.query),
      get("/api/documents", true).then((d) => d.items.filter((x) => (x.content_type || "").startsWith("image/"))).catch(() => []),
    ]);
  } catch (error) {
    clear(ctx.main, h("h1", {}, t("complaint.form_title")), h("p", { class: "error" }, error.offline ? t("error.offline_action") : error.message));
    return;
  }
  if (!ctx.isCurrent()) return;
  const subject = field({ key: "subject", label: t("complaint.subject"), type: "select", required: true, options });
  const wanted = `${ctx.query.get("tentang")}:${ctx.query.get("id")}`;
  if (options.some((o) => o.value === wanted)) subject.setValue(wanted);
  else if (options.length === 1) subject.setValue(options[0].value);
  const body = field({ key: "text", label: t("complaint.text"), type: "textarea", required: true, help: t("complaint.text_hint"), constraints: { min_length: 10, max_length: 4000 } });
  const photo = field({ key: "document_id", label: t("complaint.photo"), type: "select", help: t("complaint.photo_hint"),
    options: documents.map((d) => ({ value: String(d.id), label: `${t(`doc.${d.document_type}`)} · ${d.filename}` })) });
  photo.input.firstChild.textContent = t("complaint.no_photo");
  const all = [subject, body, photo];
  const summary = errorSummary();
  const submit = h("button", { type: "submit", class: "btn primary big" }, t("complaint.submit"));
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, subject.node, body.node, photo.node, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = {};
    if (!subject.value()) errors.subject = [t("complaint.choose_subject")];
    const problem = body.validate();
    if (problem) errors.text = [problem];
    if (showErrors(all, errors, summary)) return;
    const [subjectType, subjectId] = subject.value().split(":");
    const payload = { subject_type: subjectType, subject_id: Number(subjectId), text: body.value(),
      document_id: photo.value() ? Number(photo.value()) : null, region_code: subjectType === "service" ? regionCode() : null };
    submit.disabled = true;
    try {
      const { data } = await request("/api/complaints", { method: "POST", body: payload, auth: true });
      toast(t("complaint.sent", { date: date(data.due_date) }));
      ctx.navigate(`/pengaduan/${data.id}`, { replace: true });
    } catch (error) {
      const byField = problemToErrors(error);
      if (byField.subject_id || byField.subject_type || byField.region_code) byField.subject = byField.subject_id || byField.subject_type || byField.region_code;
      showErrors(all, byField, summary, error.offline ? t("error.offline_action") : error.message);
    } finally {
      submit.disabled = false;
    }
  });
  clear(ctx.main,
    h("p", { class: "crumb" }, link("/pengaduan", `← ${t("complaint.title")}`)),
    h("h1", {}, t("complaint.form_title")),
    h("p", {}, t("complaint.intro")),
    options.length ? null : h("p", { class: "notice" }, t("complaint.nothing_to_choose")),
    form);
}
