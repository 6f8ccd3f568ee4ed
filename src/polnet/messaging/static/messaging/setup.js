// A person's first sign-in makes their message keys and, when their bureau or unit has
// none yet, its mailbox key: all in this tab, from the password they just typed, so the
// mailbox can receive from then on. The server gets public keys, the private keys locked
// under the password, and the mailbox key sealed to the person; never a key that opens them.
// Loaded on every page; it does nothing outside these three steps (docs/security.md).
//
// 1. Sign-in page, submitted without a code (a first sign-in has no authenticator yet): the
//    password is handed to the next page in this tab's sessionStorage.
// 2. Enrolment page: it takes the password out at once and keeps only the locked keys and
//    the key derived from the password (as an unlocked mailbox page does).
// 3. The first page after enrolment: stores the keys, makes the mailbox key if there is none.

const PASSWORD = "polnet.signin.password";
const PENDING = "polnet.messaging.first-keys";

function take(name) {
  const value = sessionStorage.getItem(name);
  sessionStorage.removeItem(name);
  return value;
}

async function lockNewKeys(password, userId) {
  const E = await import("./envelope.js");
  const keys = await E.generateUserKeys();
  const locked = await E.lockUserKeys(keys, password, userId, 1);
  const pending = { user: userId, record: locked.record, kek: E.b64e(locked.kek) };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
}

function onSignIn(form) {
  sessionStorage.removeItem(PENDING);
  form.addEventListener("submit", () => {
    const code = form.querySelector("[name=otp_token]");
    const password = form.querySelector("[name=password]");
    if (password && password.value && !(code && code.value.trim())) {
      sessionStorage.setItem(PASSWORD, password.value);
    }
  });
}

function onEnrol(section) {
  const userId = Number(section.dataset.enrolUser);
  const form = section.querySelector("form");
  const password = take(PASSWORD);
  let ready = password ? lockNewKeys(password, userId).catch(() => {}) : Promise.resolve();
  let sending = false;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (sending) return; // a second click would post the same one-time code again
    sending = true;
    // After a reset the new password is typed here: the keys are locked with that one.
    const fresh = form.querySelector("[name=new_password]");
    const again = form.querySelector("[name=new_password_again]");
    if (fresh && fresh.value && again && fresh.value === again.value) {
      ready = lockNewKeys(fresh.value, userId).catch(() => {});
    }
    ready.then(() => form.submit());
  });
}

async function finish(pending) {
  const { Client } = await import("./client.js");
  const E = await import("./envelope.js");
  const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
  const client = new Client(headers["X-CSRFToken"]);
  const state = await client.loadState(); // refused for people without a mailbox
  if (state.user_id !== pending.user || state.user_key_version !== null) return "kept";
  await client.call("PUT", "/keys/me", pending.record);
  client.keys = await E.unlockWithKek(pending.record, E.b64d(pending.kek), client.userId);
  sessionStorage.setItem(client.storageKey(), pending.kek); // the mailbox pages open unasked
  await client.syncMailbox(); // makes the mailbox key, sealed to this person, if none exists
  return "ready";
}

function main() {
  const signIn = document.querySelector("form[data-first-sign-in]");
  const enrol = document.querySelector("[data-enrol-user]");
  if (signIn) return onSignIn(signIn);
  if (enrol) return onEnrol(enrol);
  sessionStorage.removeItem(PASSWORD);
  const pending = take(PENDING);
  if (!pending || !document.body.hasAttribute("data-idle-seconds")) return;
  const mark = (outcome) => (document.body.dataset.messageKeys = outcome);
  // A messaging page waits for this before it asks for the password (ui.js).
  globalThis.polnetFirstKeys = finish(JSON.parse(pending)).then(mark, () => mark("failed"));
}

main();
