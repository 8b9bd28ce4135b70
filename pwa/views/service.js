/* Screen 3: one service's published standard (the six components), fee, time, channels. */
import { get } from "../api.js";
import { clear, h, link } from "../dom.js";
import { days, fee, text } from "../format.js";
import { t } from "../i18n.js";
import { currentRegion } from "../state.js";

function section(title, ...body) {
  return h("section", { class: "component" }, h("h2", {}, title), ...body);
}

export async function render(ctx) {
  const [id] = ctx.params;
  clear(ctx.main, h("h1", {}, t("service.title")), h("p", { class: "muted" }, t("loading")));
  let service;
  const region = await currentRegion();
  try {
    service = await get(`/api/services/${id}`);
  } catch (error) {
    const key = error.status === 404 ? "service.not_found" : "error.offline_nodata";
    clear(ctx.main, h("h1", {}, t("service.title")), h("p", { class: "error" }, t(key)), link("/layanan", t("service.back")));
    return;
  }
  if (!ctx.isCurrent()) return;
  const online = service.channels.includes("online") && service.form;
  const offeredHere = !region || service.regions.includes(region.code);
  const actions = h("div", { class: "actions" });
  if (online && offeredHere) actions.append(link(`/layanan/${service.id}/ajukan`, t("service.apply"), { class: "btn primary" }));
  if (service.channels.includes("counter") && region && offeredHere) {
    actions.append(link(`/antrian/baru?layanan=${service.id}`, t("book.take"), { class: online ? "btn" : "btn primary" }));
    actions.append(link(`/pengaduan/baru?tentang=service&id=${service.id}`, t("complaint.new"), { class: "btn small" }));
  }
  const notes = [];
  if (!offeredHere) notes.push(h("p", { class: "notice" }, t("service.not_here", { mpp: region.mpp_name })));
  if (service.channels.includes("counter") && region) {
    notes.push(
      h("p", { class: "notice" }, online ? t("service.counter_note", { agency: service.agency.short, mpp: region.mpp_name })
          : t("service.counter_only", { agency: service.agency.short, mpp: region.mpp_name })),
    );
  }
  clear(
    ctx.main,
    h("p", { class: "crumb" }, link("/layanan", t("service.back"))),
    h("h1", {}, text(service.name)),
    h("p", { class: "muted" }, `${text(service.agency.name)} (${service.agency.short})`),
    h("p", {}, text(service.description)),
    h("ul", { class: "facts", "aria-label": t("service.facts") },
      h("li", { class: "chip" }, fee(service)),
      h("li", { class: "chip" }, days(service.processing_days)),
      service.channels.map((c) => h("li", { class: "chip" }, t(`channel.${c}`)))),
    actions,
    notes,
    section(t("service.requirements"), h("ul", {}, service.requirements.map((r) => h("li", {}, text(r))))),
    section(t("service.procedure"), h("ol", {}, service.procedure.map((p) => h("li", {}, text(p))))),
    section(t("service.time"), h("p", {}, days(service.processing_days)),
      service.processing_note ? h("p", { class: "muted" }, text(service.processing_note)) : null),
    section(t("service.fee"), h("p", {}, fee(service)), service.fee_note ? h("p", { class: "muted" }, text(service.fee_note)) : null),
    section(t("service.output"), h("p", {}, text(service.output))),
    section(t("service.complaints"), h("p", {}, text(service.complaints))),
    service.legal_basis.length
      ? h("details", { class: "component" }, h("summary", {}, t("service.legal")),
        h("ul", {}, service.legal_basis.map((l) => h("li", {}, l))))
      : null,
  );
  // questions and answers, and the way to ask an officer: loaded after the standard (precached, so offline too)
  if (offeredHere) {
    import("./consultation.js").then((m) => m.faqSection(service, region))
      .then((faq) => ctx.isCurrent() && ctx.main.append(faq)).catch(() => {});
  }
}
