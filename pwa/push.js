/* Web push on/off: permission is asked only when the user turns it on. */
import { get, request } from "./api.js";

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
  const subscription = await within(
    registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }),
    20000,
  );
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
