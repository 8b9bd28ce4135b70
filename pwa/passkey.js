/* WebAuthn passkeys: JSON options from the server, toJSON() credentials back to it.
   Chromium parses the JSON itself; older browsers get the base64url conversion by hand. */
import { post } from "./api.js";

const toBuffer = (value) => {
  const base64 = value.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(value.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
};

const fromBuffer = (buffer) =>
  btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

export function passkeysSupported() {
  return Boolean(window.PublicKeyCredential && navigator.credentials);
}

function creationOptions(json) {
  if (PublicKeyCredential.parseCreationOptionsFromJSON) return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  return {
    ...json,
    challenge: toBuffer(json.challenge),
    user: { ...json.user, id: toBuffer(json.user.id) },
    excludeCredentials: (json.excludeCredentials || []).map((c) => ({ ...c, id: toBuffer(c.id) })),
  };
}

function requestOptions(json) {
  if (PublicKeyCredential.parseRequestOptionsFromJSON) return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  return {
    ...json,
    challenge: toBuffer(json.challenge),
    allowCredentials: (json.allowCredentials || []).map((c) => ({ ...c, id: toBuffer(c.id) })),
  };
}

function credentialJSON(credential) {
  if (typeof credential.toJSON === "function") return credential.toJSON();
  const response = {};
  for (const name of ["clientDataJSON", "attestationObject", "authenticatorData", "signature", "userHandle"]) {
    if (credential.response[name]) response[name] = fromBuffer(credential.response[name]);
  }
  if (credential.response.getTransports) response.transports = credential.response.getTransports();
  return {
    id: credential.id,
    rawId: fromBuffer(credential.rawId),
    type: credential.type,
    response,
    authenticatorAttachment: credential.authenticatorAttachment,
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}

export async function addPasskey(name) {
  const { challenge_id, options } = await post("/api/auth/passkeys/register/options", {});
  const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
  return post("/api/auth/passkeys/register/verify", { challenge_id, credential: credentialJSON(credential), name });
}

export async function signInWithPasskey() {
  const { challenge_id, options } = await post("/api/auth/passkeys/login/options", {}, false);
  const credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
  return post("/api/auth/passkeys/login/verify", { challenge_id, credential: credentialJSON(credential) }, false);
}

/* A fresh assertion that proves the signed-in person is at the device (password change): {challenge_id, credential}. */
export async function passkeyProof() {
  const { challenge_id, options } = await post("/api/auth/passkeys/login/options", {}, false);
  const credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
  return { challenge_id, credential: credentialJSON(credential) };
}
