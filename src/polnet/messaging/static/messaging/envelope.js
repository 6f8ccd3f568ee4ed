// The message envelope of docs/messaging-envelope.md, in the browser (WebCrypto only).
// Byte for byte the same as polnet/messaging/envelope.py: what one seals, the other opens.

const te = new TextEncoder();
const td = new TextDecoder();
const subtle = globalThis.crypto.subtle;

export const VERSION = 1;
export const KDF_NAME = "pbkdf2-sha256";
export const KDF_ITERATIONS = 600000;
const KDF_LABEL = te.encode("polnet/v1/user-key-kek|");
const SEAL_INFO = te.encode("polnet/v1/seal");
export const MESSAGE_SIG_LABEL = "polnet/v1/message\n";
export const MAILBOX_KEY_SIG_LABEL = "polnet/v1/mailbox-key\n";
export const PRIORITIES = ["routine", "urgent", "flash"];
export const HANDLING_CODES = ["H0", "H1", "H2", "H3"];
// PKCS#8 wrappers of a raw 32-byte private key (RFC 8410), for importKey.
const X25519_PKCS8 = fromHex("302e020100300506032b656e04220420");
const ED25519_PKCS8 = fromHex("302e020100300506032b657004220420");
const SAFE = /^[A-Za-z0-9:+/=_.\-]*$/;

export class EnvelopeError extends Error {}

