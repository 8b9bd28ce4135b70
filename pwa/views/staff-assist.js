/* Counter staff: file an application for a walk-in resident. Look up by NIK -> consent (a code in the
   resident's app, or the KTP-el checked in person; a walk-in without an account is registered) -> the same
   form as residents, documents scanned into the resident's vault -> check answers -> the outbox. */
import { get, request } from "../api.js";
import { clear, h, toast } from "../dom.js";
import { dateTime, grouped, text } from "../format.js";
import { errorSummary, field, problemToErrors, showErrors } from "../fields.js";
import { t } from "../i18n.js";
import "../i18n-assisted.js"; // this screen's strings
import { entries, enqueue, onChange } from "../outbox.js";
import { staffOnly } from "../physical.js";
import { user } from "../session.js";
import { regionByCode } from "../state.js";
import { buildForm } from "./applyform.js";

const BASE = "/api/officer/assisted";

function focusHeading(ctx) {
  const heading = ctx.main.querySelector("h1, h2[tabindex]");
  if (!heading) return;
  heading.setAttribute("tabindex", "-1");
  heading.focus();
  window.scrollTo(0, 0);
}

/* A small form of fields with one submit button; send(values) may throw an ApiError shown on the fields. */
function miniForm(fields, label, send) {
  const summary = errorSummary();
  const submit = h("button", { type: "submit", class: "btn primary" }, label);
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, fields.map((f) => f.node), submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = {};
    for (const f of fields) {
      const problem = f.validate();
      if (problem) errors[f.key] = [problem];
    }
    if (showErrors(fields, errors, summary)) return;
    submit.disabled = true;
    try {
      await send(Object.fromEntries(fields.map((f) => [f.key, f.def.type === "checkbox" ? f.value() : f.typedValue()])));
    } catch (error) {
      showErrors(fields, problemToErrors(error), summary, error.offline ? t("error.offline_action") : error.message);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function sentList() {
  const list = h("ul", { class: "plain", id: "assist-sent" });
  const draw = async () => {
    const mine = (await entries()).filter((e) => e.kind === "assisted").reverse().slice(0, 10);
    node.hidden = !mine.length;
    clear(list, mine.map((e) => {
      const state = e.state === "delivered" ? t("assist.state.delivered", { tracking: (e.result || {}).tracking_number || "" })
        : e.state === "failed" ? t("assist.state.failed", { reason: (e.problem && (e.problem.detail || e.problem.title)) || "" })
          : t(`assist.state.${e.state === "sending" ? "sending" : "pending"}`);
      return h("li", {}, h("strong", {}, text(e.label)), " · ", e.resident || "", h("br"), h("span", { class: "muted" }, state));
    }));
  };
  const node = h("section", { "aria-labelledby": "assist-sent-h", hidden: true },
    h("h2", { id: "assist-sent-h" }, t("assist.sent_title")), h("div", { "aria-live": "polite" }, list));
  draw();
  const stop = onChange(draw);
  return { node, stop };
}

export async function render(ctx) {
  if (!staffOnly(ctx, t("assist.title"))) return;
  const me = user();
  const region = await regionByCode(me.region_code);
  const sent = sentList();
  const screen = (...children) => {
    clear(ctx.main, h("h1", {}, t("assist.title")), ...children, sent.node);
    focusHeading(ctx);
  };

  const lookupStep = () => {
    const nik = field({ key: "nik", label: t("assist.nik"), type: "nik", required: true });
    screen(h("p", {}, t("assist.intro")), h("h2", {}, t("assist.step_lookup")),
      miniForm([nik], t("assist.lookup"), async ({ nik: value }) => {
        const found = (await request(`${BASE}/lookup`, { method: "POST", auth: true, body: { nik: value } })).data;
        if (found.exists) consentStep(value, found);
        else registerStep(value);
      }));
  };

  const consentStep = (nik, found) => {
    const ways = [found.has_app && t("assist.reach_app"), found.has_phone && t("assist.reach_phone"),
      found.has_email && t("assist.reach_email")].filter(Boolean);
    const byCode = h("button", { type: "button", class: "btn primary" }, t("assist.by_code"));
    const inPerson = h("button", { type: "button", class: "btn" }, t("assist.in_person"));
    const area = h("div", { class: "stack" });
    const ask = async (method) => {
      try {
        const consent = (await request(`${BASE}/consents`, { method: "POST", auth: true, body: { nik, method } })).data;
        confirmForm(area, nik, found, consent);
      } catch (error) {
        toast(error.offline ? t("error.offline_action") : error.message, "error");
      }
    };
    byCode.addEventListener("click", () => ask("code"));
    inPerson.addEventListener("click", () => ask("in_person"));
    screen(h("h2", {}, t("assist.step_consent")),
      h("p", { role: "status" }, t("assist.found", { name: found.masked_name }), h("br"),
        t("assist.reach", { ways: ways.join(", ") || t("assist.reach_none") })),
      h("p", { class: "hint" }, t("assist.by_code_hint")),
      h("div", { class: "actions" }, byCode, inPerson), area);
  };

  const confirmForm = (area, nik, found, consent) => {
    let fields;
    if (consent.method === "code") {
      fields = [field({ key: "code", label: t("assist.code"), type: "text", required: true, inputmode: "numeric",
        autocomplete: "one-time-code" })];
    } else {
      fields = [field({ key: "ktp_number", label: t("assist.ktp_number"), type: "nik", required: true }),
        field({ key: "ktp_checked", label: t("assist.ktp_checked"), type: "checkbox", required: true }),
        field({ key: "consent_recorded", label: t("assist.consent_recorded"), type: "checkbox", required: true })];
    }
    const note = consent.method === "code"
      ? h("p", { class: "notice", role: "status" }, t("assist.code_sent", { when: dateTime(consent.expires_at, region) })) : null;
    clear(area, note, miniForm(fields, t("assist.confirm"), async (values) => {
      const done = (await request(`${BASE}/consents/${consent.id}/confirm`, { method: "POST", auth: true, body: values })).data;
      serviceStep({ consent: done, nik, name: found.masked_name });
    }));
    area.querySelector("input").focus();
  };

  const registerStep = (nik) => {
    const fields = [
      field({ key: "full_name", label: t("profile.full_name"), type: "text", required: true }),
      field({ key: "birth_date", label: t("profile.birth_date"), type: "date", required: true }),
      field({ key: "gender", label: t("profile.gender"), type: "radio", required: true,
        options: [{ value: "L", label: t("profile.male") }, { value: "P", label: t("profile.female") }] }),
      field({ key: "phone", label: t("profile.phone"), type: "phone" }),
      field({ key: "email", label: t("profile.email"), type: "email" }),
      field({ key: "ktp_checked", label: t("assist.ktp_checked"), type: "checkbox", required: true }),
      field({ key: "consent_recorded", label: t("assist.consent_recorded"), type: "checkbox", required: true }),
    ];
    screen(h("h2", {}, t("assist.step_consent")), h("p", { role: "status" }, t("assist.not_found")),
      miniForm(fields, t("assist.register"), async (values) => {
        const body = { nik, ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== "")) };
        const consent = (await request(`${BASE}/residents`, { method: "POST", auth: true, body })).data;
        toast(t("assist.registered"));
        serviceStep({ consent, nik, name: values.full_name });
      }));
  };

  const serviceStep = async (person) => {
    let services = [];
    try {
      const page = await get(`/api/regions/${me.region_code}/services?agency=${me.agency ? me.agency.code : ""}&per_page=100`);
      services = (page.items || []).filter((s) => (s.channels || []).includes("online"));
    } catch (error) {
      services = [];
    }
    const agency = me.agency ? me.agency.short || me.agency.code : "";
    const choice = field({ key: "service_id", label: t("assist.service", { agency }), type: "select", required: true,
      options: services.map((s) => ({ value: String(s.id), label: s.name })) });
    const done = h("button", { type: "button", class: "btn" }, t("assist.done"));
    done.addEventListener("click", async () => {
      try {
        await request(`${BASE}/consents/${person.consent.id}/close`, { method: "POST", auth: true });
        toast(t("assist.closed"));
      } catch (error) {
        /* offline: the window ends by itself */
      }
      lookupStep();
    });
    screen(h("h2", {}, t("assist.step_service")),
      h("p", { class: "notice", role: "status" }, t("assist.confirmed", { when: dateTime(person.consent.expires_at, region) })),
      services.length ? miniForm([choice], t("assist.open_form"), ({ service_id: id }) =>
        formStep(person, services.find((s) => String(s.id) === id))) : h("p", {}, t("assist.no_services")),
      h("div", { class: "actions" }, done));
  };

  const formStep = async (person, service) => {
    const definition = (await request(`${BASE}/consents/${person.consent.id}/form?service_id=${service.id}`, { auth: true })).data;
    const form = buildForm({ fields: definition.fields, initial: { ...definition.prefill }, docs: definition.documents || [] });
    const who = t("assist.for", { name: definition.resident.full_name, nik: grouped(definition.resident.masked_nik || person.nik) });
    const el = h("form", { novalidate: true, class: "stack" }, form.node,
      h("button", { type: "submit", class: "btn primary" }, t("apply.to_review")));
    const show = () => {
      clear(ctx.main, h("h1", {}, text(service.name)), h("p", { class: "muted" }, who),
        h("p", { class: "hint" }, t("assist.scan_hint")), el);
      focusHeading(ctx);
    };
    el.addEventListener("submit", (event) => {
      event.preventDefault();
      if (form.validate()) review();
    });
    const review = () => {
      const submit = h("button", { type: "button", class: "btn primary big" }, t("apply.submit"));
      const back = h("button", { type: "button", class: "btn" }, t("apply.edit"));
      back.addEventListener("click", show);
      submit.addEventListener("click", async () => {
        submit.disabled = true;
        const { data, blobs } = form.collect();
        const upload = `${BASE}/consents/${person.consent.id}/documents`;
        await enqueue({
          kind: "assisted",
          url: `${BASE}/applications`,
          label: service.name,
          resident: definition.resident.masked_nik,
          labels: Object.fromEntries(definition.fields.map((f) => [f.key, f.label])),
          service_id: service.id,
          body: { consent_id: person.consent.id, service_id: service.id, form_version: definition.version, data,
            client_created_at: new Date().toISOString() },
          blobs: blobs.map((b) => ({ ...b, upload_url: upload })),
        });
        toast(navigator.onLine ? t("assist.queued_online") : t("assist.queued_offline"));
        serviceStep(person);
      });
      clear(ctx.main, h("h1", {}, t("apply.review_title")), h("p", { class: "muted" }, `${text(service.name)} · ${who}`),
        form.review(), h("div", { class: "actions" }, back, submit));
      focusHeading(ctx);
    };
    show();
  };

  lookupStep();
  return sent.stop;
}
