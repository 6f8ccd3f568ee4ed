"""Messaging pages. The server renders only the frame: every message is fetched as ciphertext
and opened by the page's scripts, in the browser, with keys the server never sees."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, pgettext

from polnet.core.actor import Actor
from polnet.messaging import validation
from polnet.messaging.mailboxes import ADDRESS, place_of
from polnet.network.web import actor_required


def strings() -> dict[str, str]:
    """Everything the scripts show, translated here (the scripts hold no user-visible text)."""
    return {
        "unlock_failed": pgettext("messaging", "This password does not open your message keys."),
        "unlocking": pgettext("messaging", "Opening your keys…"),
        "making_keys": pgettext("messaging", "Making your message keys…"),
        "waiting_grant": pgettext(
            "messaging",
            "Your mailbox key has not been shared with you yet. "
            "It will be when a colleague next opens the mailbox.",
        ),
        "share": pgettext("messaging", "Share the mailbox key"),
        "shared": pgettext("messaging", "Shared."),
        "fingerprint": pgettext("messaging", "Key fingerprint"),
        "valid": pgettext("messaging", "Signature verified"),
        "tampered": pgettext("messaging", "Altered or forged: not shown"),
        "locked": pgettext("messaging", "No key in your mailbox opens this message"),
        "not_for_court": pgettext("messaging", "H1: not for court use without the sender's permission"),
        "overdue": pgettext("messaging", "Overdue"),
        "reply_by": pgettext("messaging", "Reply by"),
        "delivered": pgettext("messaging", "Delivered"),
        "read": pgettext("messaging", "Read"),
        "replied": pgettext("messaging", "Answered"),
        "not_yet": pgettext("messaging", "not yet"),
        "new": pgettext("messaging", "New"),
        "from": pgettext("messaging", "From"),
        "to": pgettext("messaging", "To"),
        "sent_at": pgettext("when a message was sent", "Sent"),
        "priority": pgettext("messaging", "Priority"),
        "handling": pgettext("messaging", "Handling"),
        "routine": pgettext("messaging", "Routine"),
        "urgent": pgettext("messaging", "Urgent"),
        "flash": pgettext("messaging", "Flash"),
        "H0": pgettext("messaging", "H0: police use only"),
        "H1": pgettext("messaging", "H1: not for court use without permission"),
        "H2": pgettext("messaging", "H2: not to be passed on without permission"),
        "H3": pgettext("messaging", "H3: other restrictions"),
        "conditions": pgettext("messaging", "Conditions"),
        "source": pgettext("messaging", "Source reliability"),
        "accuracy": pgettext("messaging", "Information accuracy"),
        "references": pgettext("messaging", "References"),
        "reference": pgettext("messaging", "About"),
        "attachments": pgettext("messaging", "Attachments"),
        "download": pgettext("messaging", "Download"),
        "reply": pgettext("messaging", "Reply"),
        "forward": pgettext("messaging", "Forward"),
        "forward_to": pgettext("messaging", "Forward to"),
        "forwarded_by": pgettext("messaging", "Forwarded by"),
        "ask_permission": pgettext("messaging", "Ask the sender for permission"),
        "requested": pgettext("messaging", "Permission requested."),
        "forwarded": pgettext("messaging", "Forwarded."),
        "h2_blocked": pgettext(
            "messaging", "H2: passing this on to a third party needs the sender's permission."
        ),
        "no_messages": pgettext("messaging", "No messages."),
        "arrived": pgettext("messaging", "New messages arrived."),
        "sending": pgettext("messaging", "Sending…"),
        "send_failed": pgettext("messaging", "Not sent:"),
        "retry": pgettext("messaging", "Try again"),
        "too_large": pgettext("messaging", "is larger than 10 MB."),
        "cannot_receive": pgettext("messaging", "cannot receive yet: none of its members has signed in."),
        "cannot_receive_named": gettext("%(name)s cannot receive yet: none of its members has signed in."),
        "choose_recipient": pgettext("messaging", "Choose at least one recipient."),
        "pending": pgettext("messaging", "Pending"),
        "granted": pgettext("messaging", "Granted"),
        "refused": pgettext("messaging", "Refused"),
        "used": pgettext("messaging", "Used"),
        "grant": pgettext("messaging", "Grant"),
        "refuse": pgettext("messaging", "Refuse"),
        "error": pgettext("messaging", "Something went wrong:"),
        "all_bureaus": pgettext("messaging", "All bureaus"),
        "no_subject": pgettext("messaging", "(no subject)"),
        "search_none": pgettext("messaging", "Nothing found."),
        "new_keys_confirm": pgettext(
            "messaging", "Make new keys? Until a colleague shares the mailbox key again, you read nothing."
        ),
    }


def _page(request: HttpRequest, actor: Actor, template: str, **context: Any) -> HttpResponse:
    place = place_of(actor)  # machine accounts and those without a mailbox: an error page
    return render(request, template, {"actor": actor, "place": place, "strings": strings(), **context})


@actor_required
def inbox(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _page(request, actor, "messaging/inbox.html", box="inbox")


@actor_required
def sent(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _page(request, actor, "messaging/inbox.html", box="sent")


@actor_required
def thread(request: HttpRequest, actor: Actor, thread_id: UUID) -> HttpResponse:
    return _page(request, actor, "messaging/thread.html", thread_id=str(thread_id))


@actor_required
def compose(request: HttpRequest, actor: Actor) -> HttpResponse:
    reply_to = request.GET.get("reply", "")
    try:
        reply_to = str(UUID(reply_to)) if reply_to else ""
    except ValueError:
        reply_to = ""
    # Opened from a hit report (its counterpart bureau and the hit) or an operation (its
    # bureaus and the operation). Only offered: each recipient still needs a key, and the
    # reference is checked again when sent.
    to = [a for a in request.GET.getlist("to")[: validation.MAX_RECIPIENTS] if ADDRESS.match(a)]
    ref = request.GET.get("ref", "")
    return _page(
        request,
        actor,
        "messaging/compose.html",
        reply_to=reply_to,
        to=" ".join(to),
        reference=ref if validation.is_reference(ref) else "",
    )


@actor_required
def forwarding(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _page(request, actor, "messaging/forwarding.html")
