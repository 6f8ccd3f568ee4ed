"""`polnet messages …` commands. Django is set up by the caller before a command runs.

Apart from `purge-uploads` (server housekeeping), these commands are a client: they reach a
polnet server over HTTP with an API token that has the `messages` scope, and do all
encryption and decryption on this machine. The password opens the user's keys locally and
is never sent.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from polnet.messaging.client import MessagingClient, WrongPassword, with_retries
from polnet.messaging.envelope import Attachment, Draft, EnvelopeError, Opened
from polnet.messaging.transport import ApiError, HttpTransport, Transport, TransportError

app = typer.Typer(help="End-to-end encrypted bureau messages.", no_args_is_help=True)

Url = Annotated[str, typer.Option("--url", envvar="POLNET_URL", help="The polnet server.")]
Token = Annotated[
    str, typer.Option("--token", envvar="POLNET_TOKEN", help="API token with the messages scope.")
]
NOT_FOR_COURT = "H1 - NOT FOR COURT USE without the sender's permission"
DEFAULT_URL = "http://127.0.0.1:8000"


def make_transport(url: str, token: str) -> Transport:
    """Built here so that tests can put an in-process transport in its place."""
    return HttpTransport(url, token=token or None)


def _password() -> str:
    # For scripts and tests; people are prompted, and the value never leaves this machine.
    return os.environ.get("POLNET_MESSAGES_PASSWORD") or typer.prompt(
        "Password (opens your keys here)", hide_input=True
    )


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(1)


def _client(url: str, token: str, *, unlock: bool = True) -> MessagingClient:
    client = MessagingClient(make_transport(url or DEFAULT_URL, token))
    if not unlock:
        return client
    try:
        state = with_retries(lambda: client.unlock(_password()), retries=2)
    except WrongPassword as exc:
        raise _fail(f"{exc} If your password was reset, run `polnet messages reset-keys`.") from None
    except (ApiError, TransportError) as exc:
        raise _fail(f"Cannot reach your mailbox: {exc}") from None
    if state["pending"]:
        typer.echo(
            f"{len(state['pending'])} colleague(s) wait for the mailbox key: `polnet messages grants`."
        )
    if not client.mailbox_keys:
        typer.echo("Your mailbox key has not been shared with you yet; a colleague's client will do it.")
    return client


def _status(o: Opened) -> str:
    return {"valid": "verified", "tampered": "TAMPERED", "locked": "no key"}[o.status]


def _line(m: dict[str, Any], o: Opened) -> str:
    subject = o.content["subject"] if o.content else "(cannot be shown)"
    flags = " ".join(
        f
        for f in (
            "OVERDUE" if m["overdue"] else "",
            "" if m["read"] else "new",
            m["priority"] if m["priority"] != "routine" else "",
        )
        if f
    )
    when = str(m["created_at"])[:16].replace("T", " ")
    return (
        f"{m['id']}  {when}  {m['sender_mailbox']:<12} {m['handling']}  {_status(o):<8} {flags:<14} {subject}"
    )


@app.command()
def send(
    to: Annotated[list[str], typer.Option("--to", help='"bureau:DE", "unit:12", or "all" (every bureau).')],
    subject: Annotated[str, typer.Option(help="Encrypted like the body.")],
    body: Annotated[str, typer.Option(help='The text, or "-" to read it from standard input.')] = "-",
    priority: Annotated[str, typer.Option(help="routine, urgent or flash.")] = "routine",
    handling: Annotated[
        str, typer.Option(help="H0 police use, H1 not in court, H2 not passed on, H3 other.")
    ] = "H0",
    conditions: Annotated[str, typer.Option(help="What H3 restricts.")] = "",
    source: Annotated[str, typer.Option(help="Source reliability A, B, C or X.")] = "",
    accuracy: Annotated[str, typer.Option(help="Information accuracy 1 to 4.")] = "",
    ref: Annotated[list[str], typer.Option(help='"record:person/12", "notice:2021/75051", "hit:…".')] = [],  # noqa: B006
    attach: Annotated[list[Path], typer.Option(exists=True, dir_okay=False, help="At most 10 MB each.")] = [],  # noqa: B006
    reply_by: Annotated[str, typer.Option(help="YYYY-MM-DDTHH:MM:SSZ; urgent defaults to 12 h.")] = "",
    reply_to: Annotated[str, typer.Option(help="Id of the message this answers.")] = "",
    about: Annotated[
        str,
        typer.Option(
            help='"hit:123" or "operation:7": what the message is about, sent in the clear '
            "(a reply keeps its parent's)."
        ),
    ] = "",
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Encrypt and sign a message here, then send it."""
    from polnet.messaging.subjects import split  # Django is set up only when a command runs

    if about and split(about) is None:
        raise _fail(f"Unknown subject {about!r}: use hit:<number> or operation:<number>.")
    text = sys.stdin.read() if body == "-" else body
    if (source and source not in "ABCX") or (accuracy and accuracy not in "1234"):
        raise _fail("Source is A, B, C or X; accuracy is 1 to 4.")
    refs = []
    for r in ref:
        kind, _, value = r.partition(":")
        if kind not in ("record", "notice", "hit") or not value:
            raise _fail(f"Unknown reference {r!r}: use record:…, notice:… or hit:….")
        refs.append({"kind": kind, "ref": value})
    files = []
    for path in attach:
        if path.stat().st_size > 10 * 1024 * 1024:
            raise _fail(f"{path.name} is larger than 10 MB.")
        files.append(Attachment(path.name, path.read_bytes()))
    client = _client(url, token)
    draft = Draft(
        subject=subject,
        body=text,
        to=list(to),
        priority=priority,
        handling=handling,
        handling_conditions=conditions,
        evaluation={"source": source, "accuracy": accuracy} if source or accuracy else None,
        references=refs,
        attachments=files,
        reply_by=reply_by or None,
        reference=about,
    )
    try:
        if reply_to:
            parent = client.call("GET", f"/{reply_to}")
            draft.in_reply_to, draft.thread = parent["id"], parent["thread"]
            draft.reference = draft.reference or parent.get("reference", "")
        prepared = client.prepare(draft)
        result = with_retries(lambda: client.submit(prepared))
    except (ApiError, EnvelopeError, TransportError) as exc:
        raise _fail(f"Not sent: {exc}") from None
    for address in prepared.skipped:
        typer.echo(f"Not sent to {address}: none of its members has signed in yet.", err=True)
    typer.echo(f"Sent {result['id']} to {', '.join(draft.to)}.")