function fromHex(hex) {
  return new Uint8Array(hex.match(/../g).map((h) => parseInt(h, 16)));
}

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function b64e(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

export function b64d(text) {
  let s;
  try {
    s = atob(text);
  } catch {
    throw new EnvelopeError("not base64");
  }
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function b64urlDecode(text) {
  const std = text.replace(/-/g, "+").replace(/_/g, "/");
  return b64d(std + "=".repeat((4 - (std.length % 4)) % 4));
}

export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function fingerprint(publicKey) {
  return (await sha256Hex(publicKey)).slice(0, 32);
}

// Sorted keys, no spaces, identifiers only: Python's json.dumps(sort_keys=True) gives the same text.
export function canonicalJson(value) {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new EnvelopeError("signed numbers are integers");
    return String(value);
  }
  if (typeof value === "string") {
    if (!SAFE.test(value)) throw new EnvelopeError("signed fields hold only identifiers, codes and base64");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return "[" + value.map(canonicalJson).join(",") + "]";
  const keys = Object.keys(value).sort();
  return "{" + keys.map((k) => canonicalJson(k) + ":" + canonicalJson(value[k])).join(",") + "}";
}

// ---- primitives ----------------------------------------------------------------------------

async function aesKey(raw) {
  return subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

export async function aeadEncrypt(keyRaw, plaintext, aad) {
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const params = { name: "AES-GCM", iv: nonce, additionalData: te.encode(aad) };
  const ct = new Uint8Array(await subtle.encrypt(params, await aesKey(keyRaw), plaintext));
  return concat(nonce, ct);
}

export async function aeadDecrypt(keyRaw, blob, aad) {
  if (blob.length < 28) throw new EnvelopeError("ciphertext too short");
  const params = { name: "AES-GCM", iv: blob.subarray(0, 12), additionalData: te.encode(aad) };
  try {
    return new Uint8Array(await subtle.decrypt(params, await aesKey(keyRaw), blob.subarray(12)));
  } catch {
    throw new EnvelopeError("authentication failed");
  }
}

async function x25519PublicKey(raw) {
  return subtle.importKey("raw", raw, { name: "X25519" }, true, []);
}

async function x25519PrivateKey(raw) {
  return subtle.importKey("pkcs8", concat(X25519_PKCS8, raw), { name: "X25519" }, true, ["deriveBits"]);
}

export async function x25519Public(privateRaw) {
  const jwk = await subtle.exportKey("jwk", await x25519PrivateKey(privateRaw));
  return b64urlDecode(jwk.x);
}

async function sealKey(shared, epk, recipientPublic) {
  const ikm = await subtle.importKey("raw", shared, "HKDF", false, ["deriveBits"]);
  const params = { name: "HKDF", hash: "SHA-256", salt: concat(epk, recipientPublic), info: SEAL_INFO };
  return new Uint8Array(await subtle.deriveBits(params, ikm, 256));
}

export async function seal(recipientPublic, plaintext, context) {
  const eph = await subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]);
  const epk = new Uint8Array(await subtle.exportKey("raw", eph.publicKey));
  const peer = await x25519PublicKey(recipientPublic);
  const shared = new Uint8Array(await subtle.deriveBits({ name: "X25519", public: peer }, eph.privateKey, 256));
  return concat(epk, await aeadEncrypt(await sealKey(shared, epk, recipientPublic), plaintext, context));
}

export async function openSealed(recipientPrivate, blob, context) {
  if (blob.length < 32 + 28) throw new EnvelopeError("sealed box too short");
  const epk = blob.subarray(0, 32);
  let shared;
  try {
    const peer = await x25519PublicKey(epk);
    const mine = await x25519PrivateKey(recipientPrivate);
    shared = new Uint8Array(await subtle.deriveBits({ name: "X25519", public: peer }, mine, 256));
  } catch {
    throw new EnvelopeError("bad ephemeral key");
  }
  const key = await sealKey(shared, epk, await x25519Public(recipientPrivate));
  return aeadDecrypt(key, blob.subarray(32), context);
}

export async function sign(privateRaw, label, text) {
  const key = await subtle.importKey("pkcs8", concat(ED25519_PKCS8, privateRaw), { name: "Ed25519" }, false, [
    "sign",
  ]);
  return b64e(new Uint8Array(await subtle.sign({ name: "Ed25519" }, key, te.encode(label + text))));
}

export async function verify(publicRaw, label, text, signatureB64) {
  try {
    const key = await subtle.importKey("raw", publicRaw, { name: "Ed25519" }, false, ["verify"]);
    return await subtle.verify({ name: "Ed25519" }, key, b64d(signatureB64), te.encode(label + text));
  } catch {
    return false;
  }
}

async function generatePair(name, usages) {
  const pair = await subtle.generateKey({ name }, true, usages);
  const jwk = await subtle.exportKey("jwk", pair.privateKey);
  return { privateKey: b64urlDecode(jwk.d), publicKey: b64urlDecode(jwk.x) };
}

export function newX25519() {
  return generatePair("X25519", ["deriveBits"]);
}

export function randomBytes(n) {
  return crypto.getRandomValues(new Uint8Array(n));
}

// ---- the user's own keys -------------------------------------------------------------------

export async function deriveKek(password, salt, iterations = KDF_ITERATIONS) {
  const base = await subtle.importKey("raw", te.encode(password.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
  const params = { name: "PBKDF2", hash: "SHA-256", salt: concat(KDF_LABEL, salt), iterations };
  return new Uint8Array(await subtle.deriveBits(params, base, 256));
}

export function userKeyAad(userId, version) {
  return `polnet/v1/user-key|${userId}|${version}`;
}

export async function generateUserKeys() {
  const enc = await newX25519();
  const sig = await generatePair("Ed25519", ["sign", "verify"]);
  return { encPrivate: enc.privateKey, encPublic: enc.publicKey, signPrivate: sig.privateKey, signPublic: sig.publicKey };
}

// Returns the record the server stores, and the KEK (kept for this tab only).
export async function lockUserKeys(keys, password, userId, version, iterations = KDF_ITERATIONS) {
  const salt = randomBytes(16);
  const kek = await deriveKek(password, salt, iterations);
  const sealed = await aeadEncrypt(kek, concat(keys.encPrivate, keys.signPrivate), userKeyAad(userId, version));
  const record = {
    version,
    enc_public: b64e(keys.encPublic),
    sign_public: b64e(keys.signPublic),
    kdf: KDF_NAME,
    kdf_iterations: iterations,
    kdf_salt: b64e(salt),
    encrypted_private: b64e(sealed),
  };
  return { record, kek };
}

export async function kekFor(record, password) {
  if (record.kdf !== KDF_NAME) throw new EnvelopeError("unknown key derivation");
  return deriveKek(password, b64d(record.kdf_salt), record.kdf_iterations);
}

export async function unlockWithKek(record, kek, userId) {
  const raw = await aeadDecrypt(kek, b64d(record.encrypted_private), userKeyAad(userId, record.version));
  const encPrivate = raw.slice(0, 32);
  const signPrivate = raw.slice(32, 64);
  const encPublic = await x25519Public(encPrivate);
  const sigJwk = await subtle.exportKey(
    "jwk",
    await subtle.importKey("pkcs8", concat(ED25519_PKCS8, signPrivate), { name: "Ed25519" }, true, ["sign"]),
  );
  const signPublic = b64urlDecode(sigJwk.x);
  if (b64e(encPublic) !== record.enc_public || b64e(signPublic) !== record.sign_public) {
    throw new EnvelopeError("the stored public keys do not match the private ones");
  }
  return { encPrivate, encPublic, signPrivate, signPublic };
}

// ---- contexts --------------------------------------------------------------------------------

export function mailboxKeyStatement(address, version, publicB64) {
  return canonicalJson({ mailbox: address, public: publicB64, version });
}
export const grantContext = (address, keyVersion, userId, userKeyVersion) =>
  `polnet/v1/mailbox-key|${address}|${keyVersion}|${userId}|${userKeyVersion}`;
export const messageKeyContext = (messageId, address, keyVersion) =>
  `polnet/v1/message-key|${messageId}|${address}|${keyVersion}`;
const contentAad = (messageId, mailbox, user) => `polnet/v1/content|${messageId}|${mailbox}|${user}`;
const attachmentAad = (messageId, index) => `polnet/v1/attachment|${messageId}|${index}`;

export function utcNow() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

// ---- messages ---------------------------------------------------------------------------------

// draft: {subject, body, to[], priority, handling, conditions, evaluation, references[],
//         attachments[{name, type, data: Uint8Array}], replyBy, inReplyTo, thread, reference}
// `reference` ("hit:123") goes into the signed header, in the clear: a pointer, never content.
export async function sealMessage(draft, { senderMailbox, senderUser, keys }) {
  if (!PRIORITIES.includes(draft.priority) || !HANDLING_CODES.includes(draft.handling)) {
    throw new EnvelopeError("unknown priority or handling code");
  }
  const id = crypto.randomUUID();
  const ck = randomBytes(32);
  const files = draft.attachments || [];
  const attachments = [];
  for (let i = 0; i < files.length; i++) attachments.push(await aeadEncrypt(ck, files[i].data, attachmentAad(id, i)));
  const content = {
    subject: draft.subject,
    body: draft.body,
    conditions: draft.conditions || "",
    evaluation: draft.evaluation || null,
    references: draft.references || [],
    attachments: files.map((a) => ({ name: a.name, type: a.type || "application/octet-stream", size: a.data.length })),
  };
  const contentBlob = await aeadEncrypt(ck, te.encode(JSON.stringify(content)), contentAad(id, senderMailbox, senderUser));
  const described = [];
  for (const b of attachments) described.push({ sha256: await sha256Hex(b), size: b.length });
  const header = canonicalJson({
    ...(draft.reference ? { ref: draft.reference } : {}),
    v: VERSION,
    id,
    thread: draft.thread || id,
    in_reply_to: draft.inReplyTo || null,
    from: { mailbox: senderMailbox, user: senderUser, key: await fingerprint(keys.signPublic) },
    to: [...new Set(draft.to)].sort(),
    priority: draft.priority,
    handling: draft.handling,
    reply_by: draft.replyBy || null,
    sent_at: utcNow(),
    content: { sha256: await sha256Hex(contentBlob), size: contentBlob.length },
    attachments: described,
  });
  const signature = await sign(keys.signPrivate, MESSAGE_SIG_LABEL, header);
  return { id, header, signature, content: contentBlob, attachments, contentKey: ck };
}

export async function wrapFor(sealed, address, version, publicKey) {
  return b64e(await seal(publicKey, sealed.contentKey, messageKeyContext(sealed.id, address, version)));
}

function parseHeader(text) {
  try {
    const h = JSON.parse(text);
    return h && typeof h === "object" ? h : {};
  } catch {
    return {};
  }
}

export async function checkHeader(message) {
  const header = JSON.parse(message.header);
  const signPublic = b64d(message.sender_sign_public);
  if (header.v !== VERSION) throw new EnvelopeError("unknown envelope version");
  if (header.from.key !== (await fingerprint(signPublic))) throw new EnvelopeError("signed by a key other than the sender's");
  if (!(await verify(signPublic, MESSAGE_SIG_LABEL, message.header, message.signature))) {
    throw new EnvelopeError("signature does not verify");
  }
  if (header.id !== message.id) throw new EnvelopeError("header belongs to another message");
  const content = b64d(message.content);
  if ((await sha256Hex(content)) !== header.content.sha256 || content.length !== header.content.size) {
    throw new EnvelopeError("content differs from what the sender signed");
  }
  return header;
}

// status: "valid", "tampered" or "locked" (no key for it in this mailbox).
export async function openMessage(message, mailboxKeys) {
  let header;
  try {
    header = await checkHeader(message);
  } catch (e) {
    return { status: "tampered", header: parseHeader(message.header), content: null, problem: String(e.message || e) };
  }
  const wrap = message.wrap;
  if (!wrap || !mailboxKeys.has(wrap.key_version)) {
    return { status: "locked", header, content: null, problem: "no key for this message in your mailbox" };
  }
  try {
    const ck = await openSealed(
      mailboxKeys.get(wrap.key_version),
      b64d(wrap.wrapped),
      messageKeyContext(header.id, wrap.mailbox, wrap.key_version),
    );
    const plain = await aeadDecrypt(ck, b64d(message.content), contentAad(header.id, header.from.mailbox, header.from.user));
    return { status: "valid", header, content: JSON.parse(td.decode(plain)), problem: "", contentKey: ck };
  } catch (e) {
    return { status: "tampered", header, content: null, problem: "cannot decrypt: " + (e.message || e) };
  }
}

export async function openAttachment(opened, index, blob) {
  if (!opened.contentKey) throw new EnvelopeError("message not opened");
  if ((await sha256Hex(blob)) !== opened.header.attachments[index].sha256) {
    throw new EnvelopeError("attachment differs from what the sender signed");
  }
  return aeadDecrypt(opened.contentKey, blob, attachmentAad(opened.header.id, index));
}
