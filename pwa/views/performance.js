/* Kinerja MPP: the public performance report of the chosen MPP, per agency and month.
   Numbers in tables; the monthly chart is inline SVG with the same numbers in the table below it.
   Readable offline once loaded (the worker keeps the last copy of /api/regions/...). */
import { request } from "../api.js";
import { clear, h, nextId } from "../dom.js";
import { dateTime, text } from "../format.js";
import { lang, t } from "../i18n.js";
import "../i18n-performance.js";
import { currentRegion } from "../state.js";

const SVG = "http://www.w3.org/2000/svg";
const locale = () => (lang() === "en" ? "en-GB" : "id-ID");
const number = (n) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(n);

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  for (const child of children) node.append(child);
  return node;
}

function monthName(month, style = "short") {
  const [year, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(locale(), { month: style, timeZone: "UTC" }).format(Date.UTC(year, m - 1, 15));
}

function workingDays(value) {
  if (value === null || value === undefined) return t("perf.none");
  return t("days.working", { n: Number.isInteger(value) ? value : number(value) });
}

function minutes(value) {
  if (value === null || value === undefined) return t("perf.none");
  return t("perf.minutes", { n: Number.isInteger(value) ? value : number(value) });
}

function share(part, whole) {
  if (!whole) return t("perf.none");
  const percent = new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 0 }).format(part / whole);
  return t("perf.share", { share: percent, part: number(part), whole: number(whole) });
}

function ikmText(cell) {
  if (cell.suppressed) return t("perf.suppressed");
  if (cell.value === null) return t("perf.none");
  const value = number(Number(cell.value));
  return t("perf.band", { value, band: cell.band });
}

function summaryList(cell) {
  const rows = [
    ["perf.received", number(cell.applications.received)],
    ["perf.on_time_share", share(cell.applications.completed_on_time, cell.applications.completed)],
    ["perf.median_days", workingDays(cell.applications.median_days)],
    ["perf.ikm", ikmText(cell.ikm)],
    ["perf.respondents", cell.ikm.suppressed ? t("perf.suppressed") : number(cell.ikm.respondents || 0)],
    ["perf.complaints", number(cell.complaints.received)],
    ["perf.complaints_on_time", share(cell.complaints.answered_on_time, cell.complaints.answered)],
    ["perf.complaints_median", workingDays(cell.complaints.median_days)],
    ["perf.queue_served", number(cell.queue.served)],
    ["perf.queue_no_show", number(cell.queue.no_show)],
    ["perf.queue_wait", minutes(cell.queue.median_wait_minutes)],
  ];
  return h("dl", { class: "perf-summary" }, rows.map(([key, value]) => h("div", {}, h("dt", {}, t(key)), h("dd", {}, value))));
}

function chart(months, year) {
  const titleId = nextId("perf-chart-title");
  const descId = nextId("perf-chart-desc");
  const top = Math.max(1, ...months.map((m) => m.applications.received));
  const width = 24 * months.length;
  const bars = months.flatMap((m, i) => {
    const received = (m.applications.received / top) * 100;
    const onTime = (m.applications.completed_on_time / top) * 100;
    const x = i * 24 + 3;
    return [
      svg("rect", { x, y: 100 - received, width: 18, height: received, class: "perf-bar-received" }),
      svg("rect", { x: x + 4, y: 100 - onTime, width: 10, height: onTime, class: "perf-bar-ontime" }),
      svg("text", { x: x + 9, y: 114, "text-anchor": "middle", class: "perf-axis" }, monthName(m.month, "narrow")),
    ];
  });
  return svg(
    "svg",
    { viewBox: `0 0 ${width} 118`, role: "img", "aria-labelledby": `${titleId} ${descId}`, class: "perf-chart", focusable: "false" },
    svg("title", { id: titleId }, t("perf.chart_title", { year })),
    svg("desc", { id: descId }, t("perf.chart_desc")),
    svg("line", { x1: 0, y1: 100.5, x2: width, y2: 100.5, class: "perf-baseline" }),
    ...bars,
  );
}

