"""The operation's one messaging thread (docs/operations.md, "Messages").

Messages stay end-to-end encrypted: the server sees only their signed reference
("operation:7"), their mailboxes and their thread. Messaging calls `check` for every message
with such a reference (registered in `apps.py`), inside the sending transaction and before
anything is written; the operation's row is locked, so two first messages cannot both start
a thread.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden
from polnet.messaging import subjects
from polnet.operations import policy
from polnet.operations.models import Operation, Phase
from polnet.operations.plan.services import get_operation

KIND = "operation"


def reference(operation: Operation) -> str:
    return f"{KIND}:{operation.pk}"


def check(sending: subjects.Sending) -> None:
    """Refuse a message about an operation unless it goes between the operation's mailboxes,
    in its one thread, while it is not closed."""
    operation = get_operation(sending.actor, sending.number, for_update=True)  # 404 for outsiders
    mailboxes = policy.message_mailboxes(operation)
    if sending.sender not in mailboxes or not policy.takes_part_in_messages(sending.actor, operation):
        raise Forbidden(
            _("Only the bureaus taking part in the operation write about it; posts and observers do not."),
            code="operation_message_sender",
        )
    outsiders = sorted(set(sending.to) - mailboxes)
    if outsiders:
        raise Forbidden(
            _(
                "%(addresses)s takes no part in the operation: write only to the bureaus of its "
                "countries, and to the General Secretariat when it coordinates."
            ),
            code="operation_message_recipient",
            field="header.to",
            addresses=", ".join(outsiders),
        )
    if operation.phase == Phase.CLOSED:
        raise Conflict(
            _("The operation is closed: its messages can be read, not added to."),
            code="operation_messages_closed",
        )
    if operation.message_thread is None and sending.in_reply_to is None:
        operation.message_thread = sending.thread  # the first message starts the thread
        operation.save(update_fields=["message_thread"])
    elif str(operation.message_thread) != sending.thread or sending.in_reply_to is None:
        raise Conflict(
            _("The operation's messages are one thread: reply to a message in it."),
            code="operation_thread",
            field="header.thread",
        )


def label(actor: Actor, numbers: set[int]) -> dict[int, subjects.Label]:
    """The code names of the operations the actor may see, one query."""
    rows = policy.visible_operations(actor).filter(pk__in=numbers).values_list("pk", "code_name")
    return {pk: subjects.Label(name, f"/operations/{pk}/") for pk, name in rows}


def register() -> None:
    subjects.register(KIND, check, label)


def compose_url(operation: Operation, sender: str, reply_to: str | None) -> str:
    """The compose page addressed to every mailbox of the operation but the sender's, about it,
    and in its thread when there is one."""
    query: list[tuple[str, str]] = [("to", a) for a in sorted(policy.message_mailboxes(operation) - {sender})]
    query.append(("ref", reference(operation)))
    if reply_to:
        query.append(("reply", reply_to))
    return "/messages/compose/?" + urlencode(query)
