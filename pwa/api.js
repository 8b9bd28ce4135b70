/* JSON API client: problem+json errors, the stored session, and "served from cache" info. */
import "./db.js";
import "./outbox-core.js";
import { lang, t } from "./i18n.js";

const core = globalThis.MPPOutbox;

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.offline = status === 0 || status === 503 && this.problem.code === "offline";
  }
}

async function readBody(response) {
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) return response.json();
  return response.blob();
}

/* request(path, {method, body, auth}) -> {data, cachedAt}; cachedAt is set when the
   service worker answered from its copy because the network was unreachable. */
export async function request(path, options) {
  const { method = "GET", body, auth = false, headers = {} } = options || {};
  const init = { method, headers: { Accept: "application/json", "Accept-Language": lang(), ...headers } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = auth ? await core.authFetch(path, init) : await fetch(path, { ...init, credentials: "same-origin" });
  } catch (error) {
    throw new ApiError(0, { code: "offline" });
  }
  if (response === null) {
    // the session has ended (expired, revoked, account gone): app.js asks to sign in again
    window.dispatchEvent(new CustomEvent("mpp:signed-out"));
    throw new ApiError(401, { code: "signin", detail: t("session.ended") });
  }
  if (!response.ok) {
    let problem;
    try {
      problem = await response.json();
    } catch (error) {
      problem = { title: response.statusText };
    }
    throw new ApiError(response.status, problem);
  }
  const data = await readBody(response);
  const cachedAt = response.headers.get("X-From-Cache") ? response.headers.get("X-Cached-At") || "" : null;
  return { data, cachedAt };
}

export async function get(path, auth) {
  return (await request(path, { auth })).data;
}

export function post(path, body, auth = true, headers = {}) {
  return request(path, { method: "POST", body, auth, headers }).then((r) => r.data);
}

export { core };
