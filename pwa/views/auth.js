/* Screen 4: sign in (passkey first, password as fallback) and sign up, then add a passkey. */
import { clear, h, nextId, toast, announce } from "../dom.js";
import { lang, t } from "../i18n.js";
import "../i18n-account.js"; // this screen's strings
import { nikWarnings } from "../nik.js";
import { addPasskey, passkeysSupported, signInWithPasskey } from "../passkey.js";
import { login, register, startSession, useLanguage } from "../session.js";
import { field, problemToErrors, showErrors, errorSummary } from "../fields.js";

function next(ctx) {
  const target = ctx.query.get("lanjut") || "/permohonan";
  return target.startsWith("/") && !target.startsWith("//") ? target : "/permohonan";
}

const LANGUAGES = { id: "Bahasa Indonesia", en: "English" };

/* Asked once, at sign-in, when the account's language differs from the one chosen on this device. */
function askLanguage(account) {
  const device = lang();
  return new Promise((resolve) => {
    const titleId = nextId("bahasa");
    const pick = (code) => {
      dialog.close();
      dialog.remove();
      resolve(code);
    };
    const choice = (code, primary) =>
      h("button", { type: "button", class: primary ? "btn primary" : "btn", lang: code, onclick: () => pick(code) }, LANGUAGES[code]);
    const dialog = h("dialog", { class: "ask", "aria-labelledby": titleId },
      h("h2", { id: titleId }, t("language.ask_title")),
      h("p", {}, t("language.ask_body", { account: LANGUAGES[account], device: LANGUAGES[device] })),
      h("div", { class: "actions" }, choice(account, true), choice(device, false)));
    dialog.addEventListener("cancel", (event) => event.preventDefault()); // one of the two is needed
    document.body.append(dialog);
    dialog.showModal();
  }).then(useLanguage);
}

async function signedIn(ctx, body) {
  const ask = await startSession(body);
  if (ask) await askLanguage(ask);
  toast(t("auth.welcome"));
  ctx.navigate(next(ctx), { replace: true });
}

export async function renderSignIn(ctx) {
  const status = h("p", { class: "error", role: "alert" });
  const passkeyButton = h("button", { type: "button", class: "btn primary big", hidden: !passkeysSupported() }, t("auth.passkey"));
  passkeyButton.addEventListener("click", async () => {
    status.textContent = "";
    passkeyButton.disabled = true;
    try {
      await signedIn(ctx, await signInWithPasskey());
    } catch (error) {
      status.textContent = error.name === "NotAllowedError" ? t("auth.passkey_cancelled") : error.offline ? t("error.offline_action")
        : error.message;
    } finally {
      passkeyButton.disabled = false;
    }
  });
  const identifier = field({ key: "identifier", label: t("auth.identifier"), type: "text", required: true, autocomplete: "username",
      help: t("auth.identifier_help") });
  const password = field({ key: "password", label: t("auth.password"), type: "password", required: true,
      autocomplete: "current-password" });
  const summary = errorSummary();
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, identifier.node, password.node,
    h("button", { type: "submit", class: "btn primary" }, t("auth.signin")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = {};
    if (!identifier.value()) errors.identifier = [t("validation.required")];
    if (!password.value()) errors.password = [t("validation.required")];
    if (showErrors([identifier, password], errors, summary)) return;
    try {
      await signedIn(ctx, await login(identifier.value(), password.value()));
    } catch (error) {
      showErrors([identifier, password], problemToErrors(error), summary, error.offline ? t("error.offline_action") : error.message);
    }
  });
  clear(
    ctx.main,
    h("h1", {}, t("auth.signin_title")),
    h("p", {}, t("auth.signin_intro")),
    ctx.query.get("sesi") === "berakhir" ? h("p", { class: "notice", role: "status" }, t("session.ended_signin")) : null,
    passkeyButton,
    status,
    h("h2", { class: "divider" }, t("auth.password_fallback")),
    form,
    h("p", {}, h("a", { href: "/lupa-sandi" }, t("recovery.forgot_link"))),
    h("p", {}, t("auth.no_account"), " ", h("a", { href: `/daftar${location.search}` }, t("auth.signup_link"))),
  );
}

