// Inbox and sent box: decrypted and verified here, searchable here, updated without reloading.

import { T, fail, h, handlingBadge, mailboxName, root, say, start, statusBadge, watch, when } from "./ui.js";

const box = root.dataset.box;
const client = await start();
const book = await client.directory().catch(() => null);
const opened = new Map(); // message id -> opened envelope (never changes)
let rows = [];

function receipts(m) {
  const n = m.deliveries.length;
  const delivered = m.deliveries.filter((d) => d.delivered_at).length;
  const read = m.deliveries.filter((d) => d.read_at).length;
  return `${T.delivered} ${delivered}/${n} · ${T.read} ${read}/${n}`;
}

// The reference as the sender signed it (the server's copy is for finding, not for showing).
const signedRef = (o) => (o.status === "valid" && o.header.ref) || "";

// An operation's code name, linked, for a reader who may see it (the server names it only then).
function referenceOf(m, o) {
  const ref = signedRef(o);
  if (!ref) return "";
  if (m.reference === ref && m.reference_label) {
    return h("small", { class: "reference" }, " ", h("a", { href: m.reference_url }, m.reference_label));
  }
  return h("small", { class: "reference" }, ` ${ref}`);
}

function row({ m, o }) {
  const subject = o.content ? o.content.subject || T.no_subject : T[o.status];
  const who = box === "sent" ? o.header.to?.map((a) => mailboxName(book, a)).join(", ") : `${m.sender_mailbox_name} (${m.sender})`;
  const classes = [m.read ? "" : "unread", m.overdue ? "overdue" : "", `priority-${m.priority}`, `status-${o.status}`];
  return h(
    "tr",
    { class: classes.filter(Boolean).join(" "), id: `m-${m.id}` },
    h("td", {}, statusBadge(o), m.read ? "" : h("span", { class: "badge new" }, T.new)),
    h("td", {}, who || ""),
    h("td", {}, h("a", { href: `/messages/thread/${m.thread}/#m-${m.id}` }, subject), referenceOf(m, o)),
    h("td", {}, T[m.priority]),
    h("td", {}, handlingBadge(m.handling), m.handling === "H1" ? h("small", { class: "court" }, T.not_for_court) : ""),
    h("td", {}, when(m.created_at)),
    h("td", {}, when(m.reply_by), m.overdue ? h("strong", { class: "badge overdue" }, T.overdue) : ""),
    box === "sent" ? h("td", {}, receipts(m)) : null,
  );
}

function render() {
  const needle = document.getElementById("search").value.trim().toLocaleLowerCase();
  const shown = needle
    ? rows.filter(({ o }) => o.content && `${o.content.subject}\n${o.content.body}`.toLocaleLowerCase().includes(needle))
    : rows;
  document.getElementById("rows").replaceChildren(...shown.map(row));
  const empty = document.getElementById("empty");
  empty.hidden = shown.length > 0;
  empty.textContent = needle ? T.search_none : T.no_messages;
}

async function load() {
  const list = await client.call("GET", `/${box}?limit=200`);
  const next = [];
  for (const m of list) {
    if (!opened.has(m.id) || opened.get(m.id).status === "locked") opened.set(m.id, await client.open(m));
    next.push({ m, o: opened.get(m.id) });
  }
  rows = next;
  render();
}

document.getElementById("search").addEventListener("input", render);
document.getElementById("search-form").addEventListener("submit", (ev) => ev.preventDefault());
try {
  await load();
} catch (e) {
  fail(e);
}
watch(client, async () => {
  await load();
  say(T.arrived);
});
