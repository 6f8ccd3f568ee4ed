"""Ranked search of records beside the lists' exact search, by a matcher an upper app registers.

`records` lists records and may not import `screening`, which holds the name and identifier
matching. So screening registers its matcher here when it is ready (`AppConfig.ready`), and
the records list asks `matcher_for(kind)`: with none registered, the list searches exactly.
A matcher applies the one access policy itself and answers only records the actor may see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from polnet.core.actor import Actor

#: How many ranked records a matcher gives at most: a search box, not a bulk export.
MAX_FOUND = 200

_YEAR = re.compile(r"^(19\d\d|20\d\d|2100)$")
_MONTH = re.compile(r"^(19\d\d|20\d\d|2100)-(0[1-9]|1[0-2])$")
_DAY = re.compile(r"^(19\d\d|20\d\d|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


@dataclass(frozen=True, slots=True)
class Found:
    """One record a matcher ranks: its score in [0, 1] and a short reason in the reader's language."""

    record_id: int
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class PersonTerms:
    """A person search as typed: the name, and a date of birth ("1962", "1962-03", "1962-03-04")."""

    name: str
    date_of_birth: str

    @property
    def parts(self) -> tuple[int, int | None, int | None]:
        """Year, month and day of the date of birth (an empty date has none)."""
        pieces = [int(p) for p in self.date_of_birth.split("-")] if self.date_of_birth else []
        year, month, day = ([*pieces, 0, 0, 0])[:3]
        return year, month or None, day or None


def person_terms(text: str) -> PersonTerms:
    """Words that are a year (1900-2100) or a date (YYYY-MM, YYYY-MM-DD) give the date of
    birth (the most precise one wins); the other words are the name."""
    names: list[str] = []
    dob = ""
    for word in text.split():
        if _YEAR.match(word) or _MONTH.match(word) or _DAY.match(word):
            if len(word) > len(dob):
                dob = word
        else:
            names.append(word)
    return PersonTerms(" ".join(names), dob)


class Matcher(Protocol):
    """Records of `kind` the actor may see that `text` may denote, best first, at most `limit`.

    `state` is the list's state filter ("active", "located", ..., or "" for any state)."""

    def __call__(self, actor: Actor, kind: str, text: str, *, state: str, limit: int) -> list[Found]: ...


_MATCHERS: dict[str, Matcher] = {}


def register(kinds: tuple[str, ...], matcher: Matcher) -> None:
    for kind in kinds:
        if kind in _MATCHERS and _MATCHERS[kind] is not matcher:
            raise ValueError(f"A search matcher for {kind!r} is registered twice.")
        _MATCHERS[kind] = matcher


def matcher_for(kind: str) -> Matcher | None:
    return _MATCHERS.get(kind)
