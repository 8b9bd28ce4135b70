/* Offline copies of every service of the chosen MPP: after the list, each service's details and
   current form (GET /api/services/<id>) are fetched in the background through the worker's
   catalogue cache, so a service never opened (or a link to it) still opens offline. Bounded:
   at most LIMIT services, PARALLEL at a time, once per EVERY_MS per MPP (each run revalidates
   the copies, mostly 304s), never on a data-saver connection. */
import { get } from "./api.js";

const LIMIT = 300;
const PARALLEL = 3;
const EVERY_MS = 12 * 3600 * 1000;
let running = null;

function controlled() {
  if (!("serviceWorker" in navigator)) return Promise.resolve(false);
  if (navigator.serviceWorker.controller) return Promise.resolve(true);
  // first visit: the worker claims the page once it is active; copies fetched before would not be kept
  return new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true), { once: true }));
}

export function warmRegion(code, services) {
  const stamp = `mpp.warmed.${code}`;
  if (running || Date.now() - Number(localStorage.getItem(stamp) || 0) < EVERY_MS) return running || Promise.resolve(0);
  if (navigator.connection && navigator.connection.saveData) return Promise.resolve(0);
  running = (async () => {
    if (!(await controlled())) return 0;
    const ids = services.map((s) => s.id).slice(0, LIMIT);
    let next = 0;
    let done = 0;
    let failed = false;
    const worker = async () => {
      while (next < ids.length && !failed) {
        const id = ids[next++];
        try {
          await get(`/api/services/${id}`);
          done += 1;
        } catch (error) {
          failed = true; // offline or server trouble: try again on the next visit
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    if (!failed) localStorage.setItem(stamp, String(Date.now()));
    document.documentElement.dataset.warmed = String(done);
    return done;
  })().finally(() => {
    running = null;
  });
  return running;
}
