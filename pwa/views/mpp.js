/* Screen 1: choose the MPP (remembered), with address, time zone and opening hours. */
import { clear, h } from "../dom.js";
import { hours } from "../format.js";
import { t } from "../i18n.js";
import { allRegions, regionCode, setRegionCode } from "../state.js";

function regionCard(region, ctx) {
  const chosen = region.code === regionCode();
  const id = `mpp-${region.code.replace(".", "-")}`;
  return h(
    "li",
    { class: `card${chosen ? " chosen" : ""}` },
    h("h2", { id }, region.mpp_name),
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
    regions = [...(await allRegions())].sort((a, b) => a.name.localeCompare(b.name, "id"));
  } catch (error) {
    clear(ctx.main, h("h1", {}, t("mpp.title")), h("p", { class: "error" }, t("error.offline_nodata")));
    return;
  }
  clear(
    ctx.main,
    h("h1", {}, t("mpp.title")),
    h("p", {}, t("mpp.intro")),
    h("ul", { class: "cards", "aria-label": t("mpp.list") }, regions.map((r) => regionCard(r, ctx))),
  );
}
