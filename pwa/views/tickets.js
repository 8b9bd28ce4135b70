/* "Antrean saya": my queue tickets and one ticket with its QR code shown large. Both come
   through the service worker's network-first cache, so they open without a signal. */
import { request } from "../api.js";
import { button, clear, h, link, toast } from "../dom.js";
import { dateTime, text } from "../format.js";
import { t } from "../i18n.js";
import { qrImage, ticketChip, ticketWhen } from "../physical.js";
import { surveyState } from "./survey.js";

const ACTIVE = ["booked", "checked_in", "called"];
const LIST_URL = "/api/bookings?per_page=50";

function ticketCard(booking) {
  return h("li", { class: "card" },
    h("h3", {}, h("a", { href: `/antrian/${booking.id}`, class: "stretch",
          "aria-label": t("ticket.open", { ticket: booking.ticket_number }) },
      h("span", { class: "tracking" }, booking.ticket_number), " · ", text(booking.service.name))),
    h("p", {}, ticketChip(booking.status)),
    h("p", { class: "muted" }, ticketWhen(booking)),
    h("p", { class: "muted" }, `${booking.region.mpp_name} · ${t("ticket.counter", { agency: booking.agency.short })}`));
}

export async function renderList(ctx) {
  const status = h("p", { class: "muted", role: "status" }, t("loading"));
  const stale = h("p", { class: "stale", hidden: true });
  const upcoming = h("ul", { class: "cards" });
  const past = h("ul", { class: "cards" });
  const upcomingSection = h("section", { hidden: true }, h("h2", {}, t("ticket.upcoming")), upcoming);
  const pastSection = h("section", { hidden: true }, h("h2", {}, t("ticket.past")), past);
  clear(ctx.main,
    h("h1", {}, t("ticket.list_title")),
    h("div", { class: "actions" }, link("/antrian/baru", t("ticket.new"), { class: "btn primary" }),
      link("/pengaduan", t("complaint.title"), { class: "btn" }),
      link("/tanya", t("ticket.my_questions"), { class: "btn" })),
    stale, status, upcomingSection, pastSection);
  let data;
  let cachedAt;
  try {
    ({ data, cachedAt } = await request(LIST_URL, { auth: true }));
  } catch (error) {
    status.textContent = error.offline ? t("error.offline_nodata") : error.message;
    return;
  }
  if (!ctx.isCurrent()) return;
  const active = data.items.filter((b) => ACTIVE.includes(b.status));
  const done = data.items.filter((b) => !ACTIVE.includes(b.status));
  // Soonest first for what is coming; the list comes latest slot first.
  clear(upcoming, active.slice().reverse().map(ticketCard));
  clear(past, done.map(ticketCard));
  upcomingSection.hidden = active.length === 0;
  pastSection.hidden = done.length === 0;
  status.textContent = data.items.length ? "" : t("ticket.empty");
  stale.hidden = cachedAt === null;
  if (cachedAt !== null) stale.textContent = t("stale.label", { when: dateTime(cachedAt) });
  // Online: keep every active ticket (with its QR) in the offline cache too.
  if (cachedAt === null) for (const b of active) request(`/api/bookings/${b.id}`, { auth: true }).catch(() => {});
}

function detailActions(ctx, booking, rated, redraw) {
  const actions = h("div", { class: "actions" });
  if (booking.status === "booked") {
    actions.append(button(t("ticket.cancel"), async () => {
      if (!confirm(t("ticket.cancel_confirm", { ticket: booking.ticket_number }))) return;
      try {
        await request(`/api/bookings/${booking.id}/cancel`, { method: "POST", auth: true, body: {} });
        toast(t("ticket.cancelled_toast"));
        redraw();
      } catch (error) {
        toast(error.offline ? t("error.offline_action") : error.message, "error");
      }
    }, { class: "btn danger" }));
  }
  if (booking.status === "served" && !rated) actions.append(link(`/survei/antrian/${booking.id}`, t("ticket.rate"),
      { class: "btn primary" }));
  actions.append(link(`/pengaduan/baru?tentang=booking&id=${booking.id}`, t("ticket.complain"), { class: "btn" }));
  return actions;
}

export async function renderDetail(ctx) {
  const [id] = ctx.params;
  const draw = async () => {
    let booking;
    let cachedAt;
    try {
      ({ data: booking, cachedAt } = await request(`/api/bookings/${id}`, { auth: true }));
    } catch (error) {
      clear(ctx.main, h("p", { class: "crumb" }, link("/antrian", t("ticket.back"))), h("h1", {}, t("ticket.title")),
        h("p", { class: "error" }, error.offline ? t("error.offline_nodata") : error.message));
      return;
    }
    if (!ctx.isCurrent()) return;
    const survey = booking.status === "served" ? await surveyState("booking", booking.id) : null;
    const active = ACTIVE.includes(booking.status);
    clear(ctx.main,
      h("p", { class: "crumb" }, link("/antrian", t("ticket.back"))),
      h("h1", {}, t("ticket.title")),
      cachedAt !== null ? h("p", { class: "stale" }, t("stale.label", { when: dateTime(cachedAt) })) : null,
      h("section", { class: "card ticket", "aria-label": t("ticket.number") },
        h("p", { class: "muted" }, t("ticket.number")),
        h("p", { class: "ticket-number" }, booking.ticket_number),
        h("p", {}, ticketChip(booking.status)),
        active && booking.qr_svg ? [qrImage(booking.qr_svg, t("ticket.qr_alt", { ticket: booking.ticket_number })),
          h("p", {}, t("ticket.show"))] : null),
      h("dl", { class: "summary" },
        h("dt", {}, t("ticket.service")), h("dd", {}, text(booking.service.name)),
        h("dt", {}, t("ticket.when")), h("dd", {}, ticketWhen(booking)),
        h("dt", {}, t("ticket.where")), h("dd", {}, booking.region.mpp_name, h("br"),
          t("ticket.counter", { agency: booking.agency.short }), h("br"),
          h("span", { class: "muted" }, booking.region.address || ""))),
      survey && survey.state !== "none" ? h("p", { class: "notice", role: "status" }, survey.message) : null,
      detailActions(ctx, booking, survey && survey.state !== "none" && survey.state !== "failed", draw),
      active ? h("p", { class: "muted" }, t("ticket.offline_saved")) : null);
  };
  await draw();
}
