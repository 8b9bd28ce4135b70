/* Screen 1: choose the MPP (remembered): the last used on top, the rest grouped by province,
   a search box; each card with address, time zone and opening hours. */
import { clear, h, nextId } from "../dom.js";
import { hours } from "../format.js";
import { t } from "../i18n.js";
import { allRegions, recentCodes, regionCode, setRegionCode } from "../state.js";

const fold = (s) => (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
// "Kabupaten Wonosobo" sorts under W, not with every other Kabupaten under K
const sortName = (region) => region.name.replace(/^(Kabupaten|Kota)\s+/, "");

function regionCard(region, ctx, level) {
  const chosen = region.code === regionCode();
  const id = `mpp-${region.code.replace(".", "-")}`;
  return h(
    "li",
    { class: `card${chosen ? " chosen" : ""}`, "data-search": fold(`${region.name} ${region.mpp_name} ${region.province}`) },
    h(level, { id, class: "card-title" }, region.mpp_name),
    h("p", { class: "muted" }, `${region.province} · ${region.timezone_abbr}`),
    h("p", {}, region.address),
    h(
      "details",
      {},
      h("summary", {}, t("mpp.hours")),
      h("dl", { class: "hours" }, hours(region.opening_hours).map(({ day, span }) => [h("dt", {}, day), h("dd", {}, span)])),
    ),
    h(
      "button",
      {
        type: "button",
        class: chosen ? "btn" : "btn primary",
        "aria-describedby": id,
        "aria-pressed": chosen ? "true" : "false",
        onclick: () => {
          setRegionCode(region.code);
          ctx.navigate("/layanan");
        },
      },
      chosen ? t("mpp.chosen") : t("mpp.choose"),
    ),
  );
}

export async function render(ctx) {
  clear(ctx.main, h("h1", {}, t("mpp.title")), h("p", { class: "muted" }, t("loading")));
  let regions;
  try {
    regions = [...(await allRegions())].sort((a, b) => sortName(a).localeCompare(sortName(b), "id"));
  } catch (error) {
    clear(ctx.main, h("h1", {}, t("mpp.title")), h("p", { class: "error" }, t("error.offline_nodata")));
    return;
  }
  const recent = recentCodes().map((code) => regions.find((r) => r.code === code)).filter(Boolean).slice(0, 3);
  const rest = regions.filter((r) => !recent.includes(r));
  const provinces = [...new Set(rest.map((r) => r.province))].sort((a, b) => a.localeCompare(b, "id"));
  const sections = [];
  if (recent.length) {
    sections.push(h("section", { "aria-labelledby": "mpp-recent", class: "mpp-group" }, h("h2", { id: "mpp-recent" }, t("mpp.recent")),
      h("ul", { class: "cards", "aria-labelledby": "mpp-recent" }, recent.map((r) => regionCard(r, ctx, "h3")))));
  }
  provinces.forEach((province, i) => {
    const id = `prov-${i}`;
    sections.push(h("section", { "aria-labelledby": id, class: "mpp-group" }, h("h2", { id }, province),
      h("ul", { class: "cards", "aria-labelledby": id },
        rest.filter((r) => r.province === province).map((r) => regionCard(r, ctx, "h3")))));
  });
  const none = h("p", { class: "muted", role: "status" });
  const searchId = nextId("cari-mpp");
  const hintId = `${searchId}-hint`;
  const search = h("input", { id: searchId, type: "search", autocomplete: "off", enterkeyhint: "search", "aria-describedby": hintId,
    oninput: () => {
      const q = fold(search.value.trim());
      let shown = 0;
      for (const section of sections) {
        let inSection = 0;
        for (const card of section.querySelectorAll("li.card")) {
          const match = !q || card.dataset.search.includes(q) || section.querySelector("h2").textContent.toLowerCase().includes(q);
          card.hidden = !match;
          if (match) inSection += 1;
        }
        section.hidden = inSection === 0;
        shown += inSection;
      }
      none.textContent = shown ? "" : t("mpp.none");
    } });
  clear(
    ctx.main,
    h("h1", {}, t("mpp.title")),
    h("p", {}, t("mpp.intro")),
    h("form", { class: "filters", role: "search", onsubmit: (e) => e.preventDefault() },
      h("div", { class: "field" }, h("label", { for: searchId }, t("mpp.search")),
        h("p", { class: "hint", id: hintId }, t("mpp.search_hint")), search)),
    none,
    sections,
  );
}
