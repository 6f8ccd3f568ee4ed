"""What waits in the reader's mailbox, for the header and the home page: unread messages,
and how many of them are urgent or flash. Counted per person, as the mailbox page does."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden
from polnet.messaging.mailboxes import mailbox_for, place_of
from polnet.messaging.models import Delivery, DeliveryAck, Priority

PRESSING = (Priority.URGENT, Priority.FLASH)


@dataclass(frozen=True)
class MailboxAlerts:
    unread: int = 0
    urgent: int = 0  # of the unread: urgent or flash
    has_mailbox: bool = False  # False: nobody has set up the mailbox key yet


def mailbox_alerts(actor: Actor) -> MailboxAlerts:
    """The reader's unread and urgent messages; nothing for those who have no mailbox."""
    if actor.user_id is None:
        return MailboxAlerts()
    try:
        place = place_of(actor)
    except Forbidden:
        return MailboxAlerts()
    mailbox = mailbox_for(place)
    if mailbox is None:
        return MailboxAlerts()
    read = DeliveryAck.objects.filter(delivery=OuterRef("pk"), user_id=actor.user_id, read_at__isnull=False)
    unread = Delivery.objects.filter(mailbox=mailbox).exclude(Exists(read))
    return MailboxAlerts(
        unread=unread.count(),
        urgent=unread.filter(message__priority__in=PRESSING).count(),
        has_mailbox=True,
    )
