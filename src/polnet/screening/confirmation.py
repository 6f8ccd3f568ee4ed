"""The owner's answer to a hit, its deadline, and the escalation of overdue hits.

A hit starts `reported`. The owner bureau's officers (the secretariat's reviewers for a
notice of the secretariat) answer `confirmed` or `not_same`; the unit or officer that had
the hit, or its bureau, may withdraw it while it waits. Each answer is one conditional
UPDATE (`state = reported` in its WHERE): of two answers at once one wins and the other is
told the hit was already answered (409), whatever the database. The owner has until
`due_at` (the hit's time plus its bureau's deadline for the action); a hit still waiting
then is escalated once to the secretariat's queue. Every act tells its parties through
`polnet.notifications` once it has committed (`notifications/kinds.py` lists the kinds).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actions import deadline, is_urgent
from polnet.core.actor import Actor, system_actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.policy import SECRETARIAT_READERS
from polnet.network.models import Bureau
from polnet.notifications.services import SECRETARIAT, Recipient, notify
from polnet.screening.hit_policy import answers_for_owner, hit_visible, may_withdraw
from polnet.screening.models import Hit, HitState

OWNER_ANSWERS = frozenset({HitState.CONFIRMED, HitState.NOT_SAME})
REASON_MAX = 2000


# ---- who may answer --------------------------------------------------------------------------


def may_answer(actor: Actor, hit: Hit, state: str) -> bool:
    return may_withdraw(actor, hit) if state == HitState.WITHDRAWN else answers_for_owner(actor, hit)


def is_overdue(hit: Hit, now: datetime | None = None) -> bool:
    """Still waiting for the owner after its deadline (a hit from before deadlines never is)."""
    return hit.state == HitState.REPORTED and hit.due_at is not None and hit.due_at < (now or timezone.now())


# ---- the answer ------------------------------------------------------------------------------


def answer_hit(
    actor: Actor, hit_id: int, state: str, reason: str = "", *, now: datetime | None = None
) -> Hit:
    """Confirm a hit, say it is not the same, or withdraw it; refused once it was answered."""
    hit = Hit.objects.filter(pk=hit_id).first()
    if hit is None or not hit_visible(actor, hit):
        raise NotFound(_("There is no such hit, or it is not shared with you."), code="hit_not_found")
    if state not in (*OWNER_ANSWERS, HitState.WITHDRAWN):
        raise InvalidInput(
            _("Answer confirmed, not the same, or withdrawn."), code="hit_state_unknown", field="state"
        )
    if not may_answer(actor, hit, state):
        if state == HitState.WITHDRAWN:
            raise Forbidden(
                _("Only the side that had the hit may withdraw it."), code="hit_withdraw_not_yours"
            )
        raise Forbidden(_("Only the owner bureau confirms a hit."), code="hit_answer_not_owner")
    reason = reason.strip()
    if state != HitState.CONFIRMED and not reason:
        raise InvalidInput(_("Give the reason."), code="hit_answer_reason_required", field="reason")
    at = now or timezone.now()
    with transaction.atomic():
        won = Hit.objects.filter(pk=hit.pk, state=HitState.REPORTED).update(
            state=state, state_reason=reason[:REASON_MAX], state_by_id=actor.user_id, state_at=at
        )
        if not won:
            raise Conflict(
                _("This hit was already answered; the page now shows the answer."),
                code="hit_already_answered",
            )
        audit.log(actor, audit.Action.UPDATE, "hit", hit.pk, detail={"state": state})
        hit.refresh_from_db()
        _tell_answer(hit)
    return hit


def _bureaus(countries: Iterable[str | None]) -> dict[str, int]:
    codes = {c for c in countries if c}
    return dict(Bureau.objects.filter(country_id__in=codes).values_list("country_id", "pk"))


def _owner(hit: Hit, bureaus: dict[str, int]) -> Recipient | None:
    if hit.owner_country_id is None:
        return SECRETARIAT
    bureau = bureaus.get(hit.owner_country_id)
    return None if bureau is None else Recipient(bureau_id=bureau)


def _screening_side(hit: Hit, bureaus: dict[str, int]) -> list[Recipient]:
    side = []
    if hit.screening_country_id in bureaus:
        side.append(Recipient(bureau_id=bureaus[hit.screening_country_id]))
    if hit.unit_id is not None:
        side.append(Recipient(unit_id=hit.unit_id))
    return side


def _params(hit: Hit) -> dict[str, object]:
    """What the notification's wording needs: never a name, nor anything of the record."""
    return {
        "kind": hit.kind,
        "action": hit.action,
        "owner_country": hit.owner_country_id or "",
        "screening_country": hit.screening_country_id or "",
        "due_at": hit.due_at.isoformat() if hit.due_at else "",
    }


