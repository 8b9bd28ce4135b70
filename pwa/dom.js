/* Safe DOM building: data goes in through textContent and attributes, never through HTML. */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (["value", "checked", "selected", "disabled", "hidden", "required", "multiple"].includes(name)) node[name] = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

let uid = 0;
export function nextId(prefix) {
  uid += 1;
  return `${prefix || "f"}-${uid}`;
}

/* Polite announcement for screen readers (sync state, saved, errors summary). */
export function announce(message) {
  const region = document.getElementById("live");
  if (!region) return;
  region.textContent = "";
  setTimeout(() => (region.textContent = message), 50);
}

let toastTimer = null;
export function toast(message, kind) {
  const box = document.getElementById("toast");
  if (!box) return;
  box.textContent = message;
  box.className = `toast show ${kind || ""}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    box.className = "toast";
    box.textContent = "";
  }, 5000);
}

/* A link handled by the router (plain <a href> so it works without JS state too). */
export function link(href, text, attrs) {
  return h("a", { href, "data-route": "", ...(attrs || {}) }, text);
}

export function button(text, onclick, attrs) {
  return h("button", { type: "button", class: "btn", onclick, ...(attrs || {}) }, text);
}

export function spinner(text) {
  return h("p", { class: "muted", role: "status" }, text);
}
