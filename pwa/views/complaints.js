/* Complaints (pengaduan): file one about my application, ticket or a service (optional photo
   from the vault), and follow its status, the 5-working-day answer deadline and the answer. */
import { get } from "../api.js";
import { errorSummary, field, showErrors } from "../fields.js";
import { clear, h, link, nextId, toast } from "../dom.js";
import { date, dateTime, text } from "../format.js";
import { t } from "../i18n.js";
import { downscale } from "../images.js";
import { enqueue, entries, onChange } from "../outbox.js";
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
    h("h2", { class: "h3" }, about(c)),
    h("p", {}, chip(c.status), c.overdue ? h("span", { class: "chip status-rejected" }, t("complaint.overdue")) : null),
    h("p", { class: "muted" }, t("complaint.filed", { when: dateTime(c.created_at) }), " · ", `${c.agency.short}`),
    h("p", { class: "muted" }, t("complaint.due", { date: date(c.due_date) })),
    h("blockquote", { class: "note" }, c.text),
    c.answer
      ? h("div", {}, h("h3", {}, t("complaint.answer")), h("blockquote", { class: "note" }, c.answer),
        h("p", { class: "muted" }, t("complaint.answered_at", { when: dateTime(c.answered_at) })))
      : h("p", { class: "muted" }, t("complaint.no_answer")));
}

function pendingCard(entry) {
  const state = entry.state === "pending" && entry.last_error === "signin" ? "signin" : entry.state;
  return h("li", { class: `card outbox ${entry.state}`, "data-state": entry.state },
    h("h3", {}, text(entry.label)),
    h("p", {}, h("span", { class: `chip outbox-${entry.state}` }, t(`outbox.${state}`))),
    h("blockquote", { class: "note" }, entry.body.text),
    entry.state === "failed" ? h("p", { class: "notice error" },
      (entry.problem && (entry.problem.detail || entry.problem.title)) || t("outbox.failed_generic")) : null);
}

export async function renderList(ctx) {
  const [focusId] = ctx.params;
  const status = h("p", { class: "muted", role: "status" }, t("loading"));
  const list = h("ul", { class: "cards" });
  const pendingList = h("ul", { class: "cards" });
  const pending = h("section", { "aria-labelledby": "belum-terkirim", hidden: true },
    h("h2", { id: "belum-terkirim" }, t("complaint.pending_title")), pendingList);
  clear(ctx.main, h("h1", {}, t("complaint.title")), h("p", {}, t("complaint.intro")),
    h("div", { class: "actions" }, link("/pengaduan/baru", t("complaint.new"), { class: "btn primary" })), pending, status, list);
  const drawPending = async () => {
    const waiting = (await entries()).filter((e) => e.kind === "complaint" && e.state !== "delivered");
    clear(pendingList, waiting.map(pendingCard));
    pending.hidden = waiting.length === 0;
  };
  const load = async () => {
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
  };
  const stop = onChange((message) => {
    drawPending();
    if (message && message.type === "delivered") load();
  });
  await Promise.all([drawPending(), load()]);
  return stop;
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
    ...apps.items.map((a) => ({ value: `application:${a.id}`,
          label: `${t("complaint.about_application", { label: a.tracking_number })} · ${text(a.service.name)}` })),
    ...bookings.items.map((b) => ({ value: `booking:${b.id}`,
          label: `${t("complaint.about_booking", { label: b.ticket_number })} · ${text(b.service.name)}` })),
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
    clear(ctx.main, h("h1", {}, t("complaint.form_title")),
      h("p", { class: "error" }, error.offline ? t("error.offline_action") : error.message));
    return;
  }
  if (!ctx.isCurrent()) return;
  const subject = field({ key: "subject", label: t("complaint.subject"), type: "select", required: true, options });
  const wanted = `${ctx.query.get("tentang")}:${ctx.query.get("id")}`;
  if (options.some((o) => o.value === wanted)) subject.setValue(wanted);
  else if (options.length === 1) subject.setValue(options[0].value);
  const body = field({ key: "text", label: t("complaint.text"), type: "textarea", required: true, help: t("complaint.text_hint"),
      constraints: { min_length: 10, max_length: 4000 } });
  const photo = field({ key: "document_id", label: t("complaint.photo"), type: "select", help: t("complaint.photo_hint_new"),
    options: [...documents.map((d) => ({ value: String(d.id), label: `${t(`doc.${d.document_type}`)} · ${d.filename}` })),
      { value: "new", label: t("complaint.new_photo") }] });
  photo.input.firstChild.textContent = t("complaint.no_photo");
  // A new photo is kept as a blob in the outbox entry and uploaded before the complaint (offline too).
  const fileId = nextId("foto");
  const file = h("input", { type: "file", id: fileId, accept: "image/*", capture: "environment" });
  const chosen = h("p", { class: "muted", "aria-live": "polite" });
  const fileBox = h("div", { class: "field", hidden: true }, h("label", { for: fileId }, t("complaint.photo_file")), file, chosen);
  let blob = null;
  photo.input.addEventListener("change", () => (fileBox.hidden = photo.value() !== "new"));
  file.addEventListener("change", async () => {
    if (!file.files[0]) return;
    chosen.textContent = t("vault.preparing");
    blob = await downscale(file.files[0]);
    chosen.textContent = t("form.file_ready", { name: blob.name, size: Math.round(blob.size / 1024) });
  });
  const all = [subject, body, photo];
  const summary = errorSummary();
  const submit = h("button", { type: "submit", class: "btn primary big" }, t("complaint.submit"));
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, subject.node, body.node, photo.node, fileBox, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = {};
    if (!subject.value()) errors.subject = [t("complaint.choose_subject")];
    const problem = body.validate();
    if (problem) errors.text = [problem];
    if (photo.value() === "new" && !blob) errors.document_id = [t("form.file_missing")];
    if (showErrors(all, errors, summary)) return;
    const [subjectType, subjectId] = subject.value().split(":");
    const picked = photo.value() && photo.value() !== "new" ? Number(photo.value()) : null;
    const payload = { subject_type: subjectType, subject_id: Number(subjectId), text: body.value(),
      document_id: picked, region_code: subjectType === "service" ? regionCode() : null };
    const label = (options.find((o) => o.value === subject.value()) || {}).label || "";
    submit.disabled = true;
    // Through the outbox like surveys: one Idempotency-Key, delivered exactly once, offline or not.
    await enqueue({
      kind: "complaint", url: "/api/complaints", label: t("complaint.label", { label }), body: payload,
      blobs: photo.value() === "new" ? [{ field: "document_id", top: true, blob, name: blob.name || "foto.jpg",
          document_type: "lainnya" }] : [],
      labels: { subject_type: t("complaint.subject"), subject_id: t("complaint.subject"), region_code: t("complaint.subject"),
        text: t("complaint.text"), document_id: t("complaint.photo") },
    });
    toast(navigator.onLine ? t("complaint.queued_online") : t("complaint.queued_offline"));
    ctx.navigate("/pengaduan", { replace: true });
  });
  clear(ctx.main,
    h("p", { class: "crumb" }, link("/pengaduan", `← ${t("complaint.title")}`)),
    h("h1", {}, t("complaint.form_title")),
    h("p", {}, t("complaint.intro")),
    options.length ? null : h("p", { class: "notice" }, t("complaint.nothing_to_choose")),
    form);
}
