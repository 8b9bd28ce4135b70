/* Take a queue ticket: service, date and slot in the MPP's local time (WIB/WITA), booked
   online with an Idempotency-Key so a retried tap never books twice. */
import { get, request } from "../api.js";
import { errorSummary, showErrors } from "../fields.js";
import { clear, h, link, nextId, toast } from "../dom.js";
import { dateTime, text } from "../format.js";
import { t } from "../i18n.js";
import { addDays, slotLabel, todayIn } from "../physical.js";
import { currentRegion } from "../state.js";

// BOOKING_MAX_DAYS_AHEAD comes with every availability answer; this is only the picker's limit until then
let maxDays = 14;

async function counterServices(region) {
  const body = await get(`/api/regions/${encodeURIComponent(region.code)}/services?per_page=100`);
  return body.items.filter((s) => (s.channels || []).includes("counter"));
}

/* [[agency short name, services sorted by name], ...] for an <optgroup> per agency. */
function byAgency(services) {
  const groups = new Map();
  for (const s of services) groups.set(s.agency.short, [...(groups.get(s.agency.short) || []), s]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([agency, list]) => [agency, list.sort((x, y) => text(x.name).localeCompare(text(y.name)))]);
}

function closedText(availability) {
  const reason = availability.closed_reason;
  if (reason === "holiday") return t("book.closed.holiday", { name: text(availability.holiday) || "" });
  return t(`book.closed.${reason}`, { days: maxDays });
}

