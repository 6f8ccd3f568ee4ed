"""Translated words of the trends' stored values: kinds, channels, answers, outcomes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from polnet.core import kinds
from polnet.core.errors import StrOrPromise
from polnet.notices.kinds import NoticeKind
from polnet.notices.states import Channel
from polnet.screening.models import HitState

# A hit's outcome (what came of the check) has no translated label in its model.
OUTCOMES: dict[str, StrOrPromise] = {
    "pending": _("Not reported yet"),
    "located": _("Located"),
    "arrested": _("Arrested"),
    "refused_entry": _("Refused entry"),
    "not_same_person": _("Not the same person"),
    "seized": _("Seized"),
    "no_action": _("No action"),
}


def check_kind(kind: str) -> str:
    """A check's or hit's kind: the database, or a notice."""
    return str(_("Notice")) if kind == "notice" else kinds.singular(kind)


def channel(value: str) -> str:
    return str(dict(Channel.choices).get(value, value))


def notice_kind_only(value: str) -> str:
    return str(dict(NoticeKind.choices).get(value, value))


def notice_kind(channel_value: str, kind: str) -> str:
    """ "Diffusion · Red": a notice's channel and kind, as a chart's legend names them."""
    return f"{channel(channel_value)} · {notice_kind_only(kind)}"


def state(value: str) -> str:
    return str(dict(HitState.choices).get(value, value))


def outcome(value: str) -> str:
    return str(OUTCOMES.get(value, value))


def any_state(value: str) -> str:
    """A state of a hit or of a notice, whichever it is."""
    from polnet.notices.states import State

    found = dict(HitState.choices).get(value) or dict(State.choices).get(value)
    return str(found) if found is not None else value
