/* Counter staff: issue a one-time recovery code to a resident whose KTP-el was checked in person. */
import { request } from "../api.js";
import { clear, h } from "../dom.js";
import { dateTime } from "../format.js";
import { errorSummary, field, problemToErrors, showErrors } from "../fields.js";
import { t } from "../i18n.js";
import "../i18n-account.js"; // this screen's strings
import { staffNav, staffOnly } from "../physical.js";
import { currentRegion } from "../state.js";

export async function render(ctx) {
  if (!staffOnly(ctx, t("staff.recovery_title"))) return;
  const region = await currentRegion();
  const nik = field({ key: "nik", label: t("staff.recovery_nik"), type: "nik", required: true });
  const checked = field({ key: "ktp_checked", label: t("staff.recovery_ktp"), type: "checkbox", required: true });
  const summary = errorSummary();
  const result = h("div", { "aria-live": "polite" });
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, nik.node, checked.node,
    h("button", { type: "submit", class: "btn primary" }, t("staff.recovery_issue")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = {};
    for (const f of [nik, checked]) {
      const problem = f.validate();
      if (problem) errors[f.key] = [problem];
    }
    if (showErrors([nik, checked], errors, summary)) return;
    clear(result);
    try {
      const issued = (await request("/api/staff/recovery-codes",
          { method: "POST", auth: true, body: { nik: nik.value(), ktp_checked: true } })).data;
      clear(result, h("div", { class: "notice", role: "status", tabindex: "-1" },
        h("h2", {}, t("staff.recovery_code_for", { name: issued.resident.full_name, nik: issued.resident.masked_nik })),
        h("p", { class: "tracking one-time-code", lang: "en" }, issued.code),
        h("p", {}, t("staff.recovery_expires", { when: dateTime(issued.expires_at, region) })),
        h("p", {}, t("staff.recovery_next"))));
      nik.setValue("");
      checked.setValue(false);
      result.firstChild.focus(); // the code is what the officer reads out next: bring it into view
    } catch (error) {
      showErrors([nik, checked], problemToErrors(error), summary, error.offline ? t("error.offline_action") : error.message);
    }
  });
  clear(ctx.main, staffNav(""), h("h1", {}, t("staff.recovery_title")), h("p", {}, t("staff.recovery_intro")), form, result);
}
