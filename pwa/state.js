/* Small shared state: the chosen MPP (remembered in localStorage) and the region list. */
import { get } from "./api.js";

const KEY = "mpp.region";
let regions = null;

export function regionCode() {
  return localStorage.getItem(KEY);
}

export function setRegionCode(code) {
  localStorage.setItem(KEY, code);
  window.dispatchEvent(new CustomEvent("mpp:region"));
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
