/* MPP Digital service worker: app-shell precache, runtime caching rules and the outbox replay.
   A classic worker so that pwa/push-sw.js (web push) can be pulled in with importScripts. */
// Never edited by hand: the server writes a digest of this file and of every PRECACHE file here
// when it serves /service-worker.js (backend/shellversion.py), so any shell change is an update.
const VERSION = "dev";
const PREFIX = "mpp-";
const SHELL_CACHE = `${PREFIX}shell-${VERSION}`;
const CATALOGUE_CACHE = `${PREFIX}catalogue-v1`;
const PRIVATE_CACHE = `${PREFIX}private-v1`;
const OUR_CACHES = [SHELL_CACHE, CATALOGUE_CACHE, PRIVATE_CACHE];

// Every file of pwa/ plus the shell and manifest; tests/browser/test_shell.py keeps it complete.
const PRECACHE = [
  "/",
  "/manifest.json",
  "/pwa/offline.html",
  "/pwa/app.css",
  "/pwa/app.js",
  "/pwa/api.js",
  "/pwa/dom.js",
  "/pwa/i18n.js",
  "/pwa/i18n-en.js",
  "/pwa/format.js",
  "/pwa/db.js",
  "/pwa/outbox-core.js",
  "/pwa/outbox.js",
  "/pwa/session.js",
  "/pwa/state.js",
  "/pwa/passkey.js",
  "/pwa/images.js",
  "/pwa/nik.js",
  "/pwa/fields.js",
  "/pwa/push.js",
  "/pwa/push-sw.js",
  "/pwa/views/mpp.js",
  "/pwa/views/catalogue.js",
  "/pwa/views/service.js",
  "/pwa/views/auth.js",
  "/pwa/views/profile.js",
  "/pwa/views/vault.js",
  "/pwa/views/apply.js",
  "/pwa/views/applyform.js",
  "/pwa/views/applications.js",
  "/pwa/views/application.js",
  "/pwa/views/inbox.js",
  "/pwa/views/settings.js",
  "/pwa/i18n-data.js",
  "/pwa/persist.js",
  "/pwa/views/delete-account.js",
  "/pwa/i18n-physical.js",
  "/pwa/physical.js",
  "/pwa/physical.css",
  "/pwa/views/booking.js",
  "/pwa/views/tickets.js",
  "/pwa/views/survey.js",
  "/pwa/views/complaints.js",
  "/pwa/warm.js",
  "/pwa/i18n-shared.js",
  "/pwa/i18n-integrations.js",
  "/pwa/i18n-account.js",
  "/pwa/i18n-oidc.js",
  "/pwa/views/consent.js",
  "/pwa/views/connected-apps.js",
  "/pwa/views/recovery.js",
  "/pwa/views/password.js",
  "/pwa/views/performance.js",
  "/pwa/i18n-performance.js",
  "/pwa/performance.css",
  "/pwa/views/consultation.js",
  "/pwa/i18n-consultation.js",
  "/pwa/i18n-assisted.js",
  "/pwa/icons/icon.svg",
  "/pwa/icons/icon-192.png",
  "/pwa/icons/icon-512.png",
  "/pwa/icons/icon-maskable-512.png",
  "/pwa/icons/badge-72.png",
];

// Officers' screens: precached only for a staff account (at install, or when one signs in).
const STAFF_PRECACHE = [
  "/pwa/views/staff-queue.js",
  "/pwa/views/staff-applications.js",
  "/pwa/views/staff-dashboard.js",
  "/pwa/views/staff-complaints.js",
  "/pwa/views/staff-recovery.js",
  "/pwa/views/staff-integrations.js",
  "/pwa/views/staff-eservices.js",
  "/pwa/views/staff-consultations.js",
  "/pwa/views/staff-assist.js",
];

// The same `?v=` URLs as the precache below: each script is downloaded once.
importScripts(...["/pwa/db.js", "/pwa/outbox-core.js", "/pwa/push-sw.js"].map((path) => `${path}?v=${VERSION}`));

/* Each file is downloaded once. The page asks for its first-screen assets as `?v=<VERSION>` (served
   immutable), so the same URL here is answered by the HTTP cache. "/" may be too, but only if it is
   this version's shell (it names `?v=<VERSION>`); anything else is fetched from the network. */
async function precache(cache, path) {
  let response;
  if (path === "/") {
    response = await fetch(path, { cache: "force-cache" });
    if (!response.ok || !(await response.clone().text()).includes(`?v=${VERSION}`)) response = await fetch(path, { cache: "no-cache" });
  } else {
    const versioned = path.startsWith("/pwa/");
    response = await fetch(versioned ? `${path}?v=${VERSION}` : path, { cache: versioned ? "default" : "no-cache" });
  }
  if (!response.ok) throw new Error(`precache ${path}: ${response.status}`);
  await cache.put(path, response);
}

