// What every messaging page shares: translated strings, the unlock step, colleagues waiting
// for the mailbox key, small DOM helpers, and polling for new mail.

import { ApiError, Client, WrongPassword } from "./client.js";

export const root = document.getElementById("messaging");
export const T = JSON.parse(document.getElementById("messaging-strings").textContent);
const $ = (id) => document.getElementById(id);

// Build elements with text only: decrypted content never goes through innerHTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// One unambiguous form in every language, as the server's pages: ISO date, 24-hour UTC time.
export function when(iso) {
  if (!iso) return "";
  return new Date(iso).toISOString().slice(0, 16).replace("T", " ");
}

export function say(text) {
  $("live").textContent = text;
}

export function fail(e) {
  say(`${T.error} ${e && e.message ? e.message : e}`);
}

export function statusBadge(opened) {
  return h("span", { class: `badge status-${opened.status}` }, T[opened.status]);
}

export function handlingBadge(code) {
  return h("span", { class: `badge handling-${code}`, title: T[code] || code }, code);
}

function showPending(client) {
  const list = $("pending-list");
  list.replaceChildren();
  const pending = client.state.pending || [];
  $("pending").hidden = pending.length === 0;
  for (const member of pending) {
    const button = h("button", { type: "button" }, T.share);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await client.shareWith([member]);
        button.replaceWith(h("span", {}, T.shared));
      } catch (e) {
        fail(e);
        button.disabled = false;
      }
    });
    list.append(
      h("li", { "data-user": member.username }, h("strong", {}, member.username), " · ", T.fingerprint, " ",
        h("code", {}, member.fingerprint.match(/.{4}/g).join(" ")), " ", button),
    );
  }
  $("waiting").hidden = client.mailboxKeys.size > 0;
  $("waiting").textContent = T.waiting_grant;
}

// Resolves with an unlocked client once the user has entered their password (or the tab
// still holds the key from an earlier unlock).
export async function start() {
  const client = new Client(root.dataset.csrf);
  const ready = () => {
    $("unlock").hidden = true;
    $("app").hidden = false;
    $("lock-button").hidden = false;
    showPending(client);
    return client;
  };
  $("lock-button").addEventListener("click", () => {
    client.forget();
    window.location.reload();
  });
  if (globalThis.polnetFirstKeys) await globalThis.polnetFirstKeys; // keys being made at first sign-in
  try {
    if (await client.resume()) return ready();
  } catch (e) {
    fail(e);
  }
  $("unlock").hidden = false;
  $("unlock-password").focus();
  return new Promise((resolve) => {
    const status = $("unlock-status");
    const attempt = async (fn, message) => {
      status.textContent = message;
      try {
        await fn($("unlock-password").value);
        $("unlock-password").value = "";
        status.textContent = "";
        resolve(ready());
      } catch (e) {
        status.textContent = e instanceof WrongPassword ? T.unlock_failed : `${T.error} ${e.message}`;
        $("reset-box").hidden = !(e instanceof WrongPassword);
      }
    };
    $("unlock-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      attempt((p) => client.unlock(p), T.unlocking);
    });
    $("reset-button").addEventListener("click", () => {
      if (window.confirm(T.new_keys_confirm)) attempt((p) => client.resetKeys(p), T.making_keys);
    });
  });
}

// Polls a small endpoint; stops while the user is idle so an open tab does not keep the
// session alive forever (sessions expire after a period without activity).
export function watch(client, onChange, seconds = 5) {
  let last = null;
  let active = Date.now();
  for (const ev of ["pointerdown", "keydown", "scroll"]) addEventListener(ev, () => (active = Date.now()), { passive: true });
  const tick = async () => {
    if (Date.now() - active > 20 * 60 * 1000 || document.hidden) return;
    try {
      const c = await client.call("GET", "/changes");
      const badge = $("unread-count");
      badge.hidden = c.unread === 0;
      badge.textContent = String(c.unread);
      const key = `${c.latest}|${c.latest_sent}|${c.receipts}|${c.overdue_in}|${c.overdue_out}`;
      if (last !== null && key !== last) await onChange(c);
      last = key;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) window.location.reload();
    }
  };
  tick();
  return setInterval(tick, seconds * 1000);
}

export function mailboxName(book, address) {
  return book && book.has(address) ? book.get(address).name : address;
}
