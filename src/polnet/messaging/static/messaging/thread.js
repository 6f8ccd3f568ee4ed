// A thread: each message verified and decrypted here; receipts, reply, forwarding.

import { T, fail, h, handlingBadge, mailboxName, root, say, start, statusBadge, watch, when } from "./ui.js";

const threadId = root.dataset.thread;
const client = await start();
const book = await client.directory().catch(() => null);

function safeName(name, handling) {
  const base = (name || "attachment").replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "_");
  return handling === "H1" ? `H1-NOT-FOR-COURT-USE_${base}` : base;
}

async function download(m, o, index) {
  try {
    const data = await client.attachment(o, m.id, index);
    const meta = o.content.attachments[index];
    const url = URL.createObjectURL(new Blob([data], { type: meta.type || "application/octet-stream" }));
    const a = h("a", { href: url, download: safeName(meta.name, o.header.handling) });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    fail(e);
  }
}

// The thread re-renders when something changes; what the user chose and was told
// in a forwarding box must survive that, or a status message vanishes under them.
const boxState = new Map();

function forwardBox(m, o) {
  const targets = book ? [...book.values()].filter((e) => e.key && e.address !== client.address) : [];
  const select = h("select", { id: `fwd-${m.id}`, "aria-label": T.forward_to },
    targets.map((e) => h("option", { value: e.address }, e.name)));
  const status = h("span", { role: "status" });
  status.id = `fwd-status-${m.id}`;
  const kept = boxState.get(m.id);
  if (kept) {
    select.value = kept.target;
    status.textContent = kept.text;
  }
  select.addEventListener("change", () => boxState.set(m.id, { target: select.value, text: status.textContent }));
  // The answer may arrive after a re-render: write it to the box now on the page.
  const tell = (text) => {
    boxState.set(m.id, { target: select.value, text });
    (document.getElementById(status.id) || status).textContent = text;
  };
  const forward = h("button", { type: "button", class: "forward" }, T.forward);
  forward.addEventListener("click", async () => {
    try {
      await client.forward(m, o, [select.value]);
      tell(T.forwarded);
    } catch (e) {
      tell(e.status === 403 && m.handling === "H2" ? T.h2_blocked : `${T.error} ${e.message}`);
    }
  });
  const parts = [h("label", { for: `fwd-${m.id}` }, T.forward_to), select, forward];
  if (m.handling === "H2" && m.role !== "sender") {
    const ask = h("button", { type: "button", class: "ask" }, T.ask_permission);
    ask.addEventListener("click", async () => {
      try {
        await client.requestForward(m.id, select.value);
        tell(T.requested);
      } catch (e) {
        tell(`${T.error} ${e.message}`);
      }
    });
    parts.push(ask, h("p", { class: "hint" }, T.h2_blocked));
  }
  return h("div", { class: "forward-box" }, ...parts, status);
}

// The reference is a pointer in the clear ("hit:123", "operation:7"); the page it opens applies
// its own rules. The server names an operation (its code name) only for a reader who may see it.
function referenceLink(ref, m) {
  const hit = /^hit:(\d+)$/.exec(ref);
  if (hit) return h("a", { href: `/check/hits/${hit[1]}/report/`, class: "reference" }, ref);
  if (m.reference === ref && m.reference_label) return h("a", { href: m.reference_url, class: "reference" }, m.reference_label);
  return ref;
}

function card(m, o) {
  const hd = o.header || {};
  const c = o.content;
  const facts = [
    [T.from, `${m.sender_mailbox_name} (${m.sender})`],
    [T.to, (hd.to || []).map((a) => mailboxName(book, a)).join(", ")],
    [T.sent_at, when(m.created_at)],
    [T.priority, T[m.priority]],
    [T.handling, T[m.handling]],
  ];
  if (o.status === "valid" && hd.ref) facts.push([T.reference, referenceLink(hd.ref, m)]); // as signed
  if (m.forwarded_by) facts.push([T.forwarded_by, `${m.forwarded_by} (${mailboxName(book, m.forwarded_from)})`]);
  if (m.reply_by) facts.push([T.reply_by, when(m.reply_by) + (m.overdue ? ` · ${T.overdue}` : "")]);
  if (c && c.evaluation) facts.push([T.source, c.evaluation.source || "–"], [T.accuracy, c.evaluation.accuracy || "–"]);
  if (c && c.conditions) facts.push([T.conditions, c.conditions]);
  const article = h(
    "article",
    { class: `message status-${o.status}${m.overdue ? " overdue" : ""}`, id: `m-${m.id}` },
    h("header", {}, statusBadge(o), " ", handlingBadge(m.handling), " ", h("h2", {}, c ? c.subject || T.no_subject : T[o.status])),
    m.handling === "H1" ? h("p", { class: "court", role: "note" }, T.not_for_court) : null,
    h("dl", { class: "facts" }, facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
  );
  if (!c) {
    article.append(h("p", { class: "error" }, o.problem));
    return article;
  }
  article.append(h("div", { class: "body" }, c.body));
  if (c.references && c.references.length) {
    article.append(h("h3", {}, T.references), h("ul", {}, c.references.map((r) => h("li", {},
      r.kind === "record" && /^[a-z]+\/\d+$/.test(r.ref) ? h("a", { href: `/records/${r.ref}/` }, `${r.kind} ${r.ref}`) : `${r.kind} ${r.ref}`))));
  }
  if (c.attachments.length) {
    article.append(h("h3", {}, T.attachments), h("ul", {}, c.attachments.map((a, i) => h("li", {}, `${a.name} (${a.size} B) `,
      h("button", { type: "button", class: "download", onclick: () => download(m, o, i) }, T.download)))));
  }
  if (m.role === "sender" && m.deliveries.length) {
    article.append(h("table", { class: "receipts" }, h("tbody", {}, m.deliveries.map((d) => h("tr", { class: d.overdue ? "overdue" : "" },
      h("td", {}, d.name), h("td", {}, `${T.delivered}: ${d.delivered_at ? when(d.delivered_at) : T.not_yet}`),
      h("td", {}, `${T.read}: ${d.read_at ? when(d.read_at) : T.not_yet}`),
      h("td", {}, d.replied_at ? `${T.replied}: ${when(d.replied_at)}` : d.overdue ? T.overdue : "")))))); 
  }
  article.append(h("p", { class: "actions" }, h("a", { class: "button", href: `/messages/compose/?reply=${m.id}` }, T.reply)), forwardBox(m, o));
  return article;
}

async function load() {
  const messages = await client.call("GET", `/threads/${threadId}`);
  const cards = [];
  let subject = "";
  for (const m of messages) {
    const o = await client.open(m);
    if (!subject && o.content) subject = o.content.subject;
    cards.push(card(m, o));
    if (o.status === "valid" && m.role === "recipient" && !m.read) client.markRead(m.id).catch(fail);
  }
  document.getElementById("thread-subject").textContent = subject || T.no_subject;
  document.getElementById("thread").replaceChildren(...(cards.length ? cards : [h("p", {}, T.no_messages)]));
}

try {
  await load();
} catch (e) {
  fail(e);
}
watch(client, async () => {
  await load();
  say(T.arrived);
});
