/* Formatting in the user's language and the MPP's time zone (WIB/WITA label). */
import { h } from "./dom.js";
import { lang, t } from "./i18n.js";

const locale = () => (lang() === "en" ? "en-GB" : "id-ID");

export function text(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return value[lang()] || value.id || value.en || "";
}

export function fee(service) {
  if (!service.fee && !service.fee_variable) return t("fee.free");
  if (!service.fee) return t("fee.variable");
  const amount = new Intl.NumberFormat("id-ID", { style: "currency", currency: "IDR", maximumFractionDigits: 0 })
    .format(service.fee)
    .replace(/\s/g, "");
  return service.fee_variable ? t("fee.from", { amount }) : amount;
}

export function days(n) {
  return n ? t("days.working", { n }) : t("days.same");
}

const ZONES = { "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT" };

export function dateTime(iso, region) {
  if (!iso) return "";
  const zone = (region && region.timezone) || "Asia/Jakarta";
  const label = (region && region.timezone_abbr) || ZONES[zone] || "";
  const formatted = new Intl.DateTimeFormat(locale(), { timeZone: zone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  return `${formatted} ${label}`.trim();
}

export function date(iso, region) {
  if (!iso) return "";
  const zone = (region && region.timezone) || "Asia/Jakarta";
  const value = iso.length === 10 ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return new Intl.DateTimeFormat(locale(), { timeZone: iso.length === 10 ? "UTC" : zone, dateStyle: "long" }).format(value);
}

export function hours(openingHours) {
  const order = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  return order.map((day) => {
    const span = openingHours && openingHours[day];
    return { day: t(`day.${day}`), span: span ? `${span[0]}–${span[1]}` : t("day.closed") };
  });
}

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/* A tracking number (PRB-20261201-0002) that may wrap after its hyphens and copies as one value. */
export function breakable(value) {
  return h("span", { class: "breakable" }, String(value ?? "").split(/(?<=[-/])/).flatMap((part, i) => (i ? [h("wbr"), part] : [part])));
}

/* A NIK or KK number shown in fours (3574 0145 0790 1001): the gaps are margins, so a copy has no spaces. */
export function grouped(value) {
  const digits = String(value ?? "");
  if (!/^\d{12,20}$/.test(digits)) return digits;
  const groups = digits.match(/\d{1,4}/g);
  return h("span", { class: "grouped" }, groups.flatMap((group, i) => (i ? [h("wbr"), h("span", {}, group)] : [h("span", {}, group)])));
}
