/* Wires the app: service worker and update prompt, router, header, tabs, outbox badge. */
import { announce, clear, h } from "./dom.js";
import { applyStatic, ready, t } from "./i18n.js";
import { onChange, openCount, startOutbox } from "./outbox.js";
import { loadSession, sessionEnded, signedIn } from "./session.js";
import { currentRegion } from "./state.js";
import * as mpp from "./views/mpp.js";
import * as catalogue from "./views/catalogue.js";
import * as service from "./views/service.js";
import { isOfficer } from "./physical.js";

/* Screens after the first ones load on demand (precached, so offline too): a small first load.
   They are asked for with this file's own `?v=` (the URL the worker precached): each file comes once. */
const VERSIONED = new URL(import.meta.url).search;
function lazy(path, name) {
  return (ctx) => import(path + VERSIONED).then((module) => module[name](ctx));
}

const ROUTES = [
  [/^\/$/, catalogue.render, "layanan"],
  [/^\/pilih-mpp$/, mpp.render, "layanan"],
  [/^\/kinerja$/, lazy("./views/performance.js", "render"), "layanan"],
  [/^\/layanan$/, catalogue.render, "layanan"],
  [/^\/layanan\/(\d+)$/, service.render, "layanan"],
  [/^\/layanan\/(\d+)\/ajukan$/, lazy("./views/apply.js", "render"), "layanan", true],
  [/^\/layanan\/(\d+)\/tanya$/, lazy("./views/consultation.js", "renderForm"), "layanan", true],
  [/^\/tanya$/, lazy("./views/consultation.js", "renderList"), "permohonan", true],
  [/^\/tanya\/(\d+)$/, lazy("./views/consultation.js", "renderList"), "permohonan", true],
  [/^\/masuk$/, lazy("./views/auth.js", "renderSignIn"), "akun"],
  [/^\/daftar$/, lazy("./views/auth.js", "renderSignUp"), "akun"],
  [/^\/lupa-sandi$/, lazy("./views/recovery.js", "renderForgot"), "akun"],
  [/^\/pulihkan$/, lazy("./views/recovery.js", "renderReset"), "akun"],
  [/^\/pulihkan-kode$/, lazy("./views/recovery.js", "renderCode"), "akun"],
  [/^\/konfirmasi-email$/, lazy("./views/recovery.js", "renderConfirmEmail"), "akun"],
  [/^\/profil$/, lazy("./views/profile.js", "render"), "akun", true],
  [/^\/permohonan$/, lazy("./views/applications.js", "render"), "permohonan", true],
  [/^\/permohonan\/(\d+)$/, lazy("./views/application.js", "render"), "permohonan", true],
  [/^\/permohonan\/(\d+)\/perbaiki$/, lazy("./views/apply.js", "renderRevision"), "permohonan", true],
  [/^\/kotak-masuk$/, lazy("./views/inbox.js", "render"), "pesan", true],
  [/^\/pengaturan$/, lazy("./views/settings.js", "render"), "akun"],
  [/^\/pengaturan\/hapus-akun$/, lazy("./views/delete-account.js", "render"), "akun", true],
  [/^\/antrian$/, lazy("./views/tickets.js", "renderList"), "permohonan", true],
  [/^\/antrian\/baru$/, lazy("./views/booking.js", "render"), "layanan", true],
  [/^\/antrian\/(\d+)$/, lazy("./views/tickets.js", "renderDetail"), "permohonan", true],
  [/^\/survei\/(antrian|permohonan)\/(\d+)$/, lazy("./views/survey.js", "render"), "permohonan", true],
  [/^\/pengaduan$/, lazy("./views/complaints.js", "renderList"), "permohonan", true],
  [/^\/pengaduan\/baru$/, lazy("./views/complaints.js", "renderForm"), "permohonan", true],
  [/^\/pengaduan\/(\d+)$/, lazy("./views/complaints.js", "renderList"), "permohonan", true],
  [/^\/petugas$/, lazy("./views/staff-dashboard.js", "render"), "permohonan", true],
  [/^\/petugas\/antrian$/, lazy("./views/staff-queue.js", "render"), "permohonan", true],
  [/^\/petugas\/permohonan$/, lazy("./views/staff-applications.js", "renderList"), "permohonan", true],
  [/^\/petugas\/permohonan\/(\d+)$/, lazy("./views/staff-applications.js", "renderDetail"), "permohonan", true],
  [/^\/petugas\/pengaduan$/, lazy("./views/staff-complaints.js", "render"), "permohonan", true],
  [/^\/petugas\/pemulihan$/, lazy("./views/staff-recovery.js", "render"), "permohonan", true],
  [/^\/admin\/integrasi$/, lazy("./views/staff-integrations.js", "render"), "akun", true],
  [/^\/petugas\/tanya$/, lazy("./views/staff-consultations.js", "render"), "permohonan", true],
  [/^\/petugas\/bantu$/, lazy("./views/staff-assist.js", "render"), "permohonan", true],
  [/^\/izin\/([A-Za-z0-9_-]{20,100})$/, lazy("./views/consent.js", "render"), "akun", true],
  [/^\/pengaturan\/aplikasi$/, lazy("./views/connected-apps.js", "render"), "akun", true],
  [/^\/admin\/e-service$/, lazy("./views/staff-eservices.js", "render"), "akun", true],
];

