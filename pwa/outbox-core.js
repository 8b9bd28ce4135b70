/* The outbox replay, shared by the page and the service worker (see docs/pwa.md).
   Entries are sent in order, one flush at a time (Web Locks). An entry leaves the queue
   only on 2xx (delivered) or a definitive 4xx (failed, shown to the user); 401 refreshes
   the session and retries; 5xx, 409, 429 and network errors leave it pending for a retry. */
(function (g) {
  if (g.MPPOutbox) return; // loaded twice (the first screen's bundle, then a later module): keep the first
  const db = g.MPPdb;
  const CHANNEL = "mpp-outbox";

  let channel = null;
  /* One channel for the life of the page or worker: a new one per message cost more than the save. */
  function notify(type, detail) {
    try {
      channel = channel || new BroadcastChannel(CHANNEL);
      channel.postMessage({ type, ...(detail || {}) });
    } catch (error) {
      /* no BroadcastChannel: pages poll on their own events */
    }
  }

  function withLock(name, options, action) {
    if (g.navigator && g.navigator.locks) return g.navigator.locks.request(name, options, action);
    return action({ name });
  }

  async function getAuth() {
    return (await db.get("kv", "auth")) || null;
  }

  /* Refresh the access token with the HttpOnly cookie and the CSRF value kept in IndexedDB.
     Under a lock: rotating refresh tokens must never be spent twice at once. */
  function refreshSession(staleToken) {
    return withLock("mpp-auth-refresh", {}, async () => {
      const auth = await getAuth();
      if (!auth || !auth.csrf_token) return null;
      if (staleToken && auth.access_token && auth.access_token !== staleToken) return auth;
      const response = await fetch("/api/auth/refresh", {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": auth.csrf_token, Accept: "application/json" },
      });
      if (response.ok) {
        const body = await response.json();
        const next = { access_token: body.access_token, csrf_token: body.csrf_token, user: body.user };
        await db.put("kv", next, "auth");
        notify("auth");
        return next;
      }
      if (response.status === 401 || response.status === 403) {
        await db.put("kv", { ...auth, access_token: null, expired: true }, "auth");
        notify("auth-expired");
        return null;
      }
      throw new Error(`refresh failed: ${response.status}`);
    });
  }

  /* fetch with the stored access token; one refresh-and-retry on 401. null = must sign in again. */
  async function authFetch(url, init) {
    let auth = await getAuth();
    if (!auth || (!auth.access_token && !auth.csrf_token)) return null;
    if (!auth.access_token) auth = await refreshSession(null);
    if (!auth) return null;
    const send = (token) => {
      const headers = new Headers(init.headers || {});
      headers.set("Authorization", `Bearer ${token}`);
      headers.set("Accept", "application/json");
      return fetch(url, { ...init, headers, credentials: "same-origin" });
    };
    let response = await send(auth.access_token);
    if (response.status === 401) {
      auth = await refreshSession(auth.access_token);
      if (!auth) return null;
      response = await send(auth.access_token);
      if (response.status === 401) return null;
    }
    return response;
  }

  function definitive(status) {
    return status >= 400 && status < 500 && ![401, 408, 409, 425, 429].includes(status);
  }

  async function readProblem(response) {
    try {
      return await response.json();
    } catch (error) {
      return { status: response.status, title: response.statusText };
    }
  }

  async function save(entry, type) {
    await db.put("outbox", entry);
    notify(type || "changed", { id: entry.id });
  }

  async function park(entry, reason) {
    entry.state = "pending";
    entry.last_error = reason;
    await save(entry);
    return reason === "signin" ? "signin" : "retry";
  }

  async function fail(entry, response) {
    entry.state = "failed";
    entry.problem = await readProblem(response);
    entry.blobs = (entry.blobs || []).filter((b) => !b.uploaded_id);
    await save(entry, "failed");
    return "next";
  }

  async function uploadBlobs(entry) {
    for (const item of entry.blobs || []) {
      if (item.uploaded_id) continue;
      const form = new FormData();
      form.append("file", item.blob, item.name || "dokumen");
      form.append("document_type", item.document_type || "lainnya");
      // upload_url: an officer's assisted filing stores the scan in the resident's vault (backend/assisted)
      const response = await authFetch(item.upload_url || "/api/documents", { method: "POST", body: form });
      if (!response) return park(entry, "signin");
      if (response.ok) {
        item.uploaded_id = (await response.json()).id;
        await save(entry);
      } else if (definitive(response.status)) {
        return fail(entry, response);
      } else {
        return park(entry, `http-${response.status}`);
      }
    }
    return "uploaded";
  }

  function bodyWithDocuments(entry) {
    const body = JSON.parse(JSON.stringify(entry.body));
    // `top`: the id goes at the body's top level (a complaint's document_id), not into its form data
    for (const item of entry.blobs || []) {
      if (item.top) body[item.field] = item.uploaded_id;
      else body.data[item.field] = item.uploaded_id;
    }
    return body;
  }

  async function sendOne(entry) {
    entry.state = "sending";
    entry.attempts = (entry.attempts || 0) + 1;
    entry.last_try = new Date().toISOString();
    await save(entry);
    try {
      const uploaded = await uploadBlobs(entry);
      if (uploaded !== "uploaded") return uploaded;
      const response = await authFetch(entry.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": entry.key },
        body: JSON.stringify(bodyWithDocuments(entry)),
      });
      if (!response) return park(entry, "signin");
      if (response.ok) {
        const application = await response.json();
        entry.state = "delivered";
        entry.delivered_at = new Date().toISOString();
        entry.result = { id: application.id, tracking_number: application.tracking_number, status: application.status };
        entry.blobs = [];
        entry.last_error = null;
        await save(entry, "delivered");
        return "next";
      }
      if (definitive(response.status)) return fail(entry, response);
      return park(entry, `http-${response.status}`);
    } catch (error) {
      return park(entry, "network");
    }
  }

  async function flushUnlocked() {
    const entries = (await db.all("outbox")).sort((a, b) => a.id - b.id);
    notify("flushing");
    let delivered = 0;
    let outcome = "done";
    for (const entry of entries) {
      if (entry.state !== "pending" && entry.state !== "sending") continue;
      const result = await sendOne(entry);
      if (entry.state === "delivered") delivered += 1;
      if (result === "retry" || result === "signin") {
        outcome = result; // keep the order: stop here
        break;
      }
    }
    // One message for the whole run: screens reload their lists once, not once per entry.
    notify("flushed", { delivered });
    return outcome;
  }

  /* "done" | "retry" | "signin" | "busy" (another tab or the worker is flushing). */
  function flush() {
    return withLock("mpp-outbox-flush", { ifAvailable: true }, (lock) => (lock ? flushUnlocked() : "busy"));
  }

  g.MPPOutbox = { flush, authFetch, refreshSession, getAuth, notify, CHANNEL };
})(globalThis);
