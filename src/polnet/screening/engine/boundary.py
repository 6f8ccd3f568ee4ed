"""What the screening service and the engine say to each other: typed queries and answers.

Every kind's index satisfies :class:`KindEngine`: it is kept current with plain rows
(``update``, ``remove``) and answers one query with scored, explained candidates
(``screen``), asking the caller's access predicate about each before it is returned.
Scores lie in [0, 1]; an identifier found as typed scores 1, one OCR confusion away
:data:`NEAR_IDENTIFIER_SCORE`. Explanations are :class:`Feature` lines, whose
contributions add up to the score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

__all__ = [
    "NEAR_IDENTIFIER_SCORE",
    "Allowed",
    "Answer",
    "Candidate",
    "DocumentQuery",
    "Feature",
    "FirearmQuery",
    "KindEngine",
    "VehicleQuery",
    "identifier_candidate",
]

#: One OCR confusion away: worth a look, not certain.
NEAR_IDENTIFIER_SCORE = 0.9

#: The caller's access policy: may this record id be a candidate? ``None``: every record.
Allowed = Callable[[int], bool] | None


@dataclass(frozen=True, slots=True)
class Feature:
    """One piece of evidence and what it did to the score.

    ``contribution`` is the amount added to the score (negative when the
    feature contradicts); a match's score is the sum of its features'
    contributions, clipped to [0, 1]. ``strength`` is how well the feature
    matched on its own scale (1 = identical, 0 = nothing in common).
    """

    name: str
    strength: float
    supports: bool
    contribution: float
    detail: str


Q = TypeVar("Q")
R_contra = TypeVar("R_contra", contravariant=True)


@dataclass(frozen=True, slots=True)
class DocumentQuery:
    """A travel document by number; ``issuing_country=None`` searches every country."""

    number: str
    issuing_country: str | None = None


@dataclass(frozen=True, slots=True)
class VehicleQuery:
    """A vehicle by VIN, by plate (with its country when known), or both."""

    vin: str | None = None
    plate: str | None = None
    plate_country: str | None = None


@dataclass(frozen=True, slots=True)
class FirearmQuery:
    """A firearm by serial number, refined by make when given."""

    serial: str
    make: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One record the query may denote, with the evidence for it."""

    record_id: int
    score: float
    explanation: tuple[Feature, ...]


@dataclass(frozen=True, slots=True)
class Answer(Generic[Q]):
    """The query as the engine read it (normalised), and its candidates, best first."""

    read: Q
    candidates: tuple[Candidate, ...]


class KindEngine(Protocol[Q, R_contra]):
    """The index of one kind of record: rows ``R_contra`` in, queries ``Q`` answered."""

    def update(self, row: R_contra) -> None:
        """Index a record, replacing the version with the same record id."""

    def remove(self, record_id: int) -> bool:
        """Drop a record; False when it was not indexed."""

    def save(self, path: str | Path) -> None:
        """Write the index to one file, atomically."""

    def __len__(self) -> int:
        """How many records are indexed."""

    def screen(self, query: Q, *, allowed: Allowed = None, limit: int | None = None) -> Answer[Q]:
        """Candidates for ``query`` that ``allowed`` accepts, at most ``limit`` (None: all).

        Raises ``ValueError`` for a query the kind cannot search (no number, a country
        code that is none)."""


def identifier_candidate(
    record_id: int, feature: str, exact: bool, reason: str, *context: Feature
) -> Candidate:
    """A record found by an identifier: as typed, or one OCR confusion away."""
    score = 1.0 if exact else NEAR_IDENTIFIER_SCORE
    return Candidate(record_id, score, (Feature(feature, score, True, score, reason), *context))
