/* Small shared state: the chosen MPP (remembered in localStorage) and the region list. */
import { get } from "./api.js";

const KEY = "mpp.region";
const RECENT = "mpp.recent";
const LIST = "mpp.regions"; // the last region list seen, so a start (offline too) needs no round trip for it
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

function fetchRegions() {
  return get("/api/regions").then((body) => {
    localStorage.setItem(LIST, JSON.stringify(body.items));
    return body.items;
  });
}

/* One request per page load, shared by everyone asking at once. With a remembered list the answer is
   immediate and the request refreshes it in the background (the worker's catalogue rule: stale while
   revalidate); the chooser and the header then show what the last load saw. */
export function allRegions() {
  if (!regions) {
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(LIST) || "null");
    } catch (error) {
      saved = null;
    }
    const fresh = fetchRegions();
    regions = Array.isArray(saved) && saved.length ? (fresh.catch(() => null), Promise.resolve(saved)) : fresh;
    fresh.catch(() => (regions = saved ? regions : null)); // failed with nothing saved: ask again next time
  }
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
