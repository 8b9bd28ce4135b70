/* Web push on/off: permission is asked only when the user turns it on. */
import { get, request } from "./api.js";
import { t } from "./i18n.js";

const SUBSCRIBE_WAIT_MS = 10000;

const keyBytes = (base64url) => {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
};

const within = (promise, ms) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);

export function pushSupported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

export async function pushEnabled() {
  if (!pushSupported() || Notification.permission !== "granted") return false;
  const registration = await navigator.serviceWorker.ready;
  return Boolean(await registration.pushManager.getSubscription());
}

export async function enablePush() {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") {
    const error = new Error("permission");
    error.code = "permission";
    throw error;
  }
  const { public_key: publicKey } = await get("/api/push/public-key", true);
  const registration = await navigator.serviceWorker.ready;
  let subscription;
  try {
    // Without a reachable push service subscribe() may never settle: wait a bounded time only.
    subscription = await within(
      registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }),
      SUBSCRIBE_WAIT_MS,
    );
  } catch (cause) {
    const error = new Error("push");
    error.code = cause.message === "timeout" ? "unreachable" : "refused";
    error.reason = error.code === "unreachable"
      ? t("push.unreachable", { s: SUBSCRIBE_WAIT_MS / 1000 })
      : t("push.refused", { reason: cause.name || cause.message });
    throw error;
  }
  const json = subscription.toJSON();
  await request("/api/push/subscriptions", { method: "POST", auth: true, body: { endpoint: json.endpoint, keys: json.keys } });
}

export async function disablePush() {
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.getSubscription();
  if (!subscription) return;
  await request("/api/push/subscriptions", { method: "DELETE", auth: true, body: { endpoint: subscription.endpoint } });
  await subscription.unsubscribe();
}
