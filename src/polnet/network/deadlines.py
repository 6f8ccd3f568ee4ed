"""A bureau's deadlines to confirm the hits on its records (`docs/hits.md`).

The administrator of a bureau sets them; `screening.confirmation` reads them when a hit is
recorded. Bounds keep a deadline meaningful: an urgent hit (arrest, protect) is answered
within a day, any other within a week, and never later than an ordinary one.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput
from polnet.network.models import Bureau
from polnet.network.services import administered_bureau

URGENT_MAX_HOURS = 24
OTHER_MAX_HOURS = 24 * 7


def set_confirm_deadlines(actor: Actor, *, urgent_hours: int, other_hours: int) -> Bureau:
    """The actor's bureau answers an urgent hit within ``urgent_hours``, any other within
    ``other_hours``; only its administrator may set them."""
    bureau = administered_bureau(actor)
    if not 1 <= urgent_hours <= URGENT_MAX_HOURS:
        raise InvalidInput(
            _("The deadline for urgent hits must be between 1 and %(max)s hours."),
            code="confirm_urgent_hours_range",
            field="urgent_hours",
            max=URGENT_MAX_HOURS,
        )
    if not 1 <= other_hours <= OTHER_MAX_HOURS:
        raise InvalidInput(
            _("The deadline for other hits must be between 1 and %(max)s hours."),
            code="confirm_other_hours_range",
            field="other_hours",
            max=OTHER_MAX_HOURS,
        )
    if urgent_hours > other_hours:
        raise InvalidInput(
            _("An urgent hit cannot have longer than the others."),
            code="confirm_urgent_longer",
            field="urgent_hours",
        )
    with transaction.atomic():
        Bureau.objects.filter(pk=bureau.pk).update(
            confirm_urgent_hours=urgent_hours, confirm_other_hours=other_hours
        )
        audit.log(
            actor,
            audit.Action.UPDATE,
            "bureau",
            bureau.pk,
            detail={"confirm_urgent_hours": urgent_hours, "confirm_other_hours": other_hours},
        )
    bureau.confirm_urgent_hours, bureau.confirm_other_hours = urgent_hours, other_hours
    return bureau
