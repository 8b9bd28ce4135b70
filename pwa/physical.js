/* Shared bits of the physical-MPP screens: ticket status chips, the inert QR image,
   local slot times with their zone label, and the officer-only guard. */
import { clear, h, link } from "./dom.js";
import { date } from "./format.js";
import { t } from "./i18n.js";
import { user } from "./session.js";
import { regionCode, setRegionCode } from "./state.js";

export function ticketChip(status) {
  return h("span", { class: `chip ticket-${status}` }, t(`ticket.status.${status}`));
}

/* The API's QR SVG shown through a data: URL in an <img>: an image cannot run scripts,
   whatever the SVG text holds. */
export function qrImage(svg, alt) {
  const bytes = new TextEncoder().encode(svg || "");
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return h("img", { class: "qr", src: `data:image/svg+xml;base64,${btoa(binary)}`, alt, width: 280, height: 280 });
}

/* "2026-11-30T09:00:00+07:00" -> "09:00": the API already gives the MPP's local time. */
export function hhmm(iso) {
  return iso ? String(iso).slice(11, 16) : "";
}

export function slotLabel(start, end, zone) {
  return t("book.slot_label", { start: hhmm(start), end: hhmm(end), zone: zone || "" }).trim();
}

export function ticketWhen(booking) {
  return `${date(booking.date)}, ${slotLabel(booking.start, booking.end, booking.region && booking.region.zone)}`;
}

/* Today's date (YYYY-MM-DD) in an IANA zone. */
export function todayIn(zone) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone || "Asia/Jakarta", year: "numeric", month: "2-digit",
      day: "2-digit" }).format(new Date());
}

export function addDays(isoDate, n) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function isOfficer() {
  const me = user();
  return Boolean(me && me.role === "officer");
}

/* Renders a short refusal for non-officers; true when the page may go on. */
export function staffOnly(ctx, title) {
  if (isOfficer()) {
    // An officer's MPP is the one they work at.
    if (!regionCode() && user().region_code) setRegionCode(user().region_code);
    return true;
  }
  clear(ctx.main, h("h1", {}, title), h("p", { class: "notice" }, t("staff.only")), link("/layanan", t("service.back")));
  return false;
}

/* Officers' navigation is their own tab bar now (index.html .staff-tabs, set in app.js); the
   screens still call this so a place for in-page navigation stays, but it draws nothing. */
export function staffNav() {
  return null;
}

const KEY_STORE = "mpp.ticket-key";

function fromB64url(text) {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

/* Keep the tickets' Ed25519 public key on the device, so a counter can check a QR offline. */
export async function rememberTicketKey(fetchKey) {
  try {
    const body = await fetchKey();
    if (body && body.public_key) localStorage.setItem(KEY_STORE, body.public_key);
  } catch (error) {
    /* offline: keep the copy we have */
  }
}

/* Verify "MPP1.<payload>.<signature>" with the stored key: the payload when genuine,
   null when forged or malformed, undefined when this device cannot tell. */
export async function verifyTicket(token) {
  const raw = localStorage.getItem(KEY_STORE);
  if (!raw || !crypto.subtle) return undefined;
  const parts = String(token).trim().split(".");
  if (parts.length !== 3 || parts[0] !== "MPP1") return null;
  try {
    const key = await crypto.subtle.importKey("raw", fromB64url(raw), { name: "Ed25519" }, false, ["verify"]);
    const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
    if (!(await crypto.subtle.verify({ name: "Ed25519" }, key, fromB64url(parts[2]), signed))) return null;
    return JSON.parse(new TextDecoder().decode(fromB64url(parts[1])));
  } catch (error) {
    return error.name === "NotSupportedError" ? undefined : null;
  }
}
