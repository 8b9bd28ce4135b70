/* Small shared state: the chosen MPP (remembered in localStorage) and the region list. */
import { get } from "./api.js";

const KEY = "mpp.region";
const RECENT = "mpp.recent";
let regions = null;

export function regionCode() {
  return localStorage.getItem(KEY);
}

export function setRegionCode(code) {
  localStorage.setItem(KEY, code);
  localStorage.setItem(RECENT, JSON.stringify([code, ...recentCodes().filter((c) => c !== code)].slice(0, 5)));
  window.dispatchEvent(new CustomEvent("mpp:region"));
}

/* The MPPs chosen on this device, the last used first (the chooser puts them on top). */
export function recentCodes() {
  try {
    const codes = JSON.parse(localStorage.getItem(RECENT) || "[]");
    return Array.isArray(codes) ? codes.filter((c) => typeof c === "string") : [];
  } catch (error) {
    return [];
  }
}

export async function allRegions() {
  if (!regions) regions = (await get("/api/regions")).items;
  return regions;
}

export async function regionByCode(code) {
  try {
    return (await allRegions()).find((r) => r.code === code) || null;
  } catch (error) {
    return null;
  }
}

export async function currentRegion() {
  const code = regionCode();
  return code ? regionByCode(code) : null;
}
