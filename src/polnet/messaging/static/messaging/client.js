// The browser's messaging client: the same steps as polnet/messaging/client.py.
// The password and every private key stay in this tab; the server sees ciphertext only.

import * as E from "./envelope.js";

const API = "/api/messages";

export class ApiError extends Error {
  constructor(status, data) {
    super((data && data.detail) || `HTTP ${status}`);
    this.status = status;
    this.data = data || {};
  }
}

export class WrongPassword extends Error {}

export class Client {
  constructor(csrf) {
    this.csrf = csrf;
    this.userId = 0;
    this.address = "";
    this.keys = null;
    this.mailboxKeys = new Map();
    this.state = {};
    this.book = null;
  }

  async call(method, path, body, { raw = false, form = null } = {}) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRFToken"] = this.csrf;
    let payload;
    if (form) payload = form;
    else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const resp = await fetch(API + path, { method, headers, body: payload, credentials: "same-origin" });
    if (resp.status === 401) this.forget();
    if (!resp.ok) {
      let data = {};
      try {
        data = await resp.json();
      } catch {
        /* not JSON */
      }
      throw new ApiError(resp.status, data);
    }
    if (raw) return new Uint8Array(await resp.arrayBuffer());
    if (resp.status === 204) return null;
    return resp.json();
  }

  // ---- unlocking: the KEK stays in this tab's sessionStorage, never on the server ----

  storageKey() {
    return `polnet.messaging.kek.${this.userId}`;
  }

  forget() {
    if (this.userId) sessionStorage.removeItem(this.storageKey());
  }

  async loadState() {
    this.state = await this.call("GET", "/keys/mailbox");
    this.userId = this.state.user_id;
    this.address = this.state.address;
    return this.state;
  }

  async resume() {
    await this.loadState();
    const stored = sessionStorage.getItem(this.storageKey());
    if (!stored) return false;
    try {
      const record = await this.call("GET", "/keys/me");
      this.keys = await E.unlockWithKek(record, E.b64d(stored), this.userId);
    } catch (e) {
      if (e instanceof ApiError && e.status !== 404) throw e;
      this.forget();
      return false;
    }
    await this.syncMailbox();
    return true;
  }

  async unlock(password) {
    await this.loadState();
    let record = null;
    try {
      record = await this.call("GET", "/keys/me");
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
    }
    let kek;
    if (record === null) {
      const keys = await E.generateUserKeys();
      const locked = await E.lockUserKeys(keys, password, this.userId, 1);
      await this.call("PUT", "/keys/me", locked.record);
      this.keys = keys;
      kek = locked.kek;
    } else {
      kek = await E.kekFor(record, password);
      try {
        this.keys = await E.unlockWithKek(record, kek, this.userId);
      } catch {
        throw new WrongPassword();
      }
    }
    sessionStorage.setItem(this.storageKey(), E.b64e(kek));
    return this.syncMailbox();
  }

  async resetKeys(password) {
    await this.loadState();
    const keys = await E.generateUserKeys();
    const version = (this.state.user_key_version || 0) + 1;
    const locked = await E.lockUserKeys(keys, password, this.userId, version);
    await this.call("PUT", "/keys/me", { ...locked.record, replace: true });
    this.keys = keys;
    sessionStorage.setItem(this.storageKey(), E.b64e(locked.kek));
    return this.syncMailbox();
  }

  // ---- mailbox keys ----

  async grantFor(userId, userKeyVersion, encPublic, version, privateKey) {
    const context = E.grantContext(this.address, version, userId, userKeyVersion);
    const wrapped = E.b64e(await E.seal(encPublic, privateKey, context));
    return { user_id: userId, user_key_version: userKeyVersion, mailbox_key_version: version, wrapped };
  }

  async newMailboxKey(version) {
    const pair = await E.newX25519();
    const publicB64 = E.b64e(pair.publicKey);
    const statement = E.mailboxKeyStatement(this.address, version, publicB64);
    const signature = await E.sign(this.keys.signPrivate, E.MAILBOX_KEY_SIG_LABEL, statement);
    return { privateKey: pair.privateKey, publicB64, signature };
  }

  async syncMailbox() {
    await this.loadState();
    if (this.state.current_version === null) {
      const k = await this.newMailboxKey(1);
      const grant = await this.grantFor(this.userId, this.state.user_key_version, this.keys.encPublic, 1, k.privateKey);
      try {
        await this.call("POST", "/keys/mailbox", { public: k.publicB64, signature: k.signature, grants: [grant] });
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 409) throw e; // a colleague was quicker: use theirs
      }
      await this.loadState();
    }
    this.mailboxKeys = new Map();
    for (const k of this.state.keys) {
      if (!k.wrapped) continue;
      const context = E.grantContext(this.address, k.version, this.userId, this.state.user_key_version);
      const privateKey = await E.openSealed(this.keys.encPrivate, E.b64d(k.wrapped), context);
      if (E.b64e(await E.x25519Public(privateKey)) !== k.public) throw new E.EnvelopeError("mailbox key mismatch");
      this.mailboxKeys.set(k.version, privateKey);
    }
    const current = this.state.current_version;
    if (this.state.rotation_needed && this.mailboxKeys.has(current)) await this.rotate();
    return this.state;
  }

  // A member left: a new key for those who remain, so the leaver cannot open new mail.
  async rotate() {
    const current = this.state.current_version;
    const k = await this.newMailboxKey(current + 1);
    const grants = [];
    for (const m of this.state.keepers) {
      grants.push(await this.grantFor(m.user_id, m.user_key_version, E.b64d(m.enc_public), current + 1, k.privateKey));
    }
    try {
      await this.call("POST", "/keys/mailbox/rotate", {
        from_version: current,
        public: k.publicB64,
        signature: k.signature,
        grants,
      });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 409) throw e;
    }
    await this.syncMailbox();
  }

  async shareWith(members) {
    const grants = [];
    for (const m of members) {
      for (const v of m.mailbox_key_versions) {
        if (this.mailboxKeys.has(v)) {
          grants.push(await this.grantFor(m.user_id, m.user_key_version, E.b64d(m.enc_public), v, this.mailboxKeys.get(v)));
        }
      }
    }
    if (grants.length) await this.call("POST", "/keys/mailbox/grants", { grants });
    return this.syncMailbox();
  }

  async directory() {
    if (this.book) return this.book;
    const book = new Map();
    for (const entry of await this.call("GET", "/keys/directory")) {
      const key = entry.key;
      if (key) {
        const statement = E.mailboxKeyStatement(entry.address, key.version, key.public);
        const ok = await E.verify(E.b64d(key.signer_sign_public), E.MAILBOX_KEY_SIG_LABEL, statement, key.signature);
        if (!ok) entry.key = null;
      }
      book.set(entry.address, entry);
    }
    this.book = book;
    return book;
  }

  // ---- sending ----

  async prepare(draft) {
    const book = await this.directory();
    let skipped = [];
    let to = draft.to.filter((a) => a !== "all");
    if (draft.to.includes("all")) {
      const everyone = [...book.values()].filter((e) => e.kind === "bureau" && e.address !== this.address);
      skipped = everyone.filter((e) => !e.key).map((e) => e.address);
      to = [...new Set([...to, ...everyone.filter((e) => e.key).map((e) => e.address)])];
    }
    const missing = to.filter((a) => !book.has(a) || !book.get(a).key);
    if (missing.length) throw new ApiError(422, { detail: missing.join(", "), missing });
    const sealed = await E.sealMessage(
      { ...draft, to },
      { senderMailbox: this.address, senderUser: this.userId, keys: this.keys },
    );
    const wraps = [];
    for (const address of [...[...new Set(to)].sort(), this.address]) {
      const key = book.get(address).key;
      wraps.push({ mailbox: address, key_version: key.version, wrapped: await E.wrapFor(sealed, address, key.version, E.b64d(key.public)) });
    }
    const payload = {
      idempotency_key: "msg-" + sealed.id,
      id: sealed.id,
      header: sealed.header,
      signature: sealed.signature,
      content: E.b64e(sealed.content),
      attachments: [],
      wraps,
    };
    return { payload, attachments: sealed.attachments, sealed, skipped };
  }

  // Safe to call again after a network failure: same blobs, same idempotency key.
  async submit(prepared) {
    const ids = [];
    for (const blob of prepared.attachments) {
      const form = new FormData();
      form.append("file", new Blob([blob], { type: "application/octet-stream" }), "attachment.bin");
      ids.push((await this.call("POST", "/blobs", undefined, { form })).id);
    }
    return this.call("POST", "/send", { ...prepared.payload, attachments: ids });
  }

  // ---- reading ----

  async open(message) {
    let opened = await E.openMessage(message, this.mailboxKeys);
    if (opened.status === "locked" && this.keys) {
      await this.syncMailbox();
      opened = await E.openMessage(message, this.mailboxKeys);
    }
    return opened;
  }

  async attachment(opened, messageId, index) {
    const blob = await this.call("GET", `/${messageId}/attachments/${index}`, undefined, { raw: true });
    return E.openAttachment(opened, index, blob);
  }

  markRead(messageId) {
    return this.call("POST", `/${messageId}/read`);
  }

  async forward(message, opened, to) {
    const book = await this.directory();
    const wraps = [];
    for (const address of to) {
      const key = book.has(address) ? book.get(address).key : null;
      if (!key) throw new ApiError(422, { detail: address });
      const context = E.messageKeyContext(message.id, address, key.version);
      wraps.push({ mailbox: address, key_version: key.version, wrapped: E.b64e(await E.seal(E.b64d(key.public), opened.contentKey, context)) });
    }
    return this.call("POST", `/${message.id}/forward`, { wraps });
  }

  requestForward(messageId, to) {
    return this.call("POST", `/${messageId}/forward-requests`, { to });
  }

  decide(requestId, grant) {
    return this.call("POST", `/forward-requests/${requestId}/decision`, { grant });
  }
}
