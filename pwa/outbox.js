/* Page side of the outbox: queue a submission, watch states, and trigger flushes on start,
   on `online`, through Background Sync and on a backoff timer (the replay is outbox-core.js). */
import "./db.js";
import "./outbox-core.js";

const db = globalThis.MPPdb;
const core = globalThis.MPPOutbox;
const listeners = new Set();
const BACKOFF_BASE_MS = 2000;
const BACKOFF_MAX_MS = 30000;
let failures = 0;
let timer = null;

export function onChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/* Changes arrive once per save (two per entry in a flush, from this page or the worker). They are
   coalesced: listeners hear at most one message per EMIT_MS, and "delivered" once per flush (on
   "flushed", or after DELIVERED_QUIET_MS without another delivery if no "flushed" ever comes, longer
   while a run is known to be going), so a list reloads once at the end. Every listener of one
   message shares one read of the outbox. */
const EMIT_MS = 200;
const DELIVERED_QUIET_MS = 1000;
const FLUSHING_QUIET_MS = 15000; // a flusher that vanished mid-run (a worker stopped) never says "flushed"
let flushing = false;
let snapshot = null;
let types = new Set();
let delivered = 0;
let deliveredReady = 0;
let emitTimer = null;
let quietTimer = null;
let lastEmit = 0;

function releaseDelivered() {
  clearTimeout(quietTimer);
  deliveredReady += delivered;
  delivered = 0;
}

function changed(message) {
  snapshot = null;
  const type = (message && message.type) || "changed";
  if (type === "delivered") {
    delivered += 1;
    clearTimeout(quietTimer);
    quietTimer = setTimeout(() => {
      flushing = false;
      releaseDelivered();
      scheduleEmit();
    }, flushing ? FLUSHING_QUIET_MS : DELIVERED_QUIET_MS);
  } else if (type === "flushing") {
    flushing = true;
  } else if (type === "flushed") {
    flushing = false;
    releaseDelivered();
  } else {
    types.add(type);
  }
  scheduleEmit();
}

function scheduleEmit() {
  if (emitTimer !== null) return;
  emitTimer = setTimeout(fire, Math.max(0, lastEmit + EMIT_MS - Date.now()));
}

function fire() {
  emitTimer = null;
  lastEmit = Date.now();
  let message;
  if (deliveredReady) message = { type: "delivered", count: deliveredReady };
  else if (types.has("failed")) message = { type: "failed" };
  else message = { type: types.has("queued") ? "queued" : "changed" };
  deliveredReady = 0;
  types = new Set();
  for (const listener of listeners) listener(message);
}

/* The outbox in order, read once per change however many screens ask. */
export async function entries() {
  if (!snapshot) snapshot = db.all("outbox").then((items) => items.sort((a, b) => a.id - b.id));
  return (await snapshot).slice();
}

export async function openCount() {
  return (await entries()).filter((e) => e.state !== "delivered").length;
}

/* entry: {kind, url, body, blobs: [{field, blob, name, document_type}], label, service_id, application_id} */
export async function enqueue(entry) {
  const record = {
    ...entry,
    key: crypto.randomUUID(),
    created_at: new Date().toISOString(),
    state: "pending",
    attempts: 0,
  };
  record.id = await db.add("outbox", record);
  // From now on the phone holds something the server has not got: ask the browser not to evict it.
  import("./persist.js").then((persist) => persist.askPersist()).catch(() => {});
  changed({ type: "queued", id: record.id });
  requestSync();
  flushNow();
  return record;
}

export async function remove(id) {
  await db.delete("outbox", id);
  core.notify("changed");
  changed();
}

async function requestSync() {
  try {
    const registration = await navigator.serviceWorker.ready;
    if (registration.sync) await registration.sync.register("mpp-outbox");
  } catch (error) {
    /* no Background Sync here: the `online` event and the timer cover it */
  }
}

function schedule() {
  clearTimeout(timer);
  const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** failures) * (0.8 + Math.random() * 0.4);
  failures = Math.min(failures + 1, 10);
  timer = setTimeout(flushNow, delay);
}

export async function flushNow() {
  clearTimeout(timer);
  let result;
  try {
    result = await core.flush();
  } catch (error) {
    result = "retry";
  }
  if (result === "done") failures = 0;
  if (result === "retry") schedule();
  if (result === "busy") {
    // Another flusher holds the lock; look again shortly in case it stops early.
    timer = setTimeout(flushNow, BACKOFF_BASE_MS);
  }
  // "busy": the flusher that holds the lock says "flushed" itself when its run ends.
  changed({ type: result === "busy" ? "changed" : "flushed" });
  return result;
}

/* Delivered entries stay on screen as receipts for a week, then go. */
async function pruneDelivered() {
  const cutoff = Date.now() - 7 * 24 * 3600 * 1000;
  for (const entry of await entries()) {
    if (entry.state === "delivered" && Date.parse(entry.delivered_at) < cutoff) {
      await db.delete("outbox", entry.id);
      changed();
    }
  }
}

export function startOutbox() {
  pruneDelivered();
  try {
    const channel = new BroadcastChannel(core.CHANNEL);
    channel.onmessage = (event) => {
      changed(event.data);
      if (event.data && event.data.type === "auth") window.dispatchEvent(new CustomEvent("mpp:token"));
    };
  } catch (error) {
    /* single-tab fallback: local emits only */
  }
  window.addEventListener("online", () => {
    failures = 0;
    flushNow();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") flushNow();
  });
  // signed in again after the session ended: entries parked as "signin" go now
  window.addEventListener("mpp:auth", () => flushNow());
  flushNow();
}
