"""The set of engine indexes one process screens against: one per kind of record.

Typed per kind, so the screening service reaches each engine with its own query type;
the index maintenance (change feed, snapshots) reaches them by kind name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from polnet.screening.engine.artworks import ArtworkIndex, ArtworkRow
from polnet.screening.engine.boundary import (
    ArtworkQuery,
    DocumentQuery,
    FirearmQuery,
    KindEngine,
    VehicleQuery,
)
from polnet.screening.engine.documents import DocumentIndex, DocumentRow
from polnet.screening.engine.firearms import FirearmIndex, FirearmRow
from polnet.screening.engine.person.index import PersonIndex
from polnet.screening.engine.person.types import PersonQuery, PersonRow
from polnet.screening.engine.vehicles import VehicleIndex, VehicleRow

_E = TypeVar("_E", PersonIndex, DocumentIndex, VehicleIndex, FirearmIndex, ArtworkIndex)


@dataclass(slots=True)
class Engines:
    """One index per kind; a field's name is the kind."""

    person: PersonIndex
    document: DocumentIndex
    vehicle: VehicleIndex
    firearm: FirearmIndex
    artwork: ArtworkIndex

    @classmethod
    def empty(cls) -> Engines:
        return cls(PersonIndex(), DocumentIndex(), VehicleIndex(), FirearmIndex(), ArtworkIndex())

    @classmethod
    def build(cls, rows: Callable[[str], Iterable[Any]]) -> Engines:
        """Each kind's index from its rows (``rows(kind)``), one kind after the other."""
        return cls(
            _built(PersonIndex, rows("person")),
            _built(DocumentIndex, rows("document")),
            _built(VehicleIndex, rows("vehicle")),
            _built(FirearmIndex, rows("firearm")),
            _built(ArtworkIndex, rows("artwork")),
        )

    @classmethod
    def load(cls, folder: Path) -> Engines:
        """The indexes saved by :meth:`save` (``<kind>.idx``)."""
        return cls(
            PersonIndex.load(folder / "person.idx"),
            DocumentIndex.load(folder / "document.idx"),
            VehicleIndex.load(folder / "vehicle.idx"),
            FirearmIndex.load(folder / "firearm.idx"),
            ArtworkIndex.load(folder / "artwork.idx"),
        )

    def save(self, folder: Path) -> None:
        for kind, engine in self.items():
            engine.save(folder / f"{kind}.idx")

    def of(self, kind: str) -> KindEngine[Any, Any]:
        """The index of a kind, for maintenance; ``KeyError`` for a kind with none."""
        return dict(self.items())[kind]

    def items(self) -> tuple[tuple[str, KindEngine[Any, Any]], ...]:
        # Typed one by one: mypy proves that each index satisfies the boundary for its kind.
        person: KindEngine[PersonQuery, PersonRow] = self.person
        document: KindEngine[DocumentQuery, DocumentRow] = self.document
        vehicle: KindEngine[VehicleQuery, VehicleRow] = self.vehicle
        firearm: KindEngine[FirearmQuery, FirearmRow] = self.firearm
        artwork: KindEngine[ArtworkQuery, ArtworkRow] = self.artwork
        return (
            ("person", person),
            ("document", document),
            ("vehicle", vehicle),
            ("firearm", firearm),
            ("artwork", artwork),
        )


#: The kinds that have an engine index, in the order they are built.
KINDS: tuple[str, ...] = tuple(f.name for f in fields(Engines))


def _built(engine: type[_E], rows: Iterable[Any]) -> _E:
    stream = iter(rows)
    first = next(stream, None)  # an index of no rows is an empty one
    return engine() if first is None else engine.build(chain([first], stream))
