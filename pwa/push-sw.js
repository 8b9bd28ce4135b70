/* Web push in the service worker (a classic script, pulled in by service-worker.js with importScripts).
 *
 * The server renders each message in the resident's chosen language and sends
 * {id, kind, title, body, url, tag, application_id, lang} (see backend/notifications/sending.py).
 * `push` shows it; `notificationclick` focuses the window already showing its page or opens one.
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

  function fallbackLanguage() {
    var lang = (self.navigator && self.navigator.language) || "id";
    return lang.toLowerCase().indexOf("en") === 0 ? "en" : "id";
  }

  /* The message's JSON; a push without a readable payload still shows a generic notice. */
  function readPayload(data) {
    var message = null;
    if (data) {
      try {
        message = data.json();
      } catch (error) {
        message = null;
      }
    }
    if (!message || typeof message !== "object" || typeof message.title !== "string") {
      var lang = (message && message.lang) || fallbackLanguage();
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

  self.addEventListener("push", function (event) {
    var message = readPayload(event.data);
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
    event.waitUntil(
      Promise.all([
        self.registration.showNotification(message.title, options),
        tellOpenWindows(options.data.application_id),
      ])
    );
  });

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
        for (var i = 0; i < windows.length; i += 1) {
          if (windows[i].url === url && "focus" in windows[i]) {
            return windows[i].focus();
          }
        }
        return self.clients.openWindow ? self.clients.openWindow(url) : null;
      })
    );
  });
})();
