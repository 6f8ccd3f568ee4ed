// Requests to pass on H2 messages: decided by the sending mailbox, listed for the asking one.

import { T, fail, h, handlingBadge, start, when } from "./ui.js";

const client = await start();
const subjects = new Map();

async function subjectOf(r) {
  if (!subjects.has(r.message)) {
    try {
      const o = await client.open(await client.call("GET", `/${r.message}`));
      subjects.set(r.message, o.content ? o.content.subject : T[o.status]);
    } catch {
      subjects.set(r.message, r.message);
    }
  }
  return subjects.get(r.message);
}

async function row(r, decide) {
  const actions = h("td", {});
  if (decide && r.state === "pending") {
    for (const grant of [true, false]) {
      actions.append(h("button", { type: "button", class: grant ? "grant" : "refuse", onclick: async () => {
        try {
          await client.decide(r.id, grant);
          await load();
        } catch (e) {
          fail(e);
        }
      } }, grant ? T.grant : T.refuse), " ");
    }
  }
  return h("tr", { id: `req-${r.id}` },
    h("td", {}, h("a", { href: `/messages/thread/${r.thread}/#m-${r.message}` }, await subjectOf(r)), " ", handlingBadge(r.handling)),
    h("td", {}, r.from_mailbox, " → ", r.to_mailbox),
    h("td", {}, r.requested_by, " · ", when(r.requested_at)),
    h("td", { class: `state-${r.state}` }, T[r.state] || r.state),
    actions);
}

async function load() {
  const data = await client.call("GET", "/forward-requests");
  const fill = async (id, items, decide) => {
    const rows = [];
    for (const r of items) rows.push(await row(r, decide));
    document.getElementById(id).replaceChildren(...rows);
  };
  await fill("to-decide", data.to_decide, true);
  await fill("made", data.made, false);
}

try {
  await load();
} catch (e) {
  fail(e);
}