@app.command()
def inbox(
    sent: Annotated[bool, typer.Option("--sent", help="Show what your mailbox sent.")] = False,
    search: Annotated[str, typer.Option(help="Search subjects and bodies (decrypted here).")] = "",
    limit: int = 50,
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """List messages, decrypted and verified on this machine."""
    client = _client(url, token)
    rows = client.search(search, limit) if search else client.box("sent" if sent else "inbox", limit)
    if not rows:
        typer.echo("No messages.")
    for m, o in rows:
        typer.echo(_line(m, o))


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", Path(name).name) or "attachment"


def _message_lines(m: dict[str, Any], h: dict[str, Any], c: dict[str, Any]) -> list[str]:
    """A read message as the terminal shows it: header lines, subject, body, attachments."""
    lines: list[str] = []
    if h["handling"] == "H1":
        lines.append(f"*** {NOT_FOR_COURT} ***")
    lines += [
        f"From:      {m['sender']} ({m['sender_mailbox_name']}), signature verified",
        f"To:        {', '.join(h['to'])}"
        + (f" (forwarded by {m['forwarded_by']})" if m["forwarded_by"] else ""),
        f"Sent:      {h['sent_at']}   Priority: {h['priority']}   Handling: {h['handling']}",
    ]
    if m["reply_by"]:
        lines.append(f"Reply by:  {m['reply_by']}" + ("   OVERDUE" if m["overdue"] else ""))
    if c.get("conditions"):
        lines.append(f"Conditions: {c['conditions']}")
    if c.get("evaluation"):
        lines.append(
            f"Evaluation: source {c['evaluation'].get('source')}, accuracy {c['evaluation'].get('accuracy')}"
        )
    for r in c.get("references", []):
        lines.append(f"Reference: {r['kind']} {r['ref']}")
    lines += [f"Subject:   {c['subject']}", "", c["body"]]
    for i, a in enumerate(c["attachments"]):
        lines.append(f"[attachment {i}] {a['name']} ({a['size']} bytes)")
    return lines


@app.command()
def read(
    message_id: str,
    save: Annotated[
        Path | None, typer.Option(help="Write the text and attachments into this folder.")
    ] = None,
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Show one message (and send a read receipt)."""
    client = _client(url, token)
    try:
        m, o = client.read(message_id)
    except ApiError as exc:
        raise _fail(str(exc)) from None
    if o.status != "valid" or o.content is None:
        raise _fail(f"This message cannot be trusted ({_status(o)}): {o.problem}")
    c, h = o.content, o.header
    text = "\n".join(_message_lines(m, h, c))
    typer.echo(text)
    if save is None:
        return
    save.mkdir(parents=True, exist_ok=True)
    marker = "H1-NOT-FOR-COURT-USE_" if h["handling"] == "H1" else ""
    (save / f"{marker}{message_id}.txt").write_text(text + "\n", encoding="utf-8")
    for i, a in enumerate(c["attachments"]):
        (save / f"{marker}{i}_{_safe_name(a['name'])}").write_bytes(client.attachment(o, message_id, i))
    typer.echo(f"Saved to {save}.")


@app.command()
def grants(
    yes: Annotated[bool, typer.Option("--yes", help="Share without asking for each colleague.")] = False,
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Share the mailbox key with colleagues who joined or reset their keys (check each fingerprint)."""
    client = _client(url, token)
    chosen = []
    for p in client.pending():
        question = f"Share the mailbox key with {p['username']} (key {p['fingerprint']})?"
        if yes or typer.confirm(question, default=False):
            chosen.append(p)
    typer.echo(f"Shared {client.share_with(chosen)} key(s)." if chosen else "Nothing shared.")


@app.command()
def forward(
    message_id: str,
    to: Annotated[list[str], typer.Option("--to")],
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Pass a message on (an H2 message only with its sender's permission)."""
    client = _client(url, token)
    try:
        client.forward(message_id, list(to))
    except (ApiError, EnvelopeError) as exc:
        raise _fail(f"Not forwarded: {exc}") from None
    typer.echo(f"Forwarded to {', '.join(to)}.")


@app.command("ask-permission")
def ask_permission(
    message_id: str, to: Annotated[str, typer.Option("--to")], url: Url = DEFAULT_URL, token: Token = ""
) -> None:
    """Ask the sender of an H2 message for permission to pass it to a third party."""
    client = _client(url, token, unlock=False)
    try:
        r = client.request_forward(message_id, to)
    except ApiError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"Request {r['id']}: {r['state']}.")


@app.command()
def permissions(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Forwarding requests to decide (as sender) and those your mailbox made."""
    data = _client(url, token, unlock=False).call("GET", "/forward-requests")
    for title, rows in (("To decide", data["to_decide"]), ("Made by your mailbox", data["made"])):
        typer.echo(f"{title}:")
        for r in rows:
            typer.echo(f"  #{r['id']} {r['message']} {r['from_mailbox']} -> {r['to_mailbox']} {r['state']}")


@app.command()
def decide(
    request_id: int,
    grant: Annotated[bool, typer.Option("--grant/--refuse")],
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Grant or refuse a request to pass on an H2 message your mailbox sent."""
    try:
        r = _client(url, token, unlock=False).decide(request_id, grant)
    except ApiError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"Request {r['id']}: {r['state']}.")


@app.command("reset-keys")
def reset_keys(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """After a lost password: make new keys; a colleague then shares the mailbox key again."""
    if not typer.confirm(
        "Make new message keys? Until a colleague shares the mailbox key, you read nothing."
    ):
        raise typer.Exit(1)
    client = _client(url, token, unlock=False)
    client.reset_keys(_password())
    typer.echo("New keys stored. Ask a colleague to run `polnet messages grants` (or open the inbox page).")


@app.command("purge-uploads")
def purge_uploads(
    hours: Annotated[int, typer.Option(min=1, help="Age of an unclaimed upload.")] = 24,
) -> None:
    """On the server: delete encrypted uploads that no message claimed (abandoned drafts)."""
    from datetime import timedelta

    from polnet.core.actor import system_actor
    from polnet.messaging.services import purge_unsent_uploads

    typer.echo(
        f"{purge_unsent_uploads(system_actor(), older_than=timedelta(hours=hours))} upload(s) deleted."
    )
