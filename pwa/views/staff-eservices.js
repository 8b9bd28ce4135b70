/* Admin: the e-services allowed to use "Masuk dengan MPP Digital": the list (with "Cabut") and a form
   to register one (name, agency, redirect URIs, scopes, client authentication, public key or a secret). */
import { request } from "../api.js";
import { clear, h, nextId, toast } from "../dom.js";
import { errorSummary, field, problemToErrors, showErrors } from "../fields.js";
import { dateTime } from "../format.js";
import { t } from "../i18n.js";
import "../i18n-oidc.js"; // this screen's strings
import { user } from "../session.js";
import { currentRegion } from "../state.js";

const SCOPES = ["profile", "nik", "birthdate", "gender", "address", "phone", "email", "document"];

function lines(value) {
  return value.split(/\s+/).map((v) => v.trim()).filter(Boolean);
}

function scopeBoxes(name, legend) {
  const boxes = SCOPES.map((s) => ({ scope: s, input: h("input", { type: "checkbox", name, value: s, id: nextId(name) }) }));
  const node = h("fieldset", { class: "field" }, h("legend", {}, legend),
    boxes.map((b) => h("label", { class: "checkbox", for: b.input.id }, b.input, h("span", {}, t(`scope.${b.scope}`)))));
  return { node, values: () => boxes.filter((b) => b.input.checked).map((b) => b.scope) };
}

function clientLine(c, region, reload) {
  const parts = [h("strong", {}, c.name), h("br"), h("code", {}, c.client_id), h("br"),
    c.scopes.filter((s) => s !== "openid").map((s) => t(`scope.${s}`)).join(", "), h("br"),
    h("small", { class: "muted" }, `${c.token_endpoint_auth_method} · ${c.redirect_uris.join(" ")}`)];
  if (c.revoked_at) {
    return h("li", {}, parts, h("br"), h("small", { class: "muted" }, t("eservices.revoked", { when: dateTime(c.revoked_at, region) })));
  }
  const label = `${t("eservices.revoke")} ${c.name}`;
  const revoke = h("button", { type: "button", class: "btn small danger", "aria-label": label }, t("eservices.revoke"));
  revoke.addEventListener("click", async () => {
    if (!confirm(t("eservices.revoke_confirm", { name: c.name }))) return;
    try {
      await request(`/api/admin/eservices/${encodeURIComponent(c.client_id)}`, { method: "DELETE", auth: true });
      await reload();
    } catch (error) {
      toast(error.offline ? t("error.offline_action") : error.message, "error");
    }
  });
  return h("li", {}, parts, h("div", { class: "actions" }, revoke));
}

async function agencyOptions(region) {
  if (!region) return [];
  try {
    const data = (await request(`/api/regions/${encodeURIComponent(region.code)}`)).data;
    return (data.agencies || []).map((a) => ({ value: a.code, label: a.name }));
  } catch (error) {
    return [];
  }
}

function registerForm(options, region, onSaved) {
  const name = field({ key: "name", label: t("eservices.name"), type: "text", required: true, constraints: { max_length: 120 } });
  const agency = options.length
    ? field({ key: "agency_code", label: t("eservices.agency"), type: "select", required: true, options })
    : field({ key: "agency_code", label: t("eservices.agency"), type: "text", required: true });
  const regionCode = field({ key: "region_code", label: t("eservices.region"), type: "text", help: t("eservices.region_help") });
  if (region) regionCode.setValue(region.code);
  const redirects = field({ key: "redirect_uris", label: t("eservices.redirects"), type: "textarea", required: true,
    help: t("eservices.redirects_help") });
  const logout = field({ key: "post_logout_redirect_uris", label: t("eservices.logout_redirects"), type: "textarea" });
  const scopes = scopeBoxes("scopes", t("eservices.scopes"));
  const required = scopeBoxes("required", t("eservices.required"));
  const method = field({ key: "token_endpoint_auth_method", label: t("eservices.method"), type: "radio", required: true,
    options: [{ value: "private_key_jwt", label: t("eservices.method_jwt") },
      { value: "client_secret_basic", label: t("eservices.method_secret") }] });
  method.setValue("private_key_jwt");
  const jwks = field({ key: "jwks", label: t("eservices.jwks"), type: "textarea" });
  const jwksUri = field({ key: "jwks_uri", label: t("eservices.jwks_uri"), type: "text" });
  const par = field({ key: "require_pushed_authorization_requests", label: t("eservices.par"), type: "checkbox" });
  const summary = errorSummary();
  const all = [name, agency, regionCode, redirects, logout, method, jwks, jwksUri, par];
  const form = h("form", { class: "stack", novalidate: true }, h("h2", {}, t("eservices.new")), summary.node,
    name.node, agency.node, regionCode.node, redirects.node, logout.node, scopes.node, required.node, method.node, jwks.node, jwksUri.node,
    par.node, h("button", { type: "submit", class: "btn primary" }, t("eservices.save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = {};
    for (const f of [name, agency, redirects]) {
      const problem = f.validate();
      if (problem) errors[f.key] = [problem];
    }
    let keySet = null;
    if (jwks.value()) {
      try {
        keySet = JSON.parse(jwks.value());
      } catch (error) {
        errors.jwks = [t("eservices.bad_json")];
      }
    }
    if (showErrors(all, errors, summary)) return;
    const body = { name: name.value(), agency_code: agency.value(), region_code: regionCode.value() || null,
      redirect_uris: lines(redirects.value()), post_logout_redirect_uris: lines(logout.value()), scopes: ["openid", ...scopes.values()],
      required_scopes: required.values(), token_endpoint_auth_method: method.value(), jwks: keySet, jwks_uri: jwksUri.value() || null,
      require_pushed_authorization_requests: par.value() };
    try {
      const saved = (await request("/api/admin/eservices", { method: "POST", auth: true, body })).data;
      showErrors(all, {}, summary);
      onSaved(saved);
    } catch (error) {
      showErrors(all, problemToErrors(error), summary, error.offline ? t("error.offline_action") : error.message);
    }
  });
  return form;
}

function savedNotice(saved) {
  const secret = saved.client_secret
    ? h("p", {}, h("strong", {}, t("eservices.secret_once")), h("br"), "client_secret: ", h("code", {}, saved.client_secret)) : null;
  return h("div", { class: "notice", role: "status" }, h("p", {}, t("eservices.saved")),
    h("p", {}, "client_id: ", h("code", {}, saved.client_id)), secret);
}

export async function render(ctx) {
  if ((user() || {}).role !== "admin") {
    clear(ctx.main, h("h1", {}, t("eservices.title")), h("p", { role: "alert" }, t("eservices.admins_only")));
    return;
  }
  const region = await currentRegion();
  const list = h("ul", { class: "plain log" });
  const notice = h("div");
  const reload = async () => {
    try {
      const { items } = (await request("/api/admin/eservices", { auth: true })).data;
      clear(list, items.length ? items.map((c) => clientLine(c, region, reload)) : h("li", { class: "muted" }, t("eservices.none")));
    } catch (error) {
      clear(list, h("li", { class: "muted" }, error.offline ? t("error.offline_nodata") : error.message));
    }
  };
  const options = await agencyOptions(region);
  await reload();
  if (!ctx.isCurrent()) return;
  const form = registerForm(options, region, async (saved) => {
    clear(notice, savedNotice(saved));
    form.reset();
    await reload();
    notice.scrollIntoView();
  });
  clear(ctx.main, h("h1", {}, t("eservices.title")), h("p", {}, t("eservices.intro")), notice, list, form);
}
