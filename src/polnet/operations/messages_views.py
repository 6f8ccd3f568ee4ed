"""The operation's messages page: its thread as the reader's mailbox sees it (the content is
encrypted: each row links to the messaging page where the browser opens it), and the button
that writes to every other bureau of the operation, in the thread."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from polnet.core.actor import Actor
from polnet.core.errors import NotFound, PolnetError
from polnet.messaging import delivery
from polnet.messaging.services import my_mailbox
from polnet.network.web import actor_required
from polnet.operations import messages, policy, tabs
from polnet.operations.models import Operation
from polnet.operations.plan.services import get_operation


def _priorities() -> dict[str, str]:
    return {
        "routine": pgettext("messaging", "Routine"),
        "urgent": pgettext("messaging", "Urgent"),
        "flash": pgettext("messaging", "Flash"),
    }


def panel(actor: Actor, op: Operation) -> dict[str, Any]:
    """The thread as the reader's mailbox sees it, and where to write; for a coordinator or a
    participating bureau only (`policy.takes_part_in_messages`)."""
    rows: list[dict[str, Any]] = []
    problem, sender = None, ""
    try:
        place, _mailbox = my_mailbox(actor)
        sender = place.address
        if op.message_thread is not None:
            rows = delivery.thread(actor, str(op.message_thread))
    except PolnetError as exc:  # a mailbox without a key yet: the inbox sets it up
        problem = exc.message
    priorities = _priorities()
    for r in rows:
        r["priority_label"] = priorities.get(r["priority"], r["priority"])
    # A bureau that joined after the thread began writes once a message of it reaches it.
    waiting = op.message_thread is not None and not rows
    open_ = policy.may_write_messages(actor, op)
    may_write = open_ and problem is None and not waiting
    return {
        "rows": rows,
        "problem": problem,
        "waiting": waiting,
        "closed": not open_,
        "compose_url": messages.compose_url(op, sender, rows[-1]["id"] if rows else None)
        if may_write
        else "",
    }


@actor_required
@require_GET
def operation_messages(request: HttpRequest, actor: Actor, operation_id: int) -> HttpResponse:
    op = get_operation(actor, operation_id)
    if not policy.takes_part_in_messages(actor, op):  # posts and observers have no mailbox in it
        raise NotFound(_("No such operation."), code="operation_not_found")
    return render(
        request,
        "operations/messages.html",
        {"actor": actor, "op": op, "tabs": tabs.tabs_for(actor, op, "messages"), **panel(actor, op)},
    )
