/* The signed-in session: tokens and user in IndexedDB (the service worker needs them too),
   sign-out wipes drafts, queued submissions and cached personal data. Also the app's language:
   the account's and the device's are kept the same, and the worker reads it from IndexedDB. */
import { core, request } from "./api.js";
import { lang, ready, setLang } from "./i18n.js";

const db = globalThis.MPPdb;
const PRIVATE_CACHE = "mpp-private-v1";
let auth = null;

function changed() {
  window.dispatchEvent(new CustomEvent("mpp:auth"));
}

export async function loadSession() {
  auth = await core.getAuth();
  await db.put("kv", lang(), "lang"); // the worker's own texts (pwa/push-sw.js) follow the app
  if (signedIn() && (await db.get("kv", "lang-unsaved"))) saveLanguage(lang()).catch(() => {});
  return auth;
}

async function saveLanguage(code) {
  try {
    const me = (await request("/api/me", { method: "PATCH", auth: true, body: { language: code } })).data;
    await db.delete("kv", "lang-unsaved");
    await setUser(me);
    return true;
  } catch (error) {
    if (!error.offline && error.status !== undefined && error.status < 500) throw error;
    await db.put("kv", code, "lang-unsaved"); // saved to the account at the next start online
    return false;
  }
}

/* The resident's choice: this device, the worker, and the account (push messages, e-mails).
   Resolves true when the account has it, false when that waits for a connection. */
export async function useLanguage(code) {
  if (code !== lang()) setLang(code);
  await Promise.all([ready(), db.put("kv", lang(), "lang")]);
  return signedIn() ? saveLanguage(lang()) : true;
}

/* After sign-in: a device where nobody chose a language takes the account's; a device with a
   different explicit choice asks once (the returned code, or null). */
async function adoptLanguage(account) {
  if (!account || account === lang()) return null;
  if (localStorage.getItem("mpp.lang") !== null) return account;
  setLang(account);
  await Promise.all([ready(), db.put("kv", lang(), "lang")]); // the welcome toast is in that language
  return null;
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
  return adoptLanguage(body.user && body.user.language);
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
