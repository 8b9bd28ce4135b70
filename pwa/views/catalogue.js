/* Screen 2: the chosen MPP's services; categories, agency filter and search as you type,
   all filtered locally so search works offline on the cached catalogue. */
import { get } from "../api.js";
import { clear, h, link, nextId } from "../dom.js";
import { days, fee, text } from "../format.js";
import { t } from "../i18n.js";
import { currentRegion } from "../state.js";

async function allServices(code) {
  const items = [];
  for (let page = 1; ; page += 1) {
    const body = await get(`/api/regions/${encodeURIComponent(code)}/services?per_page=100&page=${page}`);
    items.push(...body.items);
    if (page >= body.pages) return items;
  }
}

const fold = (s) => (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

function haystack(service) {
  return fold(
    [service.name.id, service.name.en, service.description.id, service.description.en, service.agency.short,
      service.agency.name.id, service.category.name.id, service.category.name.en, service.code].join(" "),
  );
}

export function matches(service, query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const hay = service._hay || (service._hay = haystack(service));
  return words.every((word) => hay.includes(word));
}

function serviceItem(service) {
  return h(
    "li",
    { class: "card service" },
    h("h2", {}, h("a", { href: `/layanan/${service.id}`, class: "stretch" }, text(service.name))),
    h("p", { class: "muted" }, `${service.agency.short} · ${text(service.category.name)}`),
    h(
      "p",
      { class: "facts" },
      h("span", { class: "chip" }, fee(service)),
      h("span", { class: "chip" }, days(service.processing_days)),
      service.channels.includes("online") ? h("span", { class: "chip ok" }, t("channel.online"))
        : h("span", { class: "chip" }, t("channel.counter_only")),
    ),
  );
}

export async function render(ctx) {
  const region = await currentRegion();
  if (!region) {
    ctx.navigate("/pilih-mpp", { replace: true });
    return;
  }
  clear(ctx.main, h("h1", {}, t("catalogue.title")), h("p", { class: "muted" }, t("loading")));
  let services, detail, categories;
  try {
    [services, detail, categories] = await Promise.all([
      allServices(region.code),
      get(`/api/regions/${encodeURIComponent(region.code)}`),
      get("/api/categories"),
    ]);
  } catch (error) {
    clear(ctx.main, h("h1", {}, t("catalogue.title")), h("p", { class: "error" }, t("error.offline_nodata")));
    return;
  }
  if (!ctx.isCurrent()) return;
  const order = new Map(categories.items.map((c, i) => [c.code, i]));
  services.sort((a, b) => order.get(a.category.code) - order.get(b.category.code) || text(a.name).localeCompare(text(b.name), "id"));
  const state = { q: ctx.query.get("q") || "", category: ctx.query.get("kategori") || "", agency: ctx.query.get("instansi") || "" };
  const list = h("ul", { class: "cards", "aria-labelledby": "hasil" });
  const count = h("p", { id: "hasil", class: "muted", "aria-live": "polite" });
  const used = new Set(services.map((s) => s.category.code));

  const update = () => {
    const shown = services.filter(
      (s) => (!state.category || s.category.code === state.category) && (!state.agency || s.agency.code === state.agency)
        && matches(s, state.q),
    );
    clear(list, shown.map(serviceItem));
    count.textContent = shown.length ? t("catalogue.count", { n: shown.length }) : t("catalogue.none");
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.category) params.set("kategori", state.category);
    if (state.agency) params.set("instansi", state.agency);
    const qs = params.toString();
    history.replaceState(null, "", `${location.pathname}${qs ? `?${qs}` : ""}`);
  };

  const searchId = nextId("cari");
  const search = h("input", { id: searchId, type: "search", value: state.q, autocomplete: "off", enterkeyhint: "search",
      oninput: (e) => { state.q = e.target.value; update(); } });
  const agencyId = nextId("instansi");
  const agency = h(
    "select",
    { id: agencyId, onchange: (e) => { state.agency = e.target.value; update(); } },
    h("option", { value: "" }, t("catalogue.all_agencies")),
    detail.agencies.map((a) => h("option", { value: a.code, selected: a.code === state.agency }, a.short)),
  );
  const chips = h("div", { class: "chips", role: "group", "aria-label": t("catalogue.categories") });
  const chip = (code, label) =>
    h("button", {
      type: "button",
      class: "chip-btn",
      "aria-pressed": String(state.category === code),
      onclick: (e) => {
        state.category = code;
        for (const b of chips.children) b.setAttribute("aria-pressed", String(b === e.currentTarget));
        update();
      },
    }, label);
  clear(chips, chip("", t("catalogue.all")), categories.items.filter((c) => used.has(c.code)).map((c) => chip(c.code, text(c.name))));

  clear(
    ctx.main,
    h("h1", {}, t("catalogue.title")),
    h("p", { class: "muted" }, region.mpp_name, " · ", link("/kinerja", t("catalogue.performance"))),
    h("form", { class: "filters", role: "search", onsubmit: (e) => e.preventDefault() },
      h("div", { class: "field" }, h("label", { for: searchId }, t("catalogue.search")), search),
      h("div", { class: "field" }, h("label", { for: agencyId }, t("catalogue.agency")), agency)),
    chips,
    count,
    list,
  );
  update();
  // in the background: every service of this MPP readable offline (pwa/warm.js, loaded on demand)
  if (navigator.onLine) import("../warm.js").then((m) => m.warmRegion(region.code, services)).catch(() => {});
}