def _tell_answer(hit: Hit) -> None:
    bureaus = _bureaus([hit.owner_country_id, hit.screening_country_id])
    recipients = _screening_side(hit, bureaus)
    owner = _owner(hit, bureaus)
    if hit.state == HitState.WITHDRAWN and owner is not None:
        recipients.append(owner)
    notify(recipients, f"hit_{hit.state}", "hit", hit.pk, params={**_params(hit), "state": hit.state})


# ---- new hits and their deadline --------------------------------------------------------------


def due_at(hit: Hit, bureau: Bureau | None) -> datetime:
    """The hit's time plus the owner bureau's deadline for its action (the defaults for the
    secretariat's notices, or for an owner without a bureau)."""
    if bureau is None:
        return hit.at + deadline(hit.action)
    hours = {"urgent_hours": bureau.confirm_urgent_hours, "other_hours": bureau.confirm_other_hours}
    return hit.at + deadline(hit.action, **hours)


def hits_recorded(hits: Sequence[Hit]) -> None:
    """Set the deadline of hits just written and tell each owner; inside the transaction that
    wrote them, so the notification goes out only if they are kept."""
    hits = [h for h in hits if h.pk is not None]  # a row already there (a resumed list) is not new
    if not hits:
        return
    owners = {h.owner_country_id for h in hits if h.owner_country_id}
    bureaus = {b.country_id: b for b in Bureau.objects.filter(country_id__in=owners)}
    for h in hits:
        h.due_at = due_at(h, bureaus.get(h.owner_country_id or ""))
    Hit.objects.bulk_update(hits, ["due_at"])
    ids = {code: b.pk for code, b in bureaus.items()}
    for h in hits:
        owner = _owner(h, ids)
        if owner is not None:
            notify([owner], "hit_new", "hit", h.pk, params=_params(h), urgent=is_urgent(h.action))


# ---- overdue hits ----------------------------------------------------------------------------


def escalate_overdue(*, now: datetime | None = None, limit: int = 500) -> int:
    """Mark the hits still waiting after their deadline as escalated and tell the secretariat,
    the owner and the screening bureau; each hit once, even with two workers at it. How many."""
    at = now or timezone.now()
    due = Hit.objects.filter(
        state=HitState.REPORTED, due_at__isnull=False, due_at__lt=at, escalated_at__isnull=True
    ).order_by("due_at", "id")
    escalated = 0
    job = system_actor("job")
    for hit in due[:limit]:
        with transaction.atomic():
            marked = Hit.objects.filter(pk=hit.pk, state=HitState.REPORTED, escalated_at__isnull=True).update(
                escalated_at=at
            )
            if not marked:  # answered, or escalated by another worker, meanwhile
                continue
            audit.log(job, audit.Action.UPDATE, "hit", hit.pk, detail={"escalated": True})
            bureaus = _bureaus([hit.owner_country_id, hit.screening_country_id])
            recipients = [SECRETARIAT, *_screening_side(hit, bureaus)]
            owner = _owner(hit, bureaus)
            if owner is not None:
                recipients.insert(1, owner)
            notify(recipients, "hit_overdue", "hit", hit.pk, params=_params(hit), urgent=True)
        escalated += 1
    return escalated


def reads_overdue_queue(actor: Actor) -> bool:
    return actor.country is None and actor.role in SECRETARIAT_READERS


def overdue_queue(actor: Actor) -> QuerySet[Hit]:
    """The secretariat's queue: escalated hits the owner has still not answered, oldest first."""
    if not reads_overdue_queue(actor):
        raise Forbidden(
            _("Only the General Secretariat reads the queue of overdue hits."), code="overdue_queue_only_gs"
        )
    return Hit.objects.filter(state=HitState.REPORTED, escalated_at__isnull=False).order_by("at", "id")
