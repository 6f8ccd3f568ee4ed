"""What an officer must do on a hit: one vocabulary for records, notices and hits.

The owner of a record or notice chooses the action; a hit keeps a copy of it as it was at
the moment of the hit (the owner may change it later), and the owner's deadline to confirm
the hit is counted from that action. Arrest and protect are urgent: the officer is told so,
and the owner has one hour, not twelve, unless its bureau set other deadlines.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import InvalidInput


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

# Which actions fit which subject. A person (a person record or the subject of a notice) may
# be arrested, checked, refused entry, located or protected; an object (a document, a vehicle,
# a firearm, a work of art) is seized, located, or searched where it is found.
PERSON_ACTIONS: tuple[str, ...] = (
    HitAction.ARREST,
    HitAction.DISCREET_CHECK,
    HitAction.SPECIFIC_CHECK,
    HitAction.INQUIRY_CHECK,
    HitAction.REFUSE_ENTRY,
    HitAction.LOCATE,
    HitAction.PROTECT,
)
OBJECT_ACTIONS: tuple[str, ...] = (HitAction.SEIZE, HitAction.LOCATE, HitAction.SPECIFIC_CHECK)
ACTIONS_BY_SUBJECT: dict[str, tuple[str, ...]] = {
    "person": PERSON_ACTIONS,
    "notice": PERSON_ACTIONS,
    "document": OBJECT_ACTIONS,
    "vehicle": OBJECT_ACTIONS,
    "firearm": OBJECT_ACTIONS,
    "artwork": OBJECT_ACTIONS,
}

# The action a new record or notice starts with, and that existing ones were given. A person
# record's default follows its purpose; an arrest is never a default of a record, since it
# needs the warrant that only the owner can name.
PERSON_DEFAULTS: dict[str, str] = {
    "locate_wanted": HitAction.LOCATE,
    "identification": HitAction.INQUIRY_CHECK,
    "investigation": HitAction.DISCREET_CHECK,
    "alert": HitAction.DISCREET_CHECK,
    "forensics": HitAction.INQUIRY_CHECK,
    "security_check": HitAction.SPECIFIC_CHECK,
    "threat_analysis": HitAction.DISCREET_CHECK,
    "border_management": HitAction.REFUSE_ENTRY,
}
NOTICE_DEFAULTS: dict[str, str] = {
    "red": HitAction.ARREST,  # with the reference of its arrest warrant
    "yellow": HitAction.PROTECT,  # a missing person
    "blue": HitAction.LOCATE,
    "black": HitAction.INQUIRY_CHECK,
    "green": HitAction.DISCREET_CHECK,
    "orange": HitAction.SPECIFIC_CHECK,
    "purple": HitAction.INQUIRY_CHECK,
    "silver": HitAction.LOCATE,
    "un": HitAction.REFUSE_ENTRY,  # travel bans of the Security Council's sanctions
}


def allowed_actions(subject: str) -> tuple[str, ...]:
    """The actions an owner may choose for a record kind, or "notice"."""
    return ACTIONS_BY_SUBJECT.get(subject, ())


def default_action(subject: str, *, purpose: str = "", notice_kind: str = "") -> str:
    """The action a record or notice gets when its owner chose none."""
    if subject == "notice":
        return NOTICE_DEFAULTS.get(notice_kind, HitAction.LOCATE)
    if subject == "person":
        return PERSON_DEFAULTS.get(purpose, HitAction.DISCREET_CHECK)
    return HitAction.SEIZE if subject in ACTIONS_BY_SUBJECT else ""


MAX_REFERENCE = 200
MAX_NOTE = 500


@dataclass(frozen=True)
class ChosenAction:
    action: str
    reference: str
    note: str


@functools.lru_cache(maxsize=4096)  # a batch's rows repeat a few choices; a refusal is not kept
def check_action(subject: str, action: str, reference: str = "", note: str = "") -> ChosenAction:
    """The owner's choice checked: an action that fits the subject, a warrant for an arrest,
    and texts within their lengths. Each refusal names its field."""
    if action not in HitAction.values:
        raise InvalidInput(
            _("Choose an action from the list."), code="hit_action_unknown", field="hit_action"
        )
    if action not in allowed_actions(subject):
        raise InvalidInput(
            _("This action does not fit this kind of record."),
            code="hit_action_not_for_subject",
            field="hit_action",
        )
    reference, note = (reference or "").strip(), (note or "").strip()
    if action == HitAction.ARREST and not reference:
        raise InvalidInput(
            _("An arrest needs the reference of its warrant."),
            code="hit_action_warrant_required",
            field="hit_action_reference",
        )
    if len(reference) > MAX_REFERENCE:
        raise InvalidInput(
            _("The warrant reference is too long (at most %(max)s characters)."),
            code="hit_action_reference_too_long",
            field="hit_action_reference",
            max=MAX_REFERENCE,
        )
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            _("The instruction is too long (at most %(max)s characters)."),
            code="hit_action_note_too_long",
            field="hit_action_note",
            max=MAX_NOTE,
        )
    return ChosenAction(action, reference, note)


def action_public(
    action: str, *, note: str = "", reference: str = "", disclosed: bool = False
) -> dict[str, object] | None:
    """What an officer is told to do on a hit, in the active language: the action's code,
    label and guidance, whether it is urgent, and the owner's instruction. The warrant's
    reference names the case, so only a reader who sees details gets it. None: no action."""
    if not action:
        return None
    label = HitAction(action).label if action in HitAction.values else action
    out: dict[str, object] = {
        "code": action,
        "label": str(label),
        "urgent": is_urgent(action),
        "guidance": str(ACTION_GUIDANCE.get(action, "")),
        "note": note,
    }
    if disclosed:
        out["reference"] = reference
    return out


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
