/* The signed-in session: tokens and user in IndexedDB (the service worker needs them too),
   sign-out wipes drafts, queued submissions and cached personal data. */
import { core, request } from "./api.js";

const db = globalThis.MPPdb;
const PRIVATE_CACHE = "mpp-private-v1";
let auth = null;

function changed() {
  window.dispatchEvent(new CustomEvent("mpp:auth"));
}

export async function loadSession() {
  auth = await core.getAuth();
  return auth;
}

export function user() {
  return auth && auth.user ? auth.user : null;
}

export function signedIn() {
  return Boolean(auth && auth.user && !auth.expired);
}

/* Signed in on this device before, but the session has ended (expired, revoked, account gone). */
export function sessionEnded() {
  return Boolean(auth && auth.user && auth.expired);
}

/* Someone else may still have queued items on this device: never mix two people's data. */
export async function startSession(body) {
  const previous = await core.getAuth();
  if (previous && previous.user && previous.user.id !== body.user.id) await wipeLocalData();
  auth = { access_token: body.access_token, csrf_token: body.csrf_token, user: body.user };
  await db.put("kv", auth, "auth");
  core.notify("auth");
  changed();
}

export async function setUser(me) {
  if (!auth) return;
  auth = { ...auth, user: me };
  await db.put("kv", auth, "auth");
  changed();
}

async function wipeLocalData() {
  await db.clear("outbox");
  await db.clear("drafts");
  if (self.caches) await caches.delete(PRIVATE_CACHE);
}

export async function signOut() {
  const current = await core.getAuth();
  if (current && current.csrf_token) {
    try {
      await fetch("/api/auth/logout", {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": current.csrf_token, Accept: "application/json" },
      });
    } catch (error) {
      /* offline: the local data goes anyway; the server session expires on its own */
    }
  }
  await db.delete("kv", "auth");
  await wipeLocalData();
  auth = null;
  core.notify("changed");
  changed();
}

export function login(identifier, password) {
  return request("/api/auth/login", { method: "POST", body: { identifier, password } }).then((r) => r.data);
}

export function register(payload) {
  return request("/api/auth/register", { method: "POST", body: payload }).then((r) => r.data);
}
