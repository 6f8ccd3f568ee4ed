"""A notice's history: the one module that writes and reads its steps (`NoticeEvent`).

Every act on a notice or diffusion (created, changed, submitted, published, an image added,
a public extract requested or decided, ...) leaves one step and its audit entry, in the
act's own transaction. The services, the workflow and the images write through
`record_event`; the pages and the API read through `read_history`, the command line's
metadata listing through `steps`.
"""

from __future__ import annotations

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.notices.models import Notice, NoticeEvent
from polnet.notices.reading import get_notice, object_type, require_read_details


def record_event(actor: Actor, notice: Notice, act: str, before: str, reason: str = "") -> NoticeEvent:
    """One history step and its audit entry, in the caller's transaction."""
    event = NoticeEvent.objects.create(
        notice=notice,
        act=act,
        from_state=before,
        to_state=notice.state,
        user_id=actor.user_id,
        actor_name=actor.username,
        affiliation=actor.affiliation,
        reason=reason.strip(),
    )
    # The reason stays in the notice's history; the log keeps what happened, not what was said.
    audit.log(
        actor,
        act,
        object_type(notice),
        notice.pk,
        detail={
            "kind": notice.kind,
            "from": before,
            "to": notice.state,
            "reason_given": bool(reason.strip()),
        },
    )
    return event


# Steps only the source and the secretariat see: addenda before they are shown (and refused
# ones), which countries hold reservations, a request made from a diffusion (a draft).
INSIDE_ACTS = frozenset(
    {
        "addendum_submit",
        "addendum_first_approval",
        "addendum_refuse",
        "reservation",
        "reservation_lift",
        "to_request",
    }
)


def steps(notice: Notice) -> list[NoticeEvent]:
    """The notice's steps, oldest first, for whoever already may read them."""
    return list(notice.events.order_by("at", "id"))


def read_history(actor: Actor, pk: int) -> tuple[Notice, list[NoticeEvent], bool]:
    """The notice's steps, and whether the actor may read the reasons (source and secretariat)."""
    require_read_details(actor)
    notice = get_notice(actor, pk)
    insider = actor.country is None or actor.country == (notice.owner_country_id or None)
    shown = [e for e in steps(notice) if insider or e.act not in INSIDE_ACTS]
    return notice, shown, insider
