/* Screen 7a: my applications, with the outbox (pending / sending / needs attention /
   delivered) on top; updates itself when the outbox changes. */
import { request } from "../api.js";
import { button, clear, h, link } from "../dom.js";
import { breakable, dateTime, text } from "../format.js";
import { t } from "../i18n.js";
import { entries, flushNow, onChange, remove } from "../outbox.js";
import { regionByCode } from "../state.js";

export function statusChip(status) {
  return h("span", { class: `chip status-${status}` }, t(`status.${status}`));
}

function outboxLabel(entry) {
  if (entry.state === "pending" && entry.last_error === "signin") return t("outbox.signin");
  return t(`outbox.${entry.state}`);
}

function outboxItem(entry, region) {
  const problem = entry.problem || {};
  // Named by the form's labels, saved with the entry; a key with no label is left out, never shown raw.
  const labels = entry.labels || {};
  const fieldErrors = Object.entries(problem.errors || {}).map(([k, v]) => {
    const label = labels[k.replace(/^data\./, "")];
    return h("li", {}, label ? `${text(label)}: ${v.join(" ")}` : v.join(" "));
  });
  return h(
    "li",
    { class: `card outbox ${entry.state}`, "data-state": entry.state },
    h("h3", {}, text(entry.label), entry.kind === "resubmit" ? ` · ${t("outbox.resubmission")}` : ""),
    h("p", {}, h("span", { class: `chip outbox-${entry.state}` }, outboxLabel(entry))),
    h("p", { class: "muted" }, t("outbox.created", { when: dateTime(entry.created_at, region) })),
    entry.state === "delivered" && entry.result && entry.kind === "complaint"
      ? h("p", {}, link(`/pengaduan/${entry.result.id}`, t("outbox.open")))
      : entry.state === "delivered" && entry.result && entry.result.tracking_number
        ? h("p", {}, t("outbox.tracking"), " ", h("strong", { class: "tracking" }, breakable(entry.result.tracking_number)), " ",
          link(`/permohonan/${entry.result.id}`, t("outbox.open")))
        : null,
    entry.state === "failed" ? h("div", { class: "notice error", role: "note" },
      h("p", {}, problem.detail || problem.title || t("outbox.failed_generic")), fieldErrors.length ? h("ul", {}, fieldErrors) : null)
      : null,
    entry.state === "failed" || entry.state === "delivered"
      ? button(entry.state === "failed" ? t("outbox.discard") : t("outbox.dismiss"), () => remove(entry.id), { class: "btn small" })
      : null,
    entry.state === "pending" && entry.last_error === "signin"
      ? link(`/masuk?lanjut=/permohonan`, t("auth.signin"), { class: "btn small" }) : null,
  );
}

function applicationItem(app, region) {
  return h(
    "li",
    { class: "card" },
    h("h3", {}, h("a", { href: `/permohonan/${app.id}`, class: "stretch" }, text(app.service.name))),
    h("p", {}, statusChip(app.status), " ", h("span", { class: "tracking" }, breakable(app.tracking_number))),
    h("p", { class: "muted" }, t("applications.received", { when: dateTime(app.received_at, region) })),
  );
}

export async function render(ctx) {
  const outboxList = h("ul", { class: "cards", "aria-label": t("outbox.title") });
  const outboxSection = h("section", { "aria-labelledby": "antrean", hidden: true }, h("h2", { id: "antrean" }, t("outbox.title")),
    outboxList);
  const list = h("ul", { class: "cards" });
  const stale = h("p", { class: "stale", hidden: true });
  const status = h("p", { class: "muted", role: "status" });
  const retry = button(t("outbox.retry_now"), () => flushNow(), { class: "btn small" });
  const tickets = h("p", { class: "crumb" }, link("/antrian", t("ticket.list_title")));
  clear(ctx.main, h("h1", {}, t("applications.title")), tickets, outboxSection, h("h2", {}, t("applications.sent")), stale, status, list);

  let drawn = 0;
  const drawOutbox = async () => {
    const mine = ++drawn; // draws overlap; only the newest may paint, or a stale state wins
    const items = await entries();
    const region = await regionByCode(localStorage.getItem("mpp.region"));
    if (mine !== drawn) return;
    clear(outboxList, items.slice().reverse().map((e) => outboxItem(e, region)));
    outboxSection.hidden = items.length === 0;
    if (items.some((e) => e.state === "pending") && !outboxSection.contains(retry)) outboxSection.append(retry);
    if (!items.some((e) => e.state === "pending")) retry.remove();
  };
  let listed = 0;
  const loadList = async () => {
    const mine = ++listed;
    try {
      const { data, cachedAt } = await request("/api/applications?per_page=50", { auth: true });
      const regions = {};
      for (const app of data.items) regions[app.region_code] = regions[app.region_code] || (await regionByCode(app.region_code));
      if (mine !== listed) return;
      clear(list, data.items.map((a) => applicationItem(a, regions[a.region_code])));
      status.textContent = data.items.length ? "" : t("applications.empty");
      stale.hidden = cachedAt === null;
      stale.textContent = cachedAt !== null ? t("stale.label", { when: dateTime(cachedAt, regions[Object.keys(regions)[0]]) }) : "";
    } catch (error) {
      status.textContent = error.offline ? t("error.offline_nodata") : error.message;
    }
  };
  // Listen before the first draw: a flush finishing meanwhile must still repaint.
  const stop = onChange((message) => {
    drawOutbox();
    if (message && message.type === "delivered") loadList();
  });
  await Promise.all([drawOutbox(), loadList()]);
  const online = () => loadList();
  window.addEventListener("online", online);
  return () => {
    stop();
    window.removeEventListener("online", online);
  };
}
