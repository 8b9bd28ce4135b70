/* Screen 6: apply online (and the revision flow): prefilled form -> "Periksa kembali" ->
   queued in the outbox, which delivers it now or when the connection is back. */
import { get, request } from "../api.js";
import { clear, h, link, toast } from "../dom.js";
import { text } from "../format.js";
import { t } from "../i18n.js";
import { enqueue } from "../outbox.js";
import { currentRegion } from "../state.js";
import { buildForm } from "./applyform.js";
import { listDocuments } from "./vault.js";

const drafts = () => globalThis.MPPdb;

/* The form with its server-side prefill; offline without a cached copy, the catalogue's
   form definition plus the cached profile gives the same prefill. */
async function loadForm(service) {
  try {
    return (await request(`/api/services/${service.id}/form`, { auth: true })).data;
  } catch (error) {
    if (!error.offline || !service.form) throw error;
    let me = null;
    try {
      me = (await request("/api/me", { auth: true })).data;
    } catch (ignored) {
      me = null;
    }
    const prefill = {};
    for (const f of service.form.fields) {
      if (f.prefill && me && me[f.prefill]) prefill[f.key] = { value: me[f.prefill], source: "profile" };
    }
    return { service_id: service.id, version: service.form.version, fields: service.form.fields, prefill };
  }
}

/* {key: label} kept with a queued entry, so a refusal later names fields as the form did. */
function fieldLabels(definition) {
  return Object.fromEntries(definition.fields.map((f) => [f.key, f.label]));
}

async function vaultDocs() {
  try {
    return await listDocuments();
  } catch (error) {
    return [];
  }
}

function reviewStep(ctx, { title, form, onSubmit, back }) {
  const submit = h("button", { type: "button", class: "btn primary big" }, t("apply.submit"));
  submit.addEventListener("click", async () => {
    submit.disabled = true;
    await onSubmit();
  });
  clear(
    ctx.main,
    h("h1", {}, t("apply.review_title")),
    h("p", { class: "muted" }, title),
    h("p", {}, t("apply.review_intro")),
    form.review(),
    h("div", { class: "actions" }, h("button", { type: "button", class: "btn", onclick: back }, t("apply.edit")), submit),
  );
  focusHeading(ctx);
}

function focusHeading(ctx) {
  const heading = ctx.main.querySelector("h1");
  heading.setAttribute("tabindex", "-1");
  heading.focus();
  window.scrollTo(0, 0);
}

function formStep(ctx, { title, intro, form, draftKey, next, extra }) {
  const el = h("form", { novalidate: true, class: "stack" }, form.node,
    h("button", { type: "submit", class: "btn primary" }, t("apply.to_review")));
  el.addEventListener("submit", (event) => {
    event.preventDefault();
    if (form.validate()) next();
  });
  if (draftKey) {
    let timer;
    el.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => drafts().put("drafts", form.collect().snapshot, draftKey), 400);
    });
  }
  clear(ctx.main, h("p", { class: "crumb" }, extra), h("h1", {}, title), intro, el);
  if (document.activeElement === document.body || !ctx.main.contains(document.activeElement)) focusHeading(ctx);
}

export async function render(ctx) {
  const [id] = ctx.params;
  clear(ctx.main, h("h1", {}, t("apply.title")), h("p", { class: "muted" }, t("loading")));
  const region = await currentRegion();
  if (!region) return ctx.navigate("/pilih-mpp", { replace: true });
  let service;
  let definition;
  try {
    service = await get(`/api/services/${id}`);
    definition = await loadForm(service);
  } catch (error) {
    clear(ctx.main, h("h1", {}, t("apply.title")), h("p", { class: "error" }, error.offline ? t("error.offline_nodata") : error.message));
    return;
  }
  if (!ctx.isCurrent()) return;
  const draftKey = `service:${service.id}`;
  const draft = (await drafts().get("drafts", draftKey)) || {};
  const initial = { ...definition.prefill };
  for (const [key, saved] of Object.entries(draft)) {
    const pre = initial[key];
    const same = pre && saved.value !== undefined && String(saved.value) === String(pre.value);
    if (saved.blob || (saved.value !== null && saved.value !== undefined && saved.value !== "")) initial[key] = same ? pre : saved;
  }
  const form = buildForm({ fields: definition.fields, initial, docs: await vaultDocs() });
  const title = text(service.name);
  const intro = h("p", {}, t("apply.intro", { mpp: region.mpp_name }));
  const showForm = () => formStep(ctx, { title, intro, form, draftKey, next: showReview,
      extra: link(`/layanan/${service.id}`, t("apply.back_to_service")) });
  const showReview = () =>
    reviewStep(ctx, {
      title,
      form,
      back: showForm,
      onSubmit: async () => {
        const { data, blobs } = form.collect();
        await enqueue({
          kind: "create",
          url: "/api/applications",
          label: service.name,
          labels: fieldLabels(definition),
          service_id: service.id,
          body: { service_id: service.id, region_code: region.code, form_version: definition.version, data,
            client_created_at: new Date().toISOString() },
          blobs,
        });
        await drafts().delete("drafts", draftKey);
        toast(navigator.onLine ? t("apply.queued_online") : t("apply.queued_offline"));
        ctx.navigate("/permohonan", { replace: true });
      },
    });
  showForm();
}

export async function renderRevision(ctx) {
  const [id] = ctx.params;
  clear(ctx.main, h("h1", {}, t("revision.title")), h("p", { class: "muted" }, t("loading")));
  let application;
  let service;
  let definition;
  try {
    application = (await request(`/api/applications/${id}`, { auth: true })).data;
    service = await get(`/api/services/${application.service.id}`);
    definition = await loadForm(service);
  } catch (error) {
    clear(ctx.main, h("h1", {}, t("revision.title")), h("p", { class: "error" },
        error.offline ? t("error.offline_nodata") : error.message));
    return;
  }
  if (!ctx.isCurrent()) return;
  const initial = {};
  for (const f of definition.fields) {
    if (application.data[f.key] !== undefined) initial[f.key] = { value: application.data[f.key] };
  }
  const form = buildForm({ fields: definition.fields, initial, docs: await vaultDocs(), fix: application.fields_to_fix });
  const title = `${text(application.service.name)} · ${application.tracking_number}`;
  const notes = (application.history || []).filter((e) => e.note && e.status === "needs_revision").slice(-1);
  const intro = h("div", {}, h("p", {}, t("revision.intro")), notes.map((n) => h("blockquote", { class: "note" }, n.note)));
  const showForm = () => {
    formStep(ctx, { title: t("revision.title"), intro, form, next: showReview,
        extra: link(`/permohonan/${application.id}`, t("revision.back")) });
    const first = form.controls.find((c) => (application.fields_to_fix || []).includes(c.key));
    if (first) first.focus();
  };
  const showReview = () =>
    reviewStep(ctx, {
      title,
      form,
      back: showForm,
      onSubmit: async () => {
        const { data, blobs } = form.collect();
        await enqueue({
          kind: "resubmit",
          url: `/api/applications/${application.id}/resubmit`,
          label: application.service.name,
          labels: fieldLabels(definition),
          application_id: application.id,
          body: { form_version: definition.version, data, client_created_at: new Date().toISOString() },
          blobs,
        });
        toast(navigator.onLine ? t("apply.queued_online") : t("apply.queued_offline"));
        ctx.navigate(`/permohonan/${application.id}`, { replace: true });
      },
    });
  showForm();
}
