/* Settings, "Keamanan akun": the account e-mail (confirmed, or waiting for its link) and the password change. */
import { request } from "../api.js";
import { button, h, toast } from "../dom.js";
import { errorSummary, field, problemToErrors, showErrors } from "../fields.js";
import { t } from "../i18n.js";
import "../i18n-account.js"; // this screen's strings
import { passkeyProof, passkeysSupported } from "../passkey.js";
import { setUser } from "../session.js";

function emailStatus(me) {
  const lines = [h("p", {}, me.email ? t(me.email_verified ? "email.confirmed" : "email.unconfirmed", { email: me.email })
        : t("email.none"))];
  const pending = me.email_pending && (me.email_pending !== me.email || !me.email_verified) ? me.email_pending : null;
  if (pending) lines.push(h("p", { class: "notice", role: "status" }, h("strong", {}, t("email.pending", { email: pending })), h("br"),
      t("email.pending_hint")));
  // an address waiting, or one never confirmed (its link expired, or it predates confirmation)
  if (pending || (me.email && !me.email_verified)) {
    lines.push(button(t("email.resend"), async (event) => {
      event.currentTarget.disabled = true;
      try {
        await request("/api/me/email/resend", { method: "POST", auth: true });
        toast(t("email.resent"));
      } catch (error) {
        toast(error.offline ? t("error.offline_action") : error.message, "error");
      }
    }, { class: "btn small" }));
  }
  return h("div", { class: "stack" }, lines);
}

function passwordForm() {
  const current = field({ key: "current_password", label: t("password.current"), type: "password", required: true,
      autocomplete: "current-password" });
  const next = field({ key: "new_password", label: t("recovery.new_password"), type: "password", required: true,
      autocomplete: "new-password", help: t("auth.password_help"), constraints: { min_length: 10 } });
  const repeat = field({ key: "repeat", label: t("recovery.repeat_password"), type: "password", required: true,
      autocomplete: "new-password" });
  const summary = errorSummary();
  const all = [current, next, repeat];
  const send = async (proof, needed) => {
    const errors = {};
    for (const f of needed) {
      const problem = f.validate();
      if (problem) errors[f.key] = [problem];
    }
    if (!errors.repeat && repeat.value() !== next.value()) errors.repeat = [t("recovery.mismatch")];
    if (showErrors(all, errors, summary)) return;
    try {
      await request("/api/me/password", { method: "POST", auth: true, body: { ...(await proof()), new_password: next.value() } });
      for (const f of all) f.setValue("");
      showErrors(all, {}, summary);
      toast(t("password.changed"));
    } catch (error) {
      const message = error.name === "NotAllowedError" ? t("auth.passkey_cancelled") : error.offline ? t("error.offline_action")
        : error.message;
      showErrors(all, problemToErrors(error), summary, message);
    }
  };
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, current.node, next.node, repeat.node,
    h("button", { type: "submit", class: "btn primary" }, t("password.save")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(async () => ({ current_password: current.input.value }), all);
  });
  if (passkeysSupported()) {
    form.append(button(t("password.with_passkey"), () => send(passkeyProof, [next, repeat])));
  }
  return form;
}

/* The two sections for Settings (account e-mail, password), drawn from a fresh GET /api/me. */
export async function securitySection() {
  let me;
  try {
    me = (await request("/api/me", { auth: true })).data;
    await setUser(me);
  } catch (error) {
    return h("section", { "aria-labelledby": "keamanan" }, h("h2", { id: "keamanan" }, t("password.title")),
      h("p", { class: "muted" }, error.offline ? t("error.offline_nodata") : error.message));
  }
  return [
    h("section", { "aria-labelledby": "email-akun" }, h("h2", { id: "email-akun" }, t("email.title")), emailStatus(me)),
    h("section", { "aria-labelledby": "keamanan" }, h("h2", { id: "keamanan" }, t("password.title")), h("p", {}, t("password.intro")),
      passwordForm()),
  ];
}
