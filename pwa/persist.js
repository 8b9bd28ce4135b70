/* Persistent storage: without it Chromium may evict the outbox (IndexedDB) under storage
   pressure, and a queued submission with it. Asked when the first item enters the outbox and
   from Settings; the answer is the browser's (it may say no, e.g. before the app is installed). */

export function persistSupported() {
  return Boolean(navigator.storage && navigator.storage.persist && navigator.storage.persisted);
}

/* "kept" | "best-effort" | "unknown" (no Storage API here) */
export async function persistState() {
  if (!persistSupported()) return "unknown";
  try {
    return (await navigator.storage.persisted()) ? "kept" : "best-effort";
  } catch (error) {
    return "unknown";
  }
}

/* Ask whenever the data is worth keeping: no prompt in Chromium, and when already granted it just says yes. */
export async function askPersist() {
  if (!persistSupported()) return "unknown";
  try {
    return (await navigator.storage.persist()) ? "kept" : "best-effort";
  } catch (error) {
    return "unknown";
  }
}
