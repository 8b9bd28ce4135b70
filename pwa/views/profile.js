/* Screen 5: "Data diri" (entered once, used to prefill every form) and the document vault. */
import { request } from "../api.js";
import { clear, h, link, toast } from "../dom.js";
import { dateTime, grouped } from "../format.js";
import { field, errorSummary, problemToErrors, showErrors } from "../fields.js";
import { t } from "../i18n.js";
import "../i18n-account.js"; // this screen's strings
import "../i18n-data.js"; // this screen's strings
import { setUser } from "../session.js";
import { currentRegion } from "../state.js";
import { renderVault } from "./vault.js";

const PROFILE_FIELDS = [
  { key: "full_name", type: "text", required: true, autocomplete: "name", constraints: { max_length: 100 } },
  { key: "birth_place", type: "text", constraints: { max_length: 100 } },
  { key: "birth_date", type: "date", autocomplete: "bday" },
  { key: "gender", type: "select", options: [{ value: "L", label: { id: "Laki-laki", en: "Male" } },
      { value: "P", label: { id: "Perempuan", en: "Female" } }] },
  { key: "phone", type: "phone", autocomplete: "tel" },
  { key: "email", type: "email", autocomplete: "email" },
  { key: "address", type: "textarea", autocomplete: "street-address", constraints: { max_length: 300 } },
  { key: "kk_number", type: "nik", help: { id: "16 angka pada Kartu Keluarga.", en: "The 16 digits on the family card." } },
];

export async function render(ctx) {
  clear(ctx.main, h("h1", {}, t("profile.title")), h("p", { class: "muted" }, t("loading")));
  let me;
  let cachedAt = null;
  try {
    ({ data: me, cachedAt } = await request("/api/me", { auth: true }));
  } catch (error) {
    clear(ctx.main, h("h1", {}, t("profile.title")), h("p", { class: "error" }, error.offline ? t("error.offline_nodata") : error.message));
    return;
  }
  if (!ctx.isCurrent()) return;
  const region = await currentRegion();
  // residents see staff by this name in their access log: only an admin changes it (the API refuses too)
  const staff = me.role !== "resident";
  const fields = PROFILE_FIELDS.map((def) => field({ ...def, label: t(`profile.${def.key}`),
    ...(staff && def.key === "full_name" ? { help: t("profile.staff_name") } : {}) }));
  if (staff) fields.find((f) => f.key === "full_name").input.readOnly = true;
  for (const f of fields) f.setValue(me[f.key]);
  const summary = errorSummary();
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, fields.map((f) => f.node),
    h("button", { type: "submit", class: "btn primary" }, t("profile.save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = {};
    for (const f of fields) {
      const message = f.validate();
      if (message) errors[f.key] = [message];
    }
    if (showErrors(fields, errors, summary)) return;
    const patch = {};
    for (const f of fields) patch[f.key] = f.typedValue();
    try {
      const updated = (await request("/api/me", { method: "PATCH", body: patch, auth: true })).data;
      await setUser(updated);
      const waiting = updated.email_pending && updated.email_pending !== updated.email;
      toast(t(waiting ? "email.pending_toast" : "profile.saved"));
      if (waiting) fields.find((f) => f.key === "email").setValue(updated.email);
    } catch (error) {
      showErrors(fields, problemToErrors(error), summary, error.offline ? t("error.offline_action") : error.message);
    }
  });
  const vault = h("section", { class: "vault", "aria-labelledby": "dokumen" });
  clear(
    ctx.main,
    h("h1", {}, t("profile.title")),
    cachedAt !== null ? h("p", { class: "stale" }, t("stale.label", { when: dateTime(cachedAt, region) })) : null,
    h("p", {}, t("profile.intro")),
    h("dl", { class: "summary" }, h("dt", {}, "NIK"), h("dd", {}, me.nik ? grouped(me.nik) : "—")),
    form,
    vault,
    h("p", { class: "actions" }, link("/pengaturan", t("nav.settings"), { class: "btn" })),
  );
  await renderVault(vault);
}
