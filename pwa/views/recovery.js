/* Back into a lost account: ask for a link by NIK or e-mail, set a new password from the link,
   or use the one-time code from the MPP counter. Also the e-mail confirmation link's screen. */
import { request } from "../api.js";
import { clear, h, link, toast } from "../dom.js";
import { errorSummary, field, problemToErrors, showErrors } from "../fields.js";
import { t } from "../i18n.js";
import "../i18n-account.js"; // this screen's strings
import { setUser, signedIn } from "../session.js";

/* The token travels in the link's #fragment, which browsers never send to a server or in a Referer. */
let remembered = null;
function tokenFromLink() {
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  if (token) {
    remembered = token; // the screen is drawn again when the language changes
    history.replaceState(null, "", location.pathname + location.search);
  }
  return token || remembered;
}

function newPasswordFields() {
  const password = field({ key: "password", label: t("recovery.new_password"), type: "password", required: true,
      autocomplete: "new-password", help: t("auth.password_help"), constraints: { min_length: 10 } });
  const repeat = field({ key: "repeat", label: t("recovery.repeat_password"), type: "password", required: true,
      autocomplete: "new-password" });
  return [password, repeat];
}

/* Local checks of the form; true when it may be sent. */
function checked(fields, summary) {
  const errors = {};
  for (const f of fields) {
    const problem = f.validate();
    if (problem) errors[f.key] = [problem];
  }
  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
  if (byKey.repeat && !errors.repeat && byKey.repeat.value() !== byKey.password.value()) errors.repeat = [t("recovery.mismatch")];
  return !showErrors(fields, errors, summary);
}

function failed(fields, summary, error) {
  showErrors(fields, problemToErrors(error), summary, error.offline ? t("error.offline_action") : error.message);
}

function counterHelp() {
  return h("section", { "aria-labelledby": "gerai" }, h("h2", { id: "gerai" }, t("recovery.no_email")),
    h("p", {}, t("recovery.counter_hint")), h("p", {}, link("/pulihkan-kode", t("recovery.code_link"), { class: "btn" })));
}

export async function renderForgot(ctx) {
  const identifier = field({ key: "identifier", label: t("auth.identifier"), type: "text", required: true, autocomplete: "username",
      help: t("auth.identifier_help") });
  const summary = errorSummary();
  const sent = h("div", { class: "notice", role: "status", hidden: true });
  const button = h("button", { type: "submit", class: "btn primary" }, t("recovery.send"));
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, identifier.node, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!checked([identifier], summary)) return;
    button.disabled = true;
    try {
      const { detail } = (await request("/api/auth/recovery/link", { method: "POST", body: { identifier: identifier.value() } })).data;
      clear(sent, h("h2", {}, t("recovery.sent_title")), h("p", {}, detail));
      sent.hidden = false;
      form.hidden = true;
      sent.setAttribute("tabindex", "-1");
      sent.focus();
    } catch (error) {
      failed([identifier], summary, error);
    } finally {
      button.disabled = false;
    }
  });
  clear(ctx.main, h("h1", {}, t("recovery.forgot_title")), h("p", {}, t("recovery.forgot_intro")), form, sent, counterHelp(),
    h("p", {}, link("/masuk", t("auth.signin_link"))));
}

export async function renderReset(ctx) {
  const token = tokenFromLink();
  if (!token) {
    clear(ctx.main, h("h1", {}, t("recovery.reset_title")), h("p", { class: "error" }, t("recovery.no_token")),
      h("p", {}, link("/lupa-sandi", t("recovery.again"), { class: "btn primary" })));
    return;
  }
  const fields = newPasswordFields();
  const summary = errorSummary();
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, fields.map((f) => f.node),
    h("button", { type: "submit", class: "btn primary" }, t("recovery.save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!checked(fields, summary)) return;
    try {
      await request("/api/auth/recovery/reset", { method: "POST", body: { token, password: fields[0].value() } });
      toast(t("recovery.done"));
      ctx.navigate("/masuk", { replace: true });
    } catch (error) {
      failed(fields, summary, error);
      if (error.problem && error.problem.code === "recovery-link-invalid") form.append(h("p", {},
          link("/lupa-sandi", t("recovery.again"))));
    }
  });
  clear(ctx.main, h("h1", {}, t("recovery.reset_title")), h("p", {}, t("recovery.reset_intro")), form);
}

export async function renderCode(ctx) {
  const nik = field({ key: "nik", label: "NIK", type: "nik", required: true, help: t("auth.nik_help") });
  const code = field({ key: "code", label: t("recovery.code"), type: "text", required: true, help: t("recovery.code_help"),
      constraints: { max_length: 20 } });
  code.input.setAttribute("autocomplete", "one-time-code");
  code.input.setAttribute("autocapitalize", "characters");
  const fields = [nik, code, ...newPasswordFields()];
  const summary = errorSummary();
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, fields.map((f) => f.node),
    h("button", { type: "submit", class: "btn primary" }, t("recovery.save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!checked(fields, summary)) return;
    try {
      await request("/api/auth/recovery/code", { method: "POST",
          body: { nik: nik.value(), code: code.value(), password: fields[2].value() } });
      toast(t("recovery.done"));
      ctx.navigate("/masuk", { replace: true });
    } catch (error) {
      failed(fields, summary, error);
    }
  });
  clear(ctx.main, h("h1", {}, t("recovery.code_title")), h("p", {}, t("recovery.code_intro")), form,
    h("p", {}, link("/masuk", t("auth.signin_link"))));
}

export async function renderConfirmEmail(ctx) {
  const token = tokenFromLink();
  const status = h("p", { role: "status" }, t("email.confirming"));
  clear(ctx.main, h("h1", {}, t("email.confirm_title")), status);
  if (!token) {
    status.textContent = t("recovery.no_token");
    return;
  }
  try {
    const { email } = (await request("/api/auth/email/confirm", { method: "POST", body: { token } })).data;
    remembered = null;
    status.textContent = t("email.confirmed_done", { email });
    if (signedIn()) {
      request("/api/me", { auth: true }).then((r) => setUser(r.data), () => {});
    }
    ctx.main.append(h("p", {}, link(signedIn() ? "/pengaturan" : "/masuk", signedIn() ? t("nav.settings") : t("auth.signin_link"),
          { class: "btn primary" })));
  } catch (error) {
    status.className = "error";
    status.textContent = error.offline ? t("error.offline_action") : error.message;
  }
}