export async function renderSignUp(ctx) {
  const f = {
    nik: field({ key: "nik", label: "NIK", type: "nik", required: true, help: t("auth.nik_help") }),
    full_name: field({ key: "full_name", label: t("profile.full_name"), type: "text", required: true, autocomplete: "name",
        constraints: { max_length: 100 } }),
    birth_date: field({ key: "birth_date", label: t("profile.birth_date"), type: "date", required: true, autocomplete: "bday" }),
    gender: field({ key: "gender", label: t("profile.gender"), type: "radio", required: true,
        options: [{ value: "L", label: t("profile.male") }, { value: "P", label: t("profile.female") }] }),
    phone: field({ key: "phone", label: t("profile.phone"), type: "phone", autocomplete: "tel" }),
    email: field({ key: "email", label: t("profile.email"), type: "email", autocomplete: "email" }),
    password: field({ key: "password", label: t("auth.password"), type: "password", required: true, autocomplete: "new-password",
        help: t("auth.password_help"), constraints: { min_length: 10 } }),
  };
  const nikWarning = h("p", { class: "warning", id: nextId("nikwarn"), "aria-live": "polite" });
  f.nik.node.append(nikWarning);
  f.nik.input.setAttribute("aria-describedby", `${f.nik.input.getAttribute("aria-describedby") || ""} ${nikWarning.id}`.trim());
  const checkNik = () => {
    const warnings = nikWarnings(f.nik.value(), f.birth_date.value(), f.gender.value());
    nikWarning.textContent = warnings.map((w) => t(`warn.${w}`)).join(" ");
  };
  for (const name of ["nik", "birth_date", "gender"]) f[name].node.addEventListener("input", checkNik);
  f.nik.node.addEventListener("change", checkNik);
  const summary = errorSummary();
  const form = h("form", { novalidate: true, class: "stack" }, summary.node, Object.values(f).map((x) => x.node),
    h("button", { type: "submit", class: "btn primary" }, t("auth.signup")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const all = Object.values(f);
    const errors = {};
    for (const x of all) {
      const problem = x.validate();
      if (problem) errors[x.key] = [problem];
    }
    if (!f.phone.value() && !f.email.value()) errors.phone = [t("auth.contact_required")];
    if (showErrors(all, errors, summary)) return;
    const payload = { language: lang() }; // the new account speaks the language it was made in
    for (const x of all) if (x.value()) payload[x.key] = x.value();
    try {
      const body = await register(payload);
      await startSession(body);
      afterSignUp(ctx, body.warnings || []);
    } catch (error) {
      showErrors(all, problemToErrors(error), summary, error.offline ? t("error.offline_action") : error.message);
    }
  });
  clear(ctx.main, h("h1", {}, t("auth.signup_title")), h("p", {}, t("auth.signup_intro")), form,
    h("p", {}, t("auth.have_account"), " ", h("a", { href: `/masuk${location.search}` }, t("auth.signin_link"))));
}

function afterSignUp(ctx, warnings) {
  const status = h("p", { role: "status" });
  const add = h("button", { type: "button", class: "btn primary big" }, t("passkey.add"));
  add.addEventListener("click", async () => {
    add.disabled = true;
    try {
      await addPasskey(t("passkey.default_name"));
      status.textContent = t("passkey.added");
      toast(t("passkey.added"));
      ctx.navigate(next(ctx), { replace: true });
    } catch (error) {
      status.textContent = error.name === "NotAllowedError" ? t("auth.passkey_cancelled") : error.message;
      add.disabled = false;
    }
  });
  clear(
    ctx.main,
    h("h1", {}, t("auth.signed_up")),
    warnings.length ? h("div", { class: "notice", role: "note" }, warnings.map((w) => h("p", {}, w.message))) : null,
    h("p", {}, t("passkey.offer")),
    passkeysSupported() ? add : null,
    status,
    h("button", { type: "button", class: "btn", onclick: () => ctx.navigate(next(ctx), { replace: true }) }, t("passkey.skip")),
  );
  announce(t("auth.signed_up"));
}
