"""What the screening service and the engine say to each other: typed queries and answers.

Every kind's index satisfies :class:`KindEngine`: it is kept current with plain rows
(``update``, ``remove``) and answers one query with scored, explained candidates
(``screen``), asking the caller's access predicate about each before it is returned.
Scores lie in [0, 1]; an identifier found as typed scores 1, one OCR confusion away
:data:`NEAR_IDENTIFIER_SCORE`. Explanations are :class:`Feature` lines, whose
contributions add up to the score.

A feature's ``detail`` is an English sentence for the API, logs and the command line; its
``code``, ``params`` and ``notes`` say the same as data, for a caller that words it in
another language: ``code`` names the first clause, each note a further clause.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

__all__ = [
    "NEAR_IDENTIFIER_SCORE",
    "Allowed",
    "Answer",
    "ArtworkQuery",
    "Candidate",
    "Clause",
    "DocumentQuery",
    "Feature",
    "FirearmQuery",
    "KindEngine",
    "Param",
    "Params",
    "VehicleQuery",
    "confusion_notes",
    "identifier_candidate",
]

#: One OCR confusion away: worth a look, not certain.
NEAR_IDENTIFIER_SCORE = 0.9

#: The caller's access policy: may this record id be a candidate? ``None``: every record.
Allowed = Callable[[int], bool] | None


#: A value in a clause: a number, a date, a name, an identifier, or the code of a word.
Param = str | int | float
Params = tuple[tuple[str, Param], ...]


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of an explanation as data: a stable code and its named values."""

    code: str
    params: Params = ()


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
    code: str = ""
    params: Params = ()
    notes: tuple[Clause, ...] = ()


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
class ArtworkQuery:
    """A work of art by any of its words, its dimensions and a photo's perceptual hash.

    ``phash`` is a 64-bit pHash as an unsigned integer (None: no photo given)."""

    title: str = ""
    artist: str = ""
    description: str = ""
    dimensions: str = ""
    phash: int | None = None


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


def confusion_notes(
    query: str, record: str, positions: Iterable[int], code: str = "ocr_confusion"
) -> tuple[Clause, ...]:
    """The clauses of ``describe_confusions``: which character was read for which, where."""
    return tuple(
        Clause(code, (("read", query[i]), ("position", i + 1), ("record", record[i]))) for i in positions
    )


def identifier_candidate(
    record_id: int, feature: str, exact: bool, reason: str, why: Sequence[Clause], *context: Feature
) -> Candidate:
    """A record found by an identifier: as typed, or one OCR confusion away. ``why`` is the
    reason as clauses, the first of which names the identifier found."""
    score = 1.0 if exact else NEAR_IDENTIFIER_SCORE
    first, notes = why[0], tuple(why[1:])
    found = Feature(feature, score, True, score, reason, code=first.code, params=first.params, notes=notes)
    return Candidate(record_id, score, (found, *context))