const main = document.getElementById("main");
let cleanup = null;
let renderId = 0;

export function navigate(path, options) {
  if (options && options.replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  route();
}

function notFound(ctx) {
  clear(ctx.main, h("h1", { tabindex: "-1" }, t("notfound.title")), h("p", {}, t("notfound.body")));
}

async function route() {
  const id = ++renderId;
  if (typeof cleanup === "function") cleanup();
  cleanup = null;
  const url = new URL(location.href);
  const found = ROUTES.map(([re, view, tab, needsAuth]) => ({ match: url.pathname.match(re), view, tab, needsAuth })).find((r) => r.match);
  if (found && found.needsAuth && !signedIn()) {
    navigate(`/masuk?lanjut=${encodeURIComponent(url.pathname + url.search)}${sessionEnded() ? "&sesi=berakhir" : ""}`, { replace: true });
    return;
  }
  // Officers work from the counter screens: their landing page after sign-in is /petugas.
  if (url.pathname === "/permohonan" && isOfficer()) {
    navigate("/petugas", { replace: true });
    return;
  }
  for (const tab of document.querySelectorAll("[data-tab]")) {
    if (found && tab.dataset.tab === found.tab) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  // Officers get a tab bar of their own (their desk), never the resident tabs.
  const staff = isOfficer();
  document.querySelector(".resident-tabs").hidden = staff;
  document.querySelector(".staff-tabs").hidden = !staff;
  const staffTabs = [...document.querySelectorAll("[data-staff-tab]")];
  const current = staffTabs.filter((a) => url.pathname === a.dataset.staffTab || url.pathname.startsWith(`${a.dataset.staffTab}/`))
    .sort((a, b) => b.dataset.staffTab.length - a.dataset.staffTab.length)[0];
  for (const tab of staffTabs) {
    if (tab === current) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  const ctx = { main, params: found ? found.match.slice(1) : [], query: url.searchParams, navigate, isCurrent: () => id === renderId };
  try {
    cleanup = await (found ? found.view : notFound)(ctx);
  } catch (error) {
    clear(main, h("h1", { tabindex: "-1" }, t("error.title")), h("p", {}, error.message || String(error)));
  }
  if (id !== renderId) return;
  const heading = main.querySelector("h1");
  document.title = heading ? `${heading.textContent} · MPP Digital` : "MPP Digital";
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    // A view may already have moved focus on purpose (e.g. to the first field to fix).
    const placed = main.contains(document.activeElement) && document.activeElement !== main;
    if (routed && !placed) {
      heading.focus();
      window.scrollTo(0, 0);
    }
  }
  routed = true;
}
let routed = false;

function interceptLinks() {
  document.addEventListener("click", (event) => {
    const anchor = event.target.closest("a[href]");
    if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || anchor.hasAttribute("download") || anchor.target) return;
    if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/pwa/")) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener("popstate", route);
}

async function refreshHeader() {
  const region = await currentRegion();
  const link = document.getElementById("region-link");
  link.textContent = region ? region.name.replace(/^(Kota|Kabupaten) /, "") : t("header.choose");
  link.setAttribute("aria-label", region ? t("header.change", { name: region.mpp_name }) : t("header.choose"));
  const account = document.querySelector('[data-tab="akun"]');
  account.setAttribute("href", signedIn() ? "/profil" : "/masuk");
}

async function refreshInbox() {
  const badge = document.getElementById("badge-inbox");
  let count = 0;
  if (signedIn()) {
    try {
      count = await (await import("./views/inbox.js")).unreadCount();
    } catch (error) {
      return;
    }
  }
  badge.hidden = count === 0;
  badge.textContent = String(count);
  badge.setAttribute("aria-label", t("badge.inbox", { n: count }));
}

async function refreshBadge() {
  const count = await openCount();
  const badge = document.getElementById("badge-outbox");
  badge.hidden = count === 0;
  badge.textContent = String(count);
  badge.setAttribute("aria-label", t("badge.outbox", { n: count }));
}

function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  let reloading = false;
  const banner = document.getElementById("update");
  const offer = (worker) => {
    banner.hidden = false;
    document.getElementById("update-btn").onclick = () => {
      reloading = true;
      worker.postMessage({ type: "skip-waiting" });
    };
  };
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
  });
  // Sent by pwa/push-sw.js when a push says an application changed.
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (!event.data || event.data.type !== "application-updated") return;
    refreshInbox();
    if (location.pathname.startsWith("/permohonan")) route();
  });
  // A new version may be waiting, still installing (found while this page loaded) or found later.
  const watch = (worker) => {
    if (!worker) return;
    if (worker.state === "installed") {
      if (navigator.serviceWorker.controller) offer(worker);
      return;
    }
    worker.addEventListener("statechange", () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
    });
  };
  navigator.serviceWorker.register("/service-worker.js", { scope: "/" }).then((registration) => {
    watch(registration.waiting);
    watch(registration.installing);
    registration.addEventListener("updatefound", () => watch(registration.installing));
    // An app left open for days still learns of a new version when the resident comes back to it.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && navigator.onLine) registration.update().catch(() => {});
    });
  });
}

