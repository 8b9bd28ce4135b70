/* Deleting the account (UU PDP 27/2022): what is erased, what the agencies must keep, a fresh proof
   that it is the owner (password or passkey) and a final confirmation; then signed out, at the catalogue. */
import { request } from "../api.js";
import { clear, h, link, toast } from "../dom.js";
import { errorSummary, field, showErrors } from "../fields.js";
import { t } from "../i18n.js";
import "../i18n-data.js"; // this screen's strings
import { openCount } from "../outbox.js";
import { passkeyProof, passkeysSupported } from "../passkey.js";
import { signOut, user } from "../session.js";
import { downloadData } from "./settings.js";

const ERASED = ["profile", "documents", "applications", "inbox", "log", "device"];
const KEPT = ["documents", "registers", "open"];

function list(prefix, keys) {
  return h("ul", {}, keys.map((key) => h("li", {}, t(`${prefix}.${key}`))));
}

export async function render(ctx) {
  const me = user();
  const title = h("h1", {}, t("delete.title"));
  const back = h("p", { class: "actions" }, link("/pengaturan", t("delete.cancel"), { class: "btn" }));
  if (me.role !== "resident") {
    clear(ctx.main, title, h("p", {}, t("delete.staff")), back);
    return;
  }
  const pending = await openCount();
  if (!ctx.isCurrent()) return;

  const password = field({ key: "password", label: t("delete.password_label"), type: "password", autocomplete: "current-password",
    help: t("delete.password_help"), required: true });
  const understand = field({ key: "understand", label: t("delete.understand"), type: "checkbox", required: true });
  const fields = [understand, password];
  const summary = errorSummary();
  const status = h("p", { class: "muted", role: "status" });
  const submit = h("button", { type: "submit", class: "btn danger" }, t("delete.submit"));
  const withPasskey = h("button", { type: "button", class: "btn", hidden: !passkeysSupported() }, t("delete.use_passkey"));
  const form = h("form", { novalidate: true, class: "stack", "aria-labelledby": "hapus-konfirmasi" },
    h("h2", { id: "hapus-konfirmasi" }, t("delete.confirm_title")), summary.node,
    pending ? h("p", { class: "notice" }, t("delete.pending", { n: pending })) : null,
    understand.node, password.node, submit,
    passkeysSupported() ? h("p", { class: "divider" }, t("delete.or")) : null, withPasskey, status);

  let busy = false;
  const send = async (proof) => {
    busy = true;
    submit.disabled = withPasskey.disabled = true;
    status.textContent = t("delete.working");
    try {
      await request("/api/me", { method: "DELETE", auth: true, body: proof });
      await signOut(); // drafts, the outbox and cached personal data go as at logout
      toast(t("delete.done"));
      ctx.navigate("/layanan", { replace: true });
    } catch (error) {
      status.textContent = "";
      const message = error.offline ? t("error.offline_action") : error.message;
      showErrors(fields, error.status === 403 && proof.password ? { password: [message] } : {}, summary, message);
    } finally {
      busy = false;
      submit.disabled = withPasskey.disabled = false;
    }
  };
  const confirmed = (errors) => {
    if (!understand.value()) errors.understand = [t("delete.understand_required")];
    return !showErrors(fields, errors, summary);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return;
    const errors = {};
    if (!password.value()) errors.password = [t("delete.password_required")];
    if (confirmed(errors)) send({ password: password.input.value });
  });
  withPasskey.addEventListener("click", async () => {
    if (busy || !confirmed({})) return;
    let proof;
    try {
      proof = await passkeyProof();
    } catch (error) {
      showErrors(fields, {}, summary, error.name === "NotAllowedError" ? t("auth.passkey_cancelled") : error.offline
          ? t("error.offline_action") : error.message);
      return;
    }
    send(proof);
  });

  clear(ctx.main, title, h("p", {}, t("delete.intro")),
    h("p", {}, h("button", { type: "button", class: "btn", onclick: downloadData }, t("delete.download"))),
    h("section", { "aria-labelledby": "hapus-dihapus" }, h("h2", { id: "hapus-dihapus" }, t("delete.erased_title")),
      list("delete.erased", ERASED)),
    h("section", { "aria-labelledby": "hapus-disimpan" }, h("h2", { id: "hapus-disimpan" }, t("delete.kept_title")),
      list("delete.kept", KEPT)),
    form, back);
}
