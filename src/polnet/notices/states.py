"""The lifecycle of notices and diffusions, as data: which act moves which state where, and who acts.

A notice goes draft -> requested -> in review -> published, with "more information
requested" and "refused" as the reviewer's other outcomes; once published the source may
suspend (at most six months), resume or withdraw it, the secretariat may cancel it, and it
expires at its review date. A diffusion is sent straight to its recipients and reviewed
afterwards; the secretariat may cancel it. Anything not listed here is refused.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import Conflict


class Channel(models.TextChoices):
    NOTICE = "notice", _("Notice")
    DIFFUSION = "diffusion", _("Diffusion")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REQUESTED = "requested", _("Request being processed")
    IN_REVIEW = "in_review", _("In review")
    INFO_REQUESTED = "info_requested", _("More information requested")
    REFUSED = "refused", _("Refused")
    PUBLISHED = "published", _("Published")
    CIRCULATED = "circulated", _("Circulated")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


# In force: members see it and screening hits it.
IN_FORCE = frozenset({State.PUBLISHED, State.CIRCULATED})
# Waiting for the secretariat before publication.
PENDING_REVIEW = frozenset({State.REQUESTED, State.IN_REVIEW})
# The source may still edit the content.
EDITABLE = frozenset({State.DRAFT, State.INFO_REQUESTED})
FINAL = frozenset({State.REFUSED, State.WITHDRAWN, State.CANCELLED, State.EXPIRED})


class Party(enum.StrEnum):
    SOURCE = "source"  # the owner bureau (the secretariat for its own UN notices)
    SECRETARIAT = "secretariat"  # a secretariat reviewer
    SYSTEM = "system"  # housekeeping: expiry, lapsed suspensions


class Act(models.TextChoices):
    SUBMIT = "submit", _("Submit the request")
    START_REVIEW = "start_review", _("Start the review")
    PUBLISH = "publish", _("Publish")
    REQUEST_INFO = "request_info", _("Ask the bureau for more information")
    REFUSE = "refuse", _("Refuse")
    SUSPEND = "suspend", _("Suspend")
    RESUME = "resume", _("Resume")
    WITHDRAW = "withdraw", _("Withdraw")
    CANCEL = "cancel", _("Cancel")
    EXPIRE = "expire", _("Expire")
    LAPSE = "lapse", _("End a suspension that was not resumed")
    SEND = "send", _("Send the diffusion")
    CONFIRM = "confirm", _("Confirm after review")


@dataclass(frozen=True)
class Transition:
    act: Act
    sources: frozenset[State]
    target: State | None  # None: the state does not change (a review after the fact)
    party: Party
    needs_reason: bool = False


def _t(
    act: Act, sources: set[State], target: State | None, party: Party, needs_reason: bool = False
) -> Transition:
    return Transition(act, frozenset(sources), target, party, needs_reason)


_LIVE_REQUEST = {State.DRAFT, State.REQUESTED, State.IN_REVIEW, State.INFO_REQUESTED}

TRANSITIONS: dict[str, dict[Act, Transition]] = {
    Channel.NOTICE: {
        t.act: t
        for t in (
            _t(Act.SUBMIT, {State.DRAFT, State.INFO_REQUESTED}, State.REQUESTED, Party.SOURCE),
            _t(Act.START_REVIEW, {State.REQUESTED}, State.IN_REVIEW, Party.SECRETARIAT),
            _t(Act.PUBLISH, {State.IN_REVIEW}, State.PUBLISHED, Party.SECRETARIAT),
            _t(Act.REQUEST_INFO, {State.IN_REVIEW}, State.INFO_REQUESTED, Party.SECRETARIAT, True),
            _t(Act.REFUSE, {State.IN_REVIEW}, State.REFUSED, Party.SECRETARIAT, True),
            _t(Act.SUSPEND, {State.PUBLISHED}, State.SUSPENDED, Party.SOURCE, True),
            _t(Act.RESUME, {State.SUSPENDED}, State.PUBLISHED, Party.SOURCE),
            _t(
                Act.WITHDRAW,
                {*_LIVE_REQUEST, State.PUBLISHED, State.SUSPENDED},
                State.WITHDRAWN,
                Party.SOURCE,
                True,
            ),
            _t(Act.CANCEL, {State.PUBLISHED, State.SUSPENDED}, State.CANCELLED, Party.SECRETARIAT, True),
            _t(Act.EXPIRE, {State.PUBLISHED, State.SUSPENDED}, State.EXPIRED, Party.SYSTEM),
            _t(Act.LAPSE, {State.SUSPENDED}, State.WITHDRAWN, Party.SYSTEM),
        )
    },
    Channel.DIFFUSION: {
        t.act: t
        for t in (
            _t(Act.SEND, {State.DRAFT}, State.CIRCULATED, Party.SOURCE),
            _t(Act.CONFIRM, {State.CIRCULATED}, None, Party.SECRETARIAT),
            _t(Act.WITHDRAW, {State.DRAFT, State.CIRCULATED}, State.WITHDRAWN, Party.SOURCE, True),
            _t(Act.CANCEL, {State.CIRCULATED}, State.CANCELLED, Party.SECRETARIAT, True),
            _t(Act.EXPIRE, {State.CIRCULATED}, State.EXPIRED, Party.SYSTEM),
        )
    },
}


class IllegalTransition(Conflict):
    error = "illegal_transition"


def label(value: str, choices: type[models.TextChoices]) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _lower_label(value: str, choices: type[models.TextChoices]) -> str:
    return label(value, choices).lower()


def _possible(channel: str, state: str) -> str:
    possible = ", ".join(label(a, Act).lower() for a in acts_from(channel, state))
    return possible or gettext("nothing, this is final")


# Put into the message in the language that reads it, not the one that raised it.
_lazy_lower_label = lazy(_lower_label, str)
_lazy_label = lazy(label, str)
_lazy_possible = lazy(_possible, str)


def acts_from(channel: str, state: str) -> list[Act]:
    """The acts the lifecycle allows from a state (whoever may perform them)."""
    return [t.act for t in TRANSITIONS[channel].values() if state in t.sources]


def transition(channel: str, state: str, act: str) -> Transition:
    """The transition for `act` from `state`, or an error that says what is possible instead."""
    table = TRANSITIONS.get(channel, {})
    try:
        chosen = table[Act(act)]
    except (ValueError, KeyError):
        raise IllegalTransition(
            _("'%(act)s' does not apply to a %(channel)s."),
            code="act_unknown",
            field="act",
            channel=_lazy_lower_label(channel, Channel),
            act=act,
        ) from None
    if state not in chosen.sources:
        raise IllegalTransition(
            _("'%(act)s' is not possible for a %(channel)s that is '%(state)s'. Possible now: %(possible)s."),
            code="act_not_possible",
            field="act",
            channel=_lazy_lower_label(channel, Channel),
            state=_lazy_lower_label(state, State),
            act=_lazy_label(act, Act),
            possible=_lazy_possible(channel, state),
        )
    return chosen
