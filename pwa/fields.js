/* Form fields with labels, hints, linked errors and the same checks the server makes. */
import { h, nextId } from "./dom.js";
import { text } from "./format.js";
import { t } from "./i18n.js";
import { nikWarnings } from "./nik.js";

/* Sign-up and profile have no served form definition: these copies of
   backend/catalogue/fieldrules.py serve them (tests/test_field_rules_local.py keeps them equal).
   An application form's fields carry `rules` from the API. */
const LOCAL_RULES = {
  phone: { pattern: "^(?=\\+?\\d{10,15}$)(?:\\+62|62|0)8\\d+$", strip: "[\\s\\-.()]" },
  email: { pattern: "^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$" },
  nik: { pattern: "^\\d{16}$" },
};
const INPUT_TYPES = { nik: "text", phone: "tel", email: "email", number: "number", date: "date", password: "password", text: "text" };
const STRUCTURE = new Set(["nik.digits", "nik.length", "nik.province", "nik.date", "nik.serial"]);

function rulesOf(def) {
  const c = def.constraints || {};
  return def.rules || { ...(LOCAL_RULES[def.type] || {}), max_length: c.max_length, min_length: c.min_length, min: c.min, max: c.max };
}

function matches(rules, value) {
  const v = rules.strip ? value.replace(new RegExp(rules.strip, "g"), "") : value;
  return !rules.pattern || new RegExp(rules.pattern).test(v);
}

