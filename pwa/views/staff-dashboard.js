/* Counter staff overview: today's queue, open and overdue applications, IKM this month. */
import { get } from "../api.js";
import { clear, h, link } from "../dom.js";
import { text } from "../format.js";
import { lang, t } from "../i18n.js";
import "../i18n-account.js"; // this screen's strings
import "../i18n-assisted.js"; // the assisted-filing link
import { staffNav, staffOnly, todayIn } from "../physical.js";
import { user } from "../session.js";
import { regionByCode } from "../state.js";

const OPEN = ["submitted", "in_review", "processing", "resubmitted"];

function tile(label, value, extra, alert) {
  return h("li", { class: alert ? "tile alert" : "tile" }, h("span", { class: "value" }, value), h("span", { class: "label" }, label),
    extra || null);
}

async function total(query) {
  return (await get(`/api/officer/applications?per_page=1&${query}`, true)).total;
}

export async function render(ctx) {
  if (!staffOnly(ctx, t("staff.dashboard"))) return;
  const me = user();
  const region = await regionByCode(me.region_code);
  const today = todayIn(region ? region.timezone : "Asia/Jakarta");
  const tiles = h("ul", { class: "tiles", "aria-live": "polite" });
  const status = h("p", { class: "muted", role: "status" }, t("loading"));
  clear(ctx.main, staffNav("/petugas"), h("h1", {}, t("staff.dashboard")),
    h("p", { class: "muted" }, [me.agency ? text(me.agency.name) : null,
        region ? region.mpp_name : me.region_code].filter(Boolean).join(" · ")),
    status, tiles,
    h("div", { class: "actions" }, link("/petugas/antrian", t("staff.to_queue"), { class: "btn primary" }),
      link("/petugas/permohonan", t("staff.to_apps"), { class: "btn" }),
      link("/petugas/pemulihan", t("staff.recovery_link"), { class: "btn" }),
      link("/petugas/tanya", t("staff.to_questions"), { class: "btn" }),
      link("/petugas/bantu", t("assist.link"), { class: "btn" })));
  const settle = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));
  const [queue, open, overdue, ikm] = await Promise.all([
    settle(get("/api/officer/queue", true)),
    settle(Promise.all(OPEN.map((s) => total(`status=${s}`))).then((n) => n.reduce((a, b) => a + b, 0))),
    settle(total("overdue=true")),
    settle(get(`/api/reports/ikm?from=${today.slice(0, 8)}01&to=${today}`, true)),
  ]);
  if (!ctx.isCurrent()) return;
  const na = t("staff.unavailable");
  const queueItems = queue.value ? queue.value.items.filter((b) => b.status !== "cancelled") : null;
  const report = ikm.value;
  clear(tiles,
    tile(t("staff.today_queue"), queueItems ? String(queueItems.length) : "–",
      queue.value ? h("span", { class: "label" }, t("queue.waiting_count", { n: queue.value.waiting }))
        : h("span", { class: "label" }, na)),
    tile(t("staff.open_apps"), open.value !== undefined ? String(open.value) : "–", open.error ? h("span", { class: "label" }, na) : null),
    tile(t("staff.overdue"), overdue.value !== undefined ? String(overdue.value) : "–",
      overdue.value ? link("/petugas/permohonan?overdue=1", t("staff.to_overdue")) : overdue.error ? h("span", { class: "label" }, na)
        : null, Boolean(overdue.value)),
    tile(t("staff.ikm"), report && report.ikm !== null ? new Intl.NumberFormat(lang() === "en" ? "en-GB" : "id-ID",
        { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(report.ikm) : "–",
      report ? h("span", { class: "label" }, report.respondents
        ? `${t("staff.band", { band: report.band, label: text(report.band_label) })} · ${t("staff.respondents", { n: report.respondents })}`
        : t("staff.ikm_none"))
        : h("span", { class: "label" }, na)));
  status.textContent = queue.error && queue.error.offline ? t("error.offline_nodata") : "";
}
