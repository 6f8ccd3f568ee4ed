"""Reservations: a member country records that it will not act on a notice or diffusion in its
territory (a reason is required), and may lift it.

The country's posts see the reservation on a hit on that notice (screening asks `reserved`);
the source bureau and the secretariat see which countries hold one. Each step is a step of the
notice's history and is audited there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from polnet.core.actor import Actor, Role
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.notices import notify, policy
from polnet.notices.history import record_event
from polnet.notices.models import Notice, Reservation
from polnet.notices.reading import get_notice
from polnet.notices.states import IN_FORCE, State
from polnet.notifications.services import Recipient
from polnet.notifications.services import notify as tell

RESERVABLE = IN_FORCE | {State.SUSPENDED}


def _member_bureau(actor: Actor, notice: Notice) -> None:
    """A member country's bureau officer or administrator, not the notice's own source."""
    if not (
        policy.writes(actor)
        and actor.country is not None
        and actor.unit is None
        and actor.role in (Role.BUREAU_OFFICER, Role.BUREAU_ADMIN)
    ):
        raise Forbidden(
            gettext_lazy("Reservations are recorded by a member country's bureau."),
            code="reservation_bureau_only",
        )
    if actor.country == notice.owner_country_id:
        raise InvalidInput(
            gettext_lazy("The source does not hold a reservation on its own notice."),
            code="reservation_own_notice",
        )


def _tell_source(notice: Notice, kind: str, reservation: Reservation) -> None:
    owner = notify.owner_bureau(notice)
    recipients = [Recipient(bureau_id=owner.pk)] if owner is not None else []
    tell(recipients, kind, "notice", notice.pk, params={"country": reservation.country_id})


def record(actor: Actor, pk: int, reason: str, *, now: datetime | None = None) -> Reservation:
    if not reason.strip():
        raise InvalidInput(gettext_lazy("Give the reason."), code="reason_missing", field="reason")
    try:
        with transaction.atomic():
            notice = get_notice(actor, pk, for_update=True)
            _member_bureau(actor, notice)
            if notice.state not in RESERVABLE:
                raise Conflict(
                    gettext_lazy("This notice is no longer in force."),
                    code="notice_not_in_force",
                    field="state",
                )
            if notice.reservations.filter(country_id=actor.country, lifted_at__isnull=True).exists():
                raise Conflict(
                    gettext_lazy("Your country already holds a reservation on this notice."),
                    code="reservation_exists",
                )
            reservation = Reservation.objects.create(  # type: ignore[misc]  # a bureau officer: both set
                notice=notice,
                country_id=actor.country,
                reason=reason.strip(),
                created_by_id=actor.user_id,
                created_at=now or timezone.now(),
            )
            record_event(actor, notice, "reservation", notice.state, reason)
            _tell_source(notice, "notice_reservation", reservation)
    except IntegrityError:  # two officers of one bureau at once: the constraint keeps one
        raise Conflict(
            gettext_lazy("Your country already holds a reservation on this notice."),
            code="reservation_exists",
        ) from None
    return reservation


@transaction.atomic
def lift(actor: Actor, pk: int, reason: str = "", *, now: datetime | None = None) -> Reservation:
    notice = get_notice(actor, pk, for_update=True)
    _member_bureau(actor, notice)
    reservation = (
        notice.reservations.select_for_update()
        .filter(country_id=actor.country, lifted_at__isnull=True)
        .first()
    )
    if reservation is None:
        raise NotFound(
            gettext_lazy("Your country holds no reservation on this notice."), code="reservation_not_found"
        )
    reservation.lifted_at = now or timezone.now()
    reservation.lifted_by_id = actor.user_id
    reservation.lift_reason = reason.strip()
    reservation.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    record_event(actor, notice, "reservation_lift", notice.state, reason)
    _tell_source(notice, "notice_reservation_lifted", reservation)
    return reservation


def reserved(notice_ids: Iterable[int], country: str | None) -> dict[int, str]:
    """The reservations a country holds now on the given notices: notice id -> reason.

    Screening asks this to show a post of the country, at the hit, that its country does not
    act on the notice; a country's own reservations are its own business, so no other check."""
    ids = sorted({int(i) for i in notice_ids})
    if not country or not ids:
        return {}
    rows = Reservation.objects.filter(notice_id__in=ids, country_id=country, lifted_at__isnull=True)
    return dict(rows.values_list("notice_id", "reason"))


def for_notice(actor: Actor, notice: Notice) -> list[Reservation]:
    """The reservations in force on a notice the actor may read: all of them for the source and
    the secretariat, the actor's own country's for any other member."""
    qs = notice.reservations.filter(lifted_at__isnull=True).order_by("country_id")
    if actor.country is None or actor.country == notice.owner_country_id:
        return list(qs)
    return list(qs.filter(country_id=actor.country))