function monthTable(months, caption) {
  const head = ["perf.month", "perf.received", "perf.completed", "perf.on_time", "perf.median_days", "perf.ikm"];
  const table = h(
    "table",
    { class: "perf-table" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, head.map((key) => h("th", { scope: "col" }, t(key))))),
    h("tbody", {}, months.map((m) => h(
      "tr",
      {},
      h("th", { scope: "row" }, monthName(m.month, "long")),
      h("td", {}, number(m.applications.received)),
      h("td", {}, number(m.applications.completed)),
      h("td", {}, number(m.applications.completed_on_time)),
      h("td", {}, workingDays(m.applications.median_days)),
      h("td", {}, ikmText(m.ikm)),
    ))),
  );
  // a table wider than a small screen scrolls inside its own box, reachable by keyboard
  return h("div", { class: "table-wrap", role: "region", tabindex: "0", "aria-label": t("perf.table_scroll", { title: caption }) }, table);
}

function agencySection(agency, year) {
  return h(
    "details",
    { class: "card perf-agency" },
    h("summary", {}, h("span", { class: "perf-agency-name" }, agency.short), " · ",
      t("perf.applications_n", { n: agency.year.applications.received }),
      agency.year.ikm.value ? ` · IKM ${ikmText(agency.year.ikm)}` : null),
    h("p", { class: "muted" }, text(agency.name)),
    summaryList(agency.year),
    monthTable(agency.months, `${agency.short}, ${year}`),
  );
}

function yearPicker(selected, onChange) {
  const id = nextId("perf-year");
  const thisYear = new Date().getFullYear();
  const select = h("select", { id, onchange: (e) => onChange(Number(e.target.value)) },
    Array.from({ length: thisYear - 2023 }, (_, i) => thisYear - i).map((y) =>
      h("option", { value: String(y), selected: y === selected }, String(y))));
  return h("div", { class: "field perf-year" }, h("label", { for: id }, t("perf.year")), select);
}

/* The report's own styles load with the report, not with the first page. */
function ensureStyles() {
  if (document.querySelector('link[data-perf-css]')) return;
  document.head.append(h("link", { rel: "stylesheet", href: "/pwa/performance.css", "data-perf-css": "" }));
}

export async function render(ctx, year) {
  ensureStyles();
  const region = await currentRegion();
  if (!region) {
    ctx.navigate("/pilih-mpp", { replace: true });
    return;
  }
  clear(ctx.main, h("h1", {}, t("perf.title")), h("p", { class: "muted" }, t("loading")));
  const base = `/api/regions/${encodeURIComponent(region.code)}/performance`;
  const query = year ? `?year=${year}` : "";
  let data;
  let cachedAt;
  try {
    ({ data, cachedAt } = await request(`${base}${query}`));
  } catch (error) {
    clear(ctx.main, h("h1", {}, t("perf.title")), h("p", { class: "error" }, t("error.offline_nodata")));
    return;
  }
  const summaryId = nextId("perf-summary");
  const monthsId = nextId("perf-months");
  const agenciesId = nextId("perf-agencies");
  clear(
    ctx.main,
    h("h1", {}, t("perf.title")),
    h("p", {}, t("perf.intro", { mpp: data.region.mpp_name })),
    yearPicker(data.year, (chosen) => render(ctx, chosen)),
    h("p", { class: "muted" }, t("perf.updated", { when: dateTime(data.generated_at, data.region) })),
    cachedAt !== null && cachedAt !== undefined ? h("p", { class: "notice", role: "status" }, t("perf.offline_copy")) : null,
    h("section", { "aria-labelledby": summaryId },
      h("h2", { id: summaryId }, t("perf.summary", { year: data.year })),
      summaryList(data.total.year),
      h("p", { class: "muted small" }, t("perf.suppressed_note"))),
    h("section", { "aria-labelledby": monthsId },
      h("h2", { id: monthsId }, t("perf.by_month")),
      chart(data.total.months, data.year),
      monthTable(data.total.months, `${data.region.mpp_name}, ${data.year}`)),
    h("section", { "aria-labelledby": agenciesId },
      h("h2", { id: agenciesId }, t("perf.by_agency")),
      h("div", { class: "perf-agencies" }, data.agencies.map((agency) => agencySection(agency, data.year)))),
    h("details", {}, h("summary", {}, t("perf.definitions")), h("p", {}, t("perf.definitions_text"))),
    h("p", { class: "perf-downloads" }, t("perf.download"), ": ",
      h("a", { href: `${base}.csv?year=${data.year}`, download: "" }, t("perf.download_csv")), " · ",
      h("a", { href: `${base}?year=${data.year}`, download: `kinerja-mpp-${data.region.code}-${data.year}.json` },
        t("perf.download_json"))),
  );
}