/* Only a signed-in resident queues surveys. */
let surveysWatched = false;
function watchSurveys() {
  if (surveysWatched || !signedIn()) return;
  surveysWatched = true;
  import("./views/survey.js").then((survey) => survey.watchSurveys());
}

/* Residents' workers leave the staff screens out of the precache; an officer's sign-in asks for them. */
function precacheStaff() {
  if (!isOfficer() || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready.then((registration) => registration.active && registration.active.postMessage({ type: "precache-staff" }));
}

async function start() {
  const strings = ready();
  registerWorker();
  await Promise.all([strings, loadSession()]);
  applyStatic(document);
  interceptLinks();
  window.addEventListener("mpp:auth", () => {
    refreshHeader();
    refreshBadge();
    refreshInbox();
    watchSurveys();
    precacheStaff();
  });
  window.addEventListener("mpp:token", loadSession);
  window.addEventListener("mpp:region", refreshHeader);
  window.addEventListener("mpp:lang", () => {
    applyStatic(document);
    refreshHeader();
    route();
  });
  window.addEventListener("mpp:signed-out", async () => {
    await loadSession();
    refreshHeader();
    // Ask to sign in again and come back here; the outbox is kept (same person: nothing is wiped).
    const here = ROUTES.find(([re]) => re.test(location.pathname));
    if (!signedIn() && here && here[3]) {
      navigate(`/masuk?lanjut=${encodeURIComponent(location.pathname + location.search)}&sesi=berakhir`, { replace: true });
    }
  });
  onChange((message) => {
    refreshBadge();
    if (message && message.type === "delivered") announce(t("outbox.delivered_toast"));
  });
  window.addEventListener("offline", () => announce(t("net.offline")));
  window.addEventListener("online", () => announce(t("net.online")));
  window.addEventListener("mpp:inbox", refreshInbox);
  refreshHeader();
  refreshBadge();
  refreshInbox();
  startOutbox();
  watchSurveys();
  precacheStaff();
  await route();
  document.documentElement.dataset.ready = "1";
}

start();
