"""Certification gates: activities a person may not do until they hold a course's certificate.

A bureau, or the secretariat for the whole network, may require a valid certificate of a
course before its people consult the databases, create records or request notices. The
learning centre (`polnet.training`) knows courses and certificates; the kernel knows only
the answer: the `Hold`s an actor carries, which `core/policy.py` applies to every door at
once (lists, details, search, checks, hits, record and notice creation) and which services
turn into a refusal that names the course and where to take it.

The training app registers its source when it starts, so the kernel imports no domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor, Gated, Hold
from polnet.core.errors import Forbidden

# (user id, bureau id or None) -> the holds on that person now.
HoldSource = Callable[[int, int | None], frozenset[Hold]]


@dataclass
class _Registry:
    source: HoldSource | None = None
    course_url: Callable[[int], str] | None = None


_registry = _Registry()

ACTIVITY_WORDS = {
    Gated.CONSULT: _("search the databases"),
    Gated.CREATE_RECORDS: _("create records"),
    Gated.REQUEST_NOTICES: _("request notices"),
}


def register(source: HoldSource, course_url: Callable[[int], str]) -> None:
    _registry.source = source
    _registry.course_url = course_url


def holds_for(user_id: int, bureau_id: int | None) -> frozenset[Hold]:
    """The holds on a person now: none unless a learning centre is installed and requires one."""
    if _registry.source is None:
        return frozenset()
    return _registry.source(user_id, bureau_id)


def hold_on(actor: Actor, activity: Gated) -> Hold | None:
    """The hold on ``activity``, if any (the first course by title when several are required)."""
    matching = sorted((h for h in actor.holds if h.activity == activity), key=lambda h: h.course_title)
    return matching[0] if matching else None


def course_url(course_id: int) -> str:
    return _registry.course_url(course_id) if _registry.course_url is not None else "/"


class CertificateRequired(Forbidden):
    """The person's bureau (or the network) requires a course's certificate for this."""

    error = "certificate_required"


def require_clear(actor: Actor, activity: Gated) -> None:
    """Refuse, naming the course and where to take it, if ``activity`` waits for a certificate."""
    hold = hold_on(actor, activity)
    if hold is None:
        return
    raise CertificateRequired(
        _(
            "You need a valid certificate of the course “%(course)s” to %(activity)s. "
            "Take the course in the learning centre: %(url)s"
        ),
        code="certificate_required",
        course=hold.course_title,
        activity=ACTIVITY_WORDS[activity],
        url=course_url(hold.course_id),
    )
