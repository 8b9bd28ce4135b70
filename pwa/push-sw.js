/* Web push in the service worker (a classic script, pulled in by service-worker.js with importScripts).
 *
 * The server renders each message in the resident's chosen language and sends
 * {id, kind, title, body, url, tag, application_id, lang} (see backend/notifications/sending.py).
 * `push` shows it; `notificationclick` brings an open window of the app to the message's page
 * (focus, then WindowClient.navigate) and opens a new window only when none is open.
 * Both tell open app windows {type: "application-updated", application_id} so they refresh the
 * application's status without a reload.
 */
(function () {
  "use strict";

  var ICON = "/pwa/icons/icon-192.png";
  var BADGE = "/pwa/icons/badge-72.png";
  var FALLBACK = {
    id: { title: "Ada kabar baru untuk Anda", body: "Buka MPP Digital untuk melihatnya." },
    en: { title: "There is news for you", body: "Open MPP Digital to see it." },
  };

  /* The app's own language (Settings, or the account's at sign-in), kept in IndexedDB by
     pwa/session.js; the browser's locale says nothing about what the resident reads. */
  function appLanguage() {
    var db = self.MPPdb;
    if (!db) return Promise.resolve("id");
    return db.get("kv", "lang").then(function (lang) {
      return lang === "en" ? "en" : "id";
    }, function () {
      return "id";
    });
  }

  /* The message's JSON; a push without a readable payload still shows a generic notice. */
  function readPayload(data, appLang) {
    var message = null;
    if (data) {
      try {
        message = data.json();
      } catch (error) {
        message = null;
      }
    }
    if (!message || typeof message !== "object" || typeof message.title !== "string") {
      var lang = (message && message.lang) || appLang;
      var text = FALLBACK[lang] || FALLBACK.id;
      message = { title: text.title, body: text.body, url: "/", tag: "mpp-news", application_id: null, lang: lang };
    }
    return message;
  }

  function sameOriginUrl(url) {
    var target = new URL(url || "/", self.location.origin);
    // a payload can only send the resident to a page of this app
    return target.origin === self.location.origin ? target.href : new URL("/", self.location.origin).href;
  }

  function tellOpenWindows(applicationId) {
    if (applicationId === null || applicationId === undefined) {
      return Promise.resolve([]);
    }
    return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      windows.forEach(function (client) {
        client.postMessage({ type: "application-updated", application_id: applicationId });
      });
      return windows;
    });
  }

  function show(data) {
    return appLanguage().then(function (appLang) {
      var message = readPayload(data, appLang);
      var options = {
        body: message.body || "",
        icon: ICON,
        badge: BADGE,
        lang: message.lang || "id",
        tag: message.tag || "mpp-news",
        renotify: true,
        timestamp: Date.now(),
        data: {
          url: sameOriginUrl(message.url),
          application_id: message.application_id === undefined ? null : message.application_id,
          notification_id: message.id === undefined ? null : message.id,
        },
      };
      return Promise.all([
        self.registration.showNotification(message.title, options),
        tellOpenWindows(options.data.application_id),
      ]);
    });
  }

  self.addEventListener("push", function (event) {
    event.waitUntil(show(event.data));
  });

  /* The window to reuse: one already on the page, else the one in front, else any. */
  function pick(windows, url) {
    var exact = windows.filter(function (client) { return client.url === url; })[0];
    var focused = windows.filter(function (client) { return client.focused; })[0];
    var visible = windows.filter(function (client) { return client.visibilityState === "visible"; })[0];
    return exact || focused || visible || windows[0];
  }

  function focus(client) {
    // without a user's tap (a synthetic event) the browser refuses to focus: navigate anyway
    return "focus" in client ? client.focus().catch(function () { return client; }) : Promise.resolve(client);
  }

  function openNew(url) {
    return self.clients.openWindow ? self.clients.openWindow(url) : null;
  }

  self.addEventListener("notificationclick", function (event) {
    var data = event.notification.data || {};
    var url = sameOriginUrl(data.url);
    event.notification.close();
    event.waitUntil(
      self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
        windows.forEach(function (client) {
          if (data.application_id !== null && data.application_id !== undefined) {
            client.postMessage({ type: "application-updated", application_id: data.application_id });
          }
        });
        if (!windows.length) return openNew(url);
        var target = pick(windows, url);
        return focus(target).then(function () {
          if (target.url === url) return target; // already there: "application-updated" redraws it
          // navigate() works on a window this worker controls; an uncontrolled one gets a new window
          return target.navigate(url).then(function (moved) {
            return moved || openNew(url);
          }, function () {
            return openNew(url);
          });
        });
      })
    );
  });
})();
