// Compose: sealed and signed here; attachments encrypted here before upload.

import { T, fail, h, mailboxName, root, start } from "./ui.js";

const MAX = 10 * 1024 * 1024;
const DEFAULT_HOURS = { urgent: 12, flash: 2 };
const client = await start();
const form = document.getElementById("compose");
const status = document.getElementById("compose-status");
const book = await client.directory();
let prepared = null; // kept across a failed submit: a retry sends the same message once

const recipients = document.getElementById("recipients");
for (const e of book.values()) {
  if (e.address === client.address) continue;
  const id = `to-${e.address.replace(":", "-")}`;
  recipients.append(h("label", { class: e.key ? "" : "disabled" },
    h("input", { type: "checkbox", name: "to", value: e.address, id, disabled: !e.key }), ` ${e.name}`,
    e.key ? "" : h("small", {}, ` — ${T.cannot_receive}`)));
}

function localInput(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

form.priority.addEventListener("change", () => {
  const hours = DEFAULT_HOURS[form.priority.value];
  form.reply_by.value = hours ? localInput(new Date(Date.now() + hours * 3600 * 1000)) : "";
});
form.handling.addEventListener("change", () => {
  document.getElementById("conditions-row").hidden = form.handling.value !== "H3";
});
form.addEventListener("input", () => (prepared = null));

// Opened from another page (a hit report, an operation): the recipients chosen (space
// separated) and the reference given.
const reference = document.getElementById("reference");
const offered = (root.dataset.to || "").split(" ").filter(Boolean);
for (const address of offered) {
  const box = form.querySelector(`input[name=to][value="${CSS.escape(address)}"]`);
  if (box && !box.disabled) box.checked = true;
}

const replyTo = root.dataset.replyTo;
let parent = null;
if (replyTo) {
  try {
    parent = await client.call("GET", `/${replyTo}`);
    const o = await client.open(parent);
    if (!offered.length) { // a plain reply answers the other side; an operation's names its bureaus
      const box = form.querySelector(`input[value="${CSS.escape(parent.role === "sender" ? (o.header.to || [])[0] : parent.sender_mailbox)}"]`);
      if (box) box.checked = true;
    }
    if (o.content) form.subject.value = o.content.subject.startsWith("Re:") ? o.content.subject : `Re: ${o.content.subject}`;
    if (parent.reference && !reference.value) {
      reference.value = parent.reference; // a reply keeps the thread's reference
      document.getElementById("reference-row").hidden = false;
    }
  } catch (e) {
    fail(e);
  }
}

async function draft() {
  const to = [...form.querySelectorAll("input[name=to]:checked")].map((i) => i.value);
  if (form.to_all.checked) to.push("all");
  if (!to.length) throw new Error(T.choose_recipient);
  const attachments = [];
  for (const f of form.attachments.files) {
    if (f.size > MAX) throw new Error(`${f.name} ${T.too_large}`);
    attachments.push({ name: f.name, type: f.type, data: new Uint8Array(await f.arrayBuffer()) });
  }
  const references = form.references.value.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
    const [kind, ...rest] = l.split(":");
    return ["record", "notice", "hit"].includes(kind) && rest.length ? { kind, ref: rest.join(":") } : { kind: "other", ref: l };
  });
  const source = form.source.value;
  const accuracy = form.accuracy.value;
  return {
    to,
    subject: form.subject.value,
    body: form.body.value,
    priority: form.priority.value,
    handling: form.handling.value,
    conditions: form.handling.value === "H3" ? form.conditions.value : "",
    evaluation: source || accuracy ? { source, accuracy } : null,
    references,
    attachments,
    replyBy: form.reply_by.value ? new Date(form.reply_by.value).toISOString().replace(/\.\d{3}Z$/, "Z") : null,
    inReplyTo: parent ? parent.id : null,
    thread: parent ? parent.thread : null,
    reference: reference.value,
  };
}

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  status.textContent = T.sending;
  try {
    prepared = prepared || (await client.prepare(await draft()));
    const sent = await client.submit(prepared);
    window.location.assign(`/messages/thread/${sent.thread}/#m-${sent.id}`);
  } catch (e) {
    const missing = (e.data && e.data.missing) || [];
    const why = missing.length
      ? missing.map((a) => T.cannot_receive_named.replace("%(name)s", mailboxName(book, a))).join(" ")
      : e.message;
    status.textContent = `${T.send_failed} ${why}`;
    button.textContent = T.retry;
    button.disabled = false;
  }
});
