"""What an officer must do on a hit: one vocabulary for records, notices and hits.

The owner of a record or notice chooses the action; a hit keeps a copy of it as it was at
the moment of the hit (the owner may change it later), and the owner's deadline to confirm
the hit is counted from that action. Arrest and protect are urgent: the officer is told so,
and the owner has one hour, not twelve, unless its bureau set other deadlines.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class HitAction(models.TextChoices):
    ARREST = "arrest", _("Arrest (or provisional arrest)")
    DISCREET_CHECK = "discreet_check", _("Discreet check")
    SPECIFIC_CHECK = "specific_check", _("Specific check")
    INQUIRY_CHECK = "inquiry_check", _("Inquiry check")
    REFUSE_ENTRY = "refuse_entry", _("Refuse entry")
    SEIZE = "seize", _("Seize the object")
    LOCATE = "locate", _("Locate and inform")
    PROTECT = "protect", _("Protect")


URGENT_ACTIONS = frozenset({HitAction.ARREST, HitAction.PROTECT})

# What the officer does, in one sentence, shown under the action's name at the hit.
ACTION_GUIDANCE: dict[str, object] = {
    HitAction.ARREST: _(
        "Arrest the person, or hold them for provisional arrest, on the warrant named. "
        "Tell your bureau at once."
    ),
    HitAction.DISCREET_CHECK: _(
        "Do not let the person know. Note where and when, who travels with them, the vehicle "
        "and the route, and report it to the owner."
    ),
    HitAction.SPECIFIC_CHECK: _(
        "Search the person, their vehicle and belongings as your law allows, and report what "
        "you find to the owner."
    ),
    HitAction.INQUIRY_CHECK: _(
        "Interview the person on the questions the owner gives, and report the answers."
    ),
    HitAction.REFUSE_ENTRY: _("Refuse entry, as the owner's alert requires, and tell your bureau."),
    HitAction.SEIZE: _("Seize the object, keep it safe, and tell your bureau and the owner."),
    HitAction.LOCATE: _("Note where the person is and tell the owner; take no other action."),
    HitAction.PROTECT: _(
        "Protect the person: keep them safe, tell your bureau at once, and say nothing of the "
        "alert to them or to those with them."
    ),
}

# The owner's time to confirm a hit, counted from the hit, unless its bureau set others.
DEFAULT_URGENT_HOURS = 1
DEFAULT_OTHER_HOURS = 12


def is_urgent(action: str) -> bool:
    return action in URGENT_ACTIONS


def deadline(
    action: str, *, urgent_hours: int = DEFAULT_URGENT_HOURS, other_hours: int = DEFAULT_OTHER_HOURS
) -> timedelta:
    """How long the owner has to confirm a hit with this action."""
    return timedelta(hours=urgent_hours if is_urgent(action) else other_hours)


class OnHit(models.Model):
    """What a record or notice asks an officer to do when it hits (chosen by its owner)."""

    hit_action = models.CharField(max_length=16, choices=HitAction.choices, blank=True)
    # The warrant behind an arrest (its number and issuing authority), or empty.
    hit_action_reference = models.CharField(max_length=200, blank=True)
    hit_action_note = models.CharField(max_length=500, blank=True)  # a short free-text instruction

    class Meta:
        abstract = True
