"""What each notification kind says, where its subject opens, and who may still see that subject.

The apps that write notifications sit above this one (screening, notices), so they register
their wording and their subjects when they are ready (`AppConfig.ready`), as `core/labels.py`
and `core/search.py` are fed; this app never imports them. A subject no app registered is
never shown: a notification about something unknown could leak what the reader may not see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from polnet.core.actor import Actor
from polnet.core.errors import StrOrPromise

#: The subjects among ``ids`` (a list, or a queryset of ids used as a subquery) the actor may
#: still open, as a queryset of ids: the inbox filters by it in the same query it counts.
Visibility = Callable[[Actor, "Iterable[int] | QuerySet[Any]"], "QuerySet[Any]"]


@dataclass(frozen=True)
class Subject:
    url: str  # with "{id}", e.g. "/check/hits/{id}/"
    visible: Visibility


@dataclass(frozen=True)
class Kind:
    text: StrOrPromise  # may name the params, e.g. "%(reference)s"
    subject: str


_SUBJECTS: dict[str, Subject] = {}
_KINDS: dict[str, Kind] = {}


def register_subject(name: str, url: str, visible: Visibility) -> None:
    if name in _SUBJECTS and _SUBJECTS[name] != Subject(url, visible):
        raise ValueError(f"The notification subject {name!r} is registered twice.")
    _SUBJECTS[name] = Subject(url, visible)


def register_kinds(subject: str, kinds: Mapping[str, StrOrPromise]) -> None:
    for kind, text in kinds.items():
        if kind in _KINDS and _KINDS[kind] != Kind(text, subject):
            raise ValueError(f"The notification kind {kind!r} is registered twice.")
        _KINDS[kind] = Kind(text, subject)


def subjects() -> Mapping[str, Subject]:
    return _SUBJECTS


def wording(kind: str, params: Mapping[str, Any]) -> str:
    """The kind's text in the active language; the raw kind when none is registered."""
    found = _KINDS.get(kind)
    if found is None:
        return kind
    text = str(found.text)
    try:
        return text % dict(params) if params and "%(" in text else text
    except (KeyError, TypeError, ValueError):  # params that do not fit: the plain text, not a 500
        return text


def link(subject: str, subject_id: int) -> str:
    found = _SUBJECTS.get(subject)
    return found.url.format(id=subject_id) if found else ""


# ---- other inboxes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OtherInbox:
    """An older inbox kept by an app of its own (notices'): counted in the header, linked from
    the notifications page. ``unread`` is a queryset of the reader's unread ids, or None when the
    reader has no such inbox."""

    url: str
    label: StrOrPromise
    unread: Callable[[Actor], QuerySet[Any] | None]


_OTHERS: list[OtherInbox] = []


def register_other_inbox(inbox: OtherInbox) -> None:
    if all(o.url != inbox.url for o in _OTHERS):
        _OTHERS.append(inbox)


def other_inboxes() -> list[OtherInbox]:
    return list(_OTHERS)
