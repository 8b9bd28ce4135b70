/* The application form built from a service's form definition: prefill marks, document
   fields (from the vault or a new file, downscaled), validation and the review list. */
import { h, nextId } from "../dom.js";
import { grouped, text } from "../format.js";
import { acceptsDocument, check, errorSummary, field, showErrors } from "../fields.js";
import { t } from "../i18n.js";
import { downscale } from "../images.js";

function documentField(def, docs, initial) {
  const id = nextId(def.key);
  const errorId = `${id}-error`;
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  // Only documents of a type the field accepts (the served rules): the server refuses any other.
  const matching = docs.filter((d) => acceptsDocument(def, d));
  const option = (d) => h("option", { value: String(d.id) }, `${t(`doc.${d.document_type}`)} · ${d.filename}`);
  const select = h("select", { id, name: def.key },
    h("option", { value: "" }, t("form.choose_document")),
    matching.map(option),
    h("option", { value: "new" }, t("form.new_document")));
  const fileId = `${id}-file`;
  const chosen = h("p", { class: "muted", "aria-live": "polite" });
  let blob = initial && initial.blob ? initial.blob : null;
  const file = h("input", { type: "file", id: fileId, accept: "image/*,application/pdf", "data-field": def.key });
  const newBox = h("div", { class: "field", hidden: true }, h("label", { for: fileId }, t("form.upload_for", { name: text(def.label) })),
    file, chosen);
  const mark = initial && initial.source ? h("span", { class: `source ${initial.source}`, id: `${id}-src` },
    t(`prefill.${initial.source}`)) : null;
  if (mark) select.setAttribute("aria-describedby", `${id}-src`);
  select.addEventListener("change", () => (newBox.hidden = select.value !== "new"));
  file.addEventListener("change", async () => {
    const picked = file.files[0];
    if (!picked) return;
    chosen.textContent = t("vault.preparing");
    blob = await downscale(picked);
    chosen.textContent = t("form.file_ready", { name: blob.name, size: Math.round(blob.size / 1024) });
  });
  if (blob) {
    select.value = "new";
    newBox.hidden = false;
    chosen.textContent = t("form.file_ready", { name: blob.name || "", size: Math.round(blob.size / 1024) });
  } else if (initial && initial.value && matching.some((d) => d.id === Number(initial.value))) select.value = String(initial.value);
  const node = h("div", { class: "field" }, h("label", { for: id }, text(def.label),
      def.required ? null : h("span", { class: "optional" }, ` ${t("form.optional")}`)), mark, select, newBox, error);
  return {
    key: def.key,
    def,
    node,
    input: select,
    value: () => (select.value === "new" ? (blob ? { blob } : null) : select.value ? Number(select.value) : null),
    typedValue() {
      return this.value();
    },
    validate() {
      if (select.value === "new" && !blob) return t("form.file_missing");
      return def.required && !select.value ? t("validation.required") : null;
    },
    setError(message) {
      error.hidden = !message;
      error.textContent = message || "";
      if (message) {
        select.setAttribute("aria-invalid", "true");
        select.setAttribute("aria-describedby", [mark && `${id}-src`, errorId].filter(Boolean).join(" "));
      } else select.removeAttribute("aria-invalid");
    },
    focus: () => select.focus(),
    display() {
      if (select.value === "new") return blob ? `${t("form.new_file")}: ${blob.name}` : "";
      const doc = docs.find((d) => String(d.id) === select.value);
      return doc ? `${t(`doc.${doc.document_type}`)} · ${doc.filename}` : "—";
    },
  };
}

/* buildForm({fields, initial: {key: {value, source, blob}}, docs, fix: [keys]}) */
export function buildForm({ fields, initial, docs, fix }) {
  const controls = fields.map((def) => {
    const start = initial[def.key] || {};
    if (def.type === "document") return documentField(def, docs, start);
    const control = field({ ...def, source: start.source });
    control.setValue(start.value);
    control.display = () => {
      const v = control.value();
      if (def.type === "checkbox") return v ? t("form.yes") : t("form.no");
      if (def.type === "select") return text((def.options.find((o) => o.value === v) || {}).label) || "—";
      return v || "—";
    };
    return control;
  });
  for (const control of controls) {
    if ((fix || []).includes(control.key)) {
      control.node.classList.add("to-fix");
      control.node.prepend(h("p", { class: "fix-note" }, t("revision.fix_this")));
    }
  }
  const summary = errorSummary();
  const node = h("div", { class: "stack" }, summary.node, controls.map((c) => c.node));
  return {
    node,
    controls,
    validate() {
      const errors = {};
      for (const c of controls) {
        const message = c.def.type === "document" ? c.validate() : check(c.def, c.value());
        if (message) errors[c.key] = [message];
      }
      return !showErrors(controls, errors, summary);
    },
    showServerErrors: (errors, message) => showErrors(controls, errors, summary, message),
    /* {data, blobs, snapshot}: blobs are new files the outbox uploads before the submission. */
    collect() {
      const data = {};
      const blobs = [];
      const snapshot = {};
      for (const c of controls) {
        const v = c.typedValue();
        if (v && v.blob) {
          blobs.push({ field: c.key, blob: v.blob, name: v.blob.name || "dokumen.jpg", document_type: c.def.document_type || "lainnya" });
          snapshot[c.key] = { blob: v.blob };
          data[c.key] = null;
        } else {
          if (v !== null && v !== "") data[c.key] = c.def.type === "checkbox" ? Boolean(v) : v;
          else if (c.def.type === "checkbox") data[c.key] = false;
          snapshot[c.key] = { value: v };
        }
      }
      return { data, blobs, snapshot };
    },
    review() {
      const shown = (c) => (c.def.type === "nik" ? grouped(String(c.display())) : String(c.display()));
      return h("dl", { class: "review" }, controls.map((c) => [h("dt", {}, text(c.def.label)), h("dd", {}, shown(c))]));
    },
  };
}