function realDate(value) {
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/* Whether a vault document can go into a document field (the picker offers only these). */
export function acceptsDocument(def, doc) {
  const types = (def.rules && def.rules.document_types) || (def.document_type ? [def.document_type] : []);
  return !types.length || types.includes(doc.document_type);
}

export function check(def, value) {
  const rules = rulesOf(def);
  const empty = value === "" || value === null || value === undefined || value === false;
  if (empty) return def.required ? t(def.type === "checkbox" ? "validation.confirm" : "validation.required") : null;
  if (typeof value === "string") {
    if (rules.max_length && value.length > rules.max_length) return t("validation.max_length", { n: rules.max_length });
    if (rules.min_length && value.length < rules.min_length) return t("validation.min_length", { n: rules.min_length });
  }
  switch (def.type) {
    case "nik":
      // the same structure checks as the server's (province, date, serial); the birth-date match only warns
      return matches(rules, value) && !nikWarnings(value).some((code) => STRUCTURE.has(code)) ? null : t("validation.nik");
    case "phone":
      return matches(rules, value) ? null : t("validation.phone");
    case "email":
      return matches(rules, value) ? null : t("validation.email");
    case "number": {
      const n = Number(value);
      if (!Number.isFinite(n)) return t("validation.number");
      if (rules.min !== undefined && rules.min !== null && n < rules.min) return t("validation.min", { n: rules.min });
      if (rules.max !== undefined && rules.max !== null && n > rules.max) return t("validation.max", { n: rules.max });
      return null;
    }
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && realDate(value) ? null : t("validation.date");
    case "select":
    case "radio":
      return (def.options || []).some((o) => o.value === value) ? null : t("validation.choice");
    default:
      return null;
  }
}

function control(def, id, describedBy) {
  const common = { id, name: def.key, required: def.required, "aria-describedby": describedBy };
  if (def.type === "textarea") return h("textarea", { ...common, rows: 3, maxlength: def.constraints && def.constraints.max_length });
  if (def.type === "select") {
    return h("select", common, h("option", { value: "" }, t("form.choose")),
      (def.options || []).map((o) => h("option", { value: o.value }, text(o.label))));
  }
  if (def.type === "checkbox") return h("input", { ...common, type: "checkbox" });
  const attrs = { ...common, type: INPUT_TYPES[def.type] || "text", autocomplete: def.autocomplete };
  if (def.type === "nik") Object.assign(attrs, { inputmode: "numeric", maxlength: 16, autocomplete: "off" });
  if (def.type === "number" && def.constraints) Object.assign(attrs,
    { min: def.constraints.min, max: def.constraints.max, inputmode: "decimal" });
  const maxLength = (def.rules && def.rules.max_length) || (def.constraints && def.constraints.max_length);
  if (maxLength) attrs.maxlength = maxLength;
  return h("input", attrs);
}

/* field(def) -> {key, def, node, input, value(), setValue(v), validate(), setError(msg)} */
export function field(def) {
  const id = nextId(def.key);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const hint = def.help ? h("p", { class: "hint", id: hintId }, text(def.help)) : null;
  const mark = def.source ? h("span", { class: `source ${def.source}`, id: `${id}-src` }, t(`prefill.${def.source}`)) : null;
  const describedBy = [hint && hintId, mark && `${id}-src`].filter(Boolean).join(" ") || undefined;
  const label = typeof def.label === "string" ? def.label : text(def.label);
  const required = def.required ? null : h("span", { class: "optional" }, ` ${t("form.optional")}`);
  let node;
  let input;
  let radios = [];
  if (def.type === "radio") {
    radios = def.options.map((o) => h("input", { type: "radio", name: id, value: o.value, id: `${id}-${o.value}` }));
    input = radios[0];
    node = h("fieldset", { class: "field", "aria-describedby": describedBy },
      h("legend", {}, label, required), hint,
      h("div", { class: "radios" }, radios.map((r, i) => h("label", { for: r.id, class: "radio" }, r, text(def.options[i].label)))), error);
  } else if (def.type === "checkbox") {
    input = control(def, id, describedBy);
    node = h("div", { class: "field check" }, h("label", { for: id, class: "checkbox" }, input, h("span", {}, label)), mark, hint, error);
  } else {
    input = control(def, id, describedBy);
    node = h("div", { class: "field" }, h("label", { for: id }, label, required), mark, hint, input, error);
  }
  const api = {
    key: def.key,
    def,
    node,
    input,
    value() {
      if (def.type === "radio") return (radios.find((r) => r.checked) || {}).value || "";
      if (def.type === "checkbox") return input.checked;
      return input.value.trim();
    },
    typedValue() {
      const v = api.value();
      if (def.type === "number") return v === "" ? null : Number(v);
      return v === "" ? null : v;
    },
    setValue(v) {
      if (def.type === "radio") for (const r of radios) r.checked = r.value === v;
      else if (def.type === "checkbox") input.checked = Boolean(v);
      else input.value = v === null || v === undefined ? "" : String(v);
    },
    validate: () => check(def, api.value()),
    setError(message) {
      error.hidden = !message;
      error.textContent = message || "";
      const target = def.type === "radio" ? radios : [input];
      for (const el of target) {
        if (message) {
          el.setAttribute("aria-invalid", "true");
          el.setAttribute("aria-describedby", [describedBy, errorId].filter(Boolean).join(" "));
        } else {
          el.removeAttribute("aria-invalid");
          if (describedBy) el.setAttribute("aria-describedby", describedBy);
          else el.removeAttribute("aria-describedby");
        }
      }
    },
    focus: () => (def.type === "radio" ? radios[0] : input).focus(),
  };
  return api;
}

export function errorSummary() {
  const list = h("ul", {});
  const general = h("p", {});
  const heading = h("h2", {}, t("form.errors_title"));
  const node = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true }, heading, general, list);
  return { node, list, general, heading };
}

/* Show errors {key: [messages]} on the fields and in the summary; true if there were any. */
export function showErrors(fields, errors, summary, generalMessage) {
  const list = [];
  for (const f of fields) {
    const messages = errors[f.key];
    f.setError(messages ? messages[0] : null);
    if (messages) list.push(h("li", {}, h("a", { href: "#", onclick: (e) => { e.preventDefault(); f.focus(); } },
          `${typeof f.def.label === "string" ? f.def.label : text(f.def.label)}: ${messages[0]}`)));
  }
  const any = list.length > 0 || Boolean(generalMessage);
  summary.node.hidden = !any;
  summary.list.replaceChildren(...list);
  summary.general.textContent = generalMessage && !list.length ? generalMessage : "";
  // "Periksa isian berikut" only over field errors; a refusal or "offline" has a heading of its own
  if (summary.heading) summary.heading.textContent = list.length ? t("form.errors_title") : t("form.problem_title");
  if (any) summary.node.focus();
  return any;
}

export function problemToErrors(error) {
  const out = {};
  for (const [key, messages] of Object.entries((error.problem && error.problem.errors) || {})) {
    out[key.replace(/^data\./, "")] = messages;
  }
  return out;
}