export async function render(ctx) {
  const region = await currentRegion();
  if (!region) {
    clear(ctx.main, h("h1", {}, t("book.title")), h("p", {}, t("book.no_region")),
      link("/pilih-mpp", t("book.choose_mpp"), { class: "btn primary" }));
    return;
  }
  const zone = region.timezone_abbr || "";
  let services;
  try {
    services = await counterServices(region);
  } catch (error) {
    clear(ctx.main, h("h1", {}, t("book.title")), h("p", { class: "error" }, error.offline ? t("book.offline") : error.message));
    return;
  }
  if (!ctx.isCurrent()) return;
  const today = todayIn(region.timezone);
  const serviceId = nextId("svc");
  const dateId = nextId("day");
  const serviceError = h("p", { class: "field-error", id: `${serviceId}-error`, hidden: true });
  const slotError = h("p", { class: "field-error", id: nextId("slot-error"), hidden: true });
  const serviceSelect = h("select", { id: serviceId, name: "service", required: true },
    h("option", { value: "" }, t("form.choose")),
    byAgency(services).map(([agency, list]) => h("optgroup", { label: agency },
        list.map((s) => h("option", { value: String(s.id) }, text(s.name))))));
  const wanted = ctx.query.get("layanan");
  if (wanted && services.some((s) => String(s.id) === wanted)) serviceSelect.value = wanted;
  const availabilityUrl = (day) =>
    `/api/regions/${encodeURIComponent(region.code)}/availability?service=${serviceSelect.value}&date=${day}`;
  const dateHint = h("p", { class: "hint", id: `${dateId}-hint` }, t("book.date_hint", { days: maxDays }));
  const dateInput = h("input", { type: "date", id: dateId, name: "date", min: today, max: addDays(today, maxDays), value: today,
      required: true, "aria-describedby": dateHint.id });
  const limit = (days) => {
    if (days === maxDays) return;
    maxDays = days;
    dateInput.max = addDays(today, maxDays);
    dateHint.textContent = t("book.date_hint", { days: maxDays });
  };
  let datePicked = Boolean(ctx.query.get("tanggal"));
  if (datePicked) dateInput.value = ctx.query.get("tanggal");
  const slotStatus = h("p", { class: "muted slot-status", role: "status" });
  const slotList = h("div", { class: "slots" });
  const slotSet = h("fieldset", { class: "field" }, h("legend", {}, t("book.slots_zone", { zone })), slotStatus, slotList, slotError);
  const summary = errorSummary();
  const submit = h("button", { type: "submit", class: "btn primary big" }, t("book.submit"));
  const form = h("form", { novalidate: true, class: "stack" }, summary.node,
    h("div", { class: "field" }, h("label", { for: serviceId }, t("book.service")), serviceSelect, serviceError),
    h("div", { class: "field" }, h("label", { for: dateId }, t("book.date")), dateHint, dateInput),
    slotSet, submit);

  // One key per chosen (service, date, slot): a retry after a lost answer returns the same ticket.
  let attempt = { signature: "", key: "" };
  let loadId = 0;
  const chosenSlot = () => (slotList.querySelector("input:checked") || {}).value || "";

  const loadSlots = async () => {
    const id = ++loadId;
    clear(slotList);
    slotError.hidden = true;
    if (!serviceSelect.value) {
      slotStatus.textContent = t("book.choose_service");
      return;
    }
    slotStatus.textContent = t("book.loading_slots");
    let availability;
    let cachedAt;
    try {
      // Network-first in the worker: a copy only when offline, then shown with its age.
      ({ data: availability, cachedAt } = await request(availabilityUrl(dateInput.value)));
    } catch (error) {
      if (id === loadId) slotStatus.textContent = error.offline ? t("book.offline") : error.message;
      return;
    }
    if (id !== loadId) return;
    if (availability.max_days_ahead) limit(availability.max_days_ahead);
    const open = availability.slots.filter((s) => s.remaining > 0);
    slotStatus.textContent = availability.closed_reason ? closedText(availability) : open.length ? "" : t("book.no_slots");
    slotStatus.classList.toggle("stale", cachedAt !== null);
    if (cachedAt !== null) slotStatus.textContent = [t("book.cached", { when: dateTime(cachedAt, region) }),
      slotStatus.textContent].join(" ").trim();
    const name = nextId("slot");
    clear(slotList, availability.slots.map((slot) => {
      const value = slot.start.slice(11, 16);
      const input = h("input", { type: "radio", name, value, disabled: slot.remaining <= 0, "aria-describedby": slotError.id });
      return h("label", { class: "slot" }, input,
        h("strong", {}, slotLabel(slot.start, slot.end, "")),
        h("span", {}, slot.remaining > 0 ? t("book.remaining", { n: slot.remaining }) : t("book.full")));
    }));
  };
  // Open on the first day with a place left (after closing time, today has none), unless a date was chosen.
  const firstOpenDay = async () => {
    if (datePicked || !serviceSelect.value || !navigator.onLine) return;
    for (let n = 0; n <= maxDays; n += 1) {
      const day = addDays(today, n);
      try {
        const { data, cachedAt } = await request(availabilityUrl(day));
        if (cachedAt !== null || datePicked) return;
        if (data.max_days_ahead) limit(data.max_days_ahead);
        if (data.slots.some((s) => s.remaining > 0)) {
          dateInput.value = day;
          return;
        }
      } catch (error) {
        return;
      }
    }
  };
  serviceSelect.addEventListener("change", async () => {
    await firstOpenDay();
    loadSlots();
  });
  dateInput.addEventListener("change", () => {
    datePicked = true;
    loadSlots();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fields = [
      { key: "service", def: { label: t("book.service") }, setError: (m) => mark(serviceSelect, serviceError, m),
        focus: () => serviceSelect.focus() },
      { key: "start", def: { label: t("book.slots") }, setError: (m) => mark(null, slotError, m),
        focus: () => (slotList.querySelector("input:not(:disabled)") || dateInput).focus() },
    ];
    const errors = {};
    if (!serviceSelect.value) errors.service = [t("book.choose_service")];
    else if (!chosenSlot()) errors.start = [t("book.choose_slot")];
    if (showErrors(fields, errors, summary)) return;
    const body = { service_id: Number(serviceSelect.value), region_code: region.code, date: dateInput.value, start: chosenSlot() };
    const signature = JSON.stringify(body);
    if (attempt.signature !== signature) attempt = { signature, key: crypto.randomUUID() };
    submit.disabled = true;
    try {
      const { data } = await request("/api/bookings", { method: "POST", body, auth: true, headers: { "Idempotency-Key": attempt.key } });
      toast(t("book.done", { ticket: data.ticket_number }));
      // Warm the offline copies: the list, and this ticket with its QR.
      request("/api/bookings?per_page=50", { auth: true }).catch(() => {});
      ctx.navigate(`/antrian/${data.id}`, { replace: true });
    } catch (error) {
      const problem = error.problem || {};
      const byField = {};
      for (const [key, messages] of Object.entries(problem.errors || {})) if (key === "start" || key === "service") byField[key] = messages;
      showErrors(fields, byField, summary, error.offline ? t("book.offline") : error.message);
      if (error.status === 409 || error.status === 422) {
        attempt = { signature: "", key: "" };
        loadSlots();
      }
    } finally {
      submit.disabled = false;
    }
  });

  clear(ctx.main,
    h("p", { class: "crumb" }, link("/antrian", t("ticket.back"))),
    h("h1", {}, t("book.title")),
    h("p", {}, t("book.intro", { mpp: region.mpp_name, zone })),
    services.length ? form : h("p", { class: "notice" }, t("book.no_services")));
  await firstOpenDay();
  await loadSlots();
}

function mark(control, errorNode, message) {
  errorNode.hidden = !message;
  errorNode.textContent = message || "";
  if (!control) return;
  if (message) {
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", errorNode.id);
  } else {
    control.removeAttribute("aria-invalid");
    control.removeAttribute("aria-describedby");
  }
}