async function isStaff() {
  try {
    const auth = await self.MPPdb.get("kv", "auth");
    return Boolean(auth && auth.user && auth.user.role !== "resident");
  } catch (error) {
    return false;
  }
}

async function precacheStaff(cache) {
  const missing = [];
  for (const path of STAFF_PRECACHE) if (!(await cache.match(path))) missing.push(path);
  await Promise.all(missing.map((path) => precache(cache, path)));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await Promise.all(PRECACHE.map((path) => precache(cache, path)));
      if (await isStaff()) await precacheStaff(cache);
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith(PREFIX) && !OUR_CACHES.includes(n)).map((n) => caches.delete(n)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "skip-waiting") self.skipWaiting();
  if (type === "flush") event.waitUntil(self.MPPOutbox.flush());
  if (type === "clear-private") event.waitUntil(caches.delete(PRIVATE_CACHE));
  if (type === "precache-staff") event.waitUntil(caches.open(SHELL_CACHE).then(precacheStaff).catch(() => {}));
});

self.addEventListener("sync", (event) => {
  if (event.tag !== "mpp-outbox") return;
  event.waitUntil(
    self.MPPOutbox.flush().then((result) => {
      // Rejecting asks the browser to try the sync again later, with its own backoff.
      if (result === "retry") throw new Error("outbox not empty");
    }),
  );
});

// Places left change by the minute: availability is network-first, never the catalogue's
// stale-while-revalidate (which showed "sisa 4 tempat" after someone took the fourth).
const AVAILABILITY = /^\/api\/regions\/[^/]+\/availability$/;
const CATALOGUE = /^\/api\/(regions(\/|$)|categories$|services\/\d+(\/faq)?$)/;
const SERVER_PAGES = /^\/(oauth|oidc|\.well-known)\//;
const PRIVATE = /^\/api\/(applications|notifications|me$|documents$|services\/\d+\/form$|bookings|complaints)/;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // non-GET goes straight to the network, never cached
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (SERVER_PAGES.test(url.pathname)) return; // the OpenID provider's redirects and pages (docs/oidc.md)
  if (request.mode === "navigate") {
    event.respondWith(navigation(request));
  } else if (url.pathname.startsWith("/pwa/") || url.pathname === "/manifest.json") {
    event.respondWith(shellAsset(request, url));
  } else if (AVAILABILITY.test(url.pathname)) {
    event.respondWith(networkFirst(request, CATALOGUE_CACHE));
  } else if (CATALOGUE.test(url.pathname)) {
    event.respondWith(staleWhileRevalidate(event, request));
  } else if (PRIVATE.test(url.pathname)) {
    event.respondWith(networkFirst(request));
  }
});

async function navigation(request) {
  const cache = await caches.open(SHELL_CACHE);
  const shell = await cache.match("/");
  if (shell) return shell;
  try {
    return await fetch(request);
  } catch (error) {
    return (await cache.match("/pwa/offline.html")) || Response.error();
  }
}

async function shellAsset(request, url) {
  const cached = await caches.match(url.pathname, { cacheName: SHELL_CACHE });
  return cached || fetch(request);
}

async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(CATALOGUE_CACHE);
  const cached = await cache.match(request, { ignoreVary: true });
  const network = fetch(request)
    .then(async (response) => {
      if (response.ok) await cache.put(request, response.clone());
      return response;
    })
    .catch(() => null);
  if (cached) {
    event.waitUntil(network);
    return cached;
  }
  return (await network) || problem(503, "offline");
}

async function networkFirst(request, cacheName = PRIVATE_CACHE) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) {
      // Remember when it was fetched, so the page can say "terakhir diperbarui ...".
      const headers = new Headers(response.headers);
      headers.set("X-Cached-At", new Date().toISOString());
      const body = await response.clone().blob();
      await cache.put(request, new Response(body, { status: response.status, headers }));
    }
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreVary: true });
    if (cached) {
      const headers = new Headers(cached.headers);
      headers.set("X-From-Cache", "1");
      return new Response(await cached.blob(), { status: cached.status, headers });
    }
    return problem(503, "offline");
  }
}

function problem(status, code) {
  const body = JSON.stringify({ type: `about:blank#${code}`, title: "Offline", status, code });
  return new Response(body, { status, headers: { "Content-Type": "application/problem+json", "X-Offline": "1" } });
}
