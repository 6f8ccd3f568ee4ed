"""Sightings: a bureau that sees a notice reports that its subject was seen, outside a check.

A sighting says where (country and place), when, how reliable the information is (graded as
records grade their sources) and what else is known. Only the reporting bureau, the source
bureau and the secretariat read it; the source bureau is told of each one. Reporting and
reading are audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from polnet.core import audit
from polnet.core.actor import Actor, Role
from polnet.core.errors import Forbidden, InvalidInput
from polnet.notices import notify, policy
from polnet.notices.models import Notice, Sighting
from polnet.notices.reading import get_notice, require_read_details
from polnet.notices.states import IN_FORCE, State
from polnet.notifications.services import Recipient
from polnet.notifications.services import notify as tell
from polnet.records.kinds import country
from polnet.records.models import SourceReliability

REPORTABLE = IN_FORCE | {State.SUSPENDED}


def _reporter(actor: Actor) -> None:
    """A bureau officer or administrator reports for the bureau (not a unit, nor the secretariat)."""
    if not (
        policy.writes(actor)
        and actor.country is not None
        and actor.unit is None
        and actor.bureau_id is not None
        and actor.role in (Role.BUREAU_OFFICER, Role.BUREAU_ADMIN)
    ):
        raise Forbidden(
            gettext_lazy("Sightings are reported by a bureau's officers."), code="sighting_bureau_only"
        )


def report(actor: Actor, pk: int, data: dict[str, Any], *, now: datetime | None = None) -> Sighting:
    _reporter(actor)
    now = now or timezone.now()
    seen_at = data["seen_at"]
    if timezone.is_naive(seen_at):  # a time without an offset is the server's local time
        seen_at = timezone.make_aware(seen_at)
    if seen_at > now:
        raise InvalidInput(
            gettext_lazy("A sighting cannot be in the future."), code="sighting_future", field="seen_at"
        )
    if data["reliability"] not in SourceReliability.values:
        raise InvalidInput(
            gettext_lazy("Choose one of the offered values."), code="reliability_unknown", field="reliability"
        )
    place = str(data.get("place") or "").strip()
    if not place:
        raise InvalidInput(
            gettext_lazy("Say where the subject was seen."), code="place_missing", field="place"
        )
    with transaction.atomic():
        notice = get_notice(actor, pk)  # a bureau that cannot see the notice cannot report on it
        if notice.state not in REPORTABLE:
            raise InvalidInput(
                gettext_lazy("This notice is no longer in force."), code="notice_not_in_force", field="state"
            )
        sighting = Sighting.objects.create(  # type: ignore[misc]  # a bureau officer: all set
            notice=notice,
            reporting_country_id=actor.country,
            reporting_bureau_id=actor.bureau_id,
            country_id=country(data["country"], "country"),
            place=place[:200],
            seen_at=seen_at,
            reliability=data["reliability"],
            information=str(data.get("information") or "").strip(),
            created_by_id=actor.user_id,
            created_at=now,
        )
        audit.log(
            actor,
            audit.Action.CREATE,
            "sighting",
            sighting.pk,
            detail={"notice": notice.pk, "country": sighting.country_id, "reliability": sighting.reliability},
        )
        owner = notify.owner_bureau(notice)
        if owner is not None and owner.pk != actor.bureau_id:
            tell(
                [Recipient(bureau_id=owner.pk)],
                "notice_sighting",
                "notice",
                notice.pk,
                params={"sighting": sighting.pk, "country": sighting.country_id},
            )
    return sighting


def _readers_q(actor: Actor, notice: Notice) -> Q:
    """Which sightings of the notice the actor reads: the secretariat and the source all, a
    reporting bureau its own, anyone else none."""
    if actor.country is None:
        return Q() if actor.role != Role.SYSTEM_ADMIN else Q(pk__in=[])
    if actor.unit is not None:
        return Q(pk__in=[])
    if actor.country == notice.owner_country_id:
        return Q()
    return Q(reporting_country_id=actor.country)


def for_notice(actor: Actor, notice: Notice) -> list[Sighting]:
    """The sightings of a notice the actor already may read, newest first; reading is audited."""
    rows = list(notice.sightings.filter(_readers_q(actor, notice)).order_by("-seen_at", "-id"))
    if rows:
        audit.log(actor, audit.Action.READ, "sighting", "", detail={"notice": notice.pk, "count": len(rows)})
    return rows


def list_sightings(actor: Actor, pk: int) -> tuple[Notice, list[Sighting]]:
    require_read_details(actor)
    with transaction.atomic():
        notice = get_notice(actor, pk)
        return notice, for_notice(actor, notice)
