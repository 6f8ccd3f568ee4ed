"""The synthetic network: member countries and lazy streams of records.

Each kind of record has its own random stream derived from the seed, so the
persons of a network do not change when more documents are asked for.
Streams are generators: a million rows are never held at once unless the
caller collects them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from polnet.synthetic.artworks import iter_artworks
from polnet.synthetic.countries import member_countries
from polnet.synthetic.documents import iter_documents
from polnet.synthetic.firearms import iter_firearms
from polnet.synthetic.persons import Owners, iter_persons
from polnet.synthetic.rows import (
    Row,
    SynthArtwork,
    SynthDocument,
    SynthFirearm,
    SynthPerson,
    SynthVehicle,
)
from polnet.synthetic.vehicles import iter_vehicles

Kind = Literal["persons", "documents", "vehicles", "firearms", "artworks"]
KINDS: tuple[Kind, ...] = ("persons", "documents", "vehicles", "firearms", "artworks")
ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SynthNetwork:
    countries: tuple[str, ...]
    seed: int
    counts: dict[str, int]

    def _owners(self) -> Owners:
        return Owners(self.countries, self.counts["persons"], self.seed)

    def persons(self) -> Iterator[SynthPerson]:
        return iter_persons(self._owners(), self.counts["persons"], self.seed)

    def documents(self) -> Iterator[SynthDocument]:
        owners = self._owners()
        return iter_documents(self.countries, owners, self.counts["documents"], self.seed)

    def vehicles(self) -> Iterator[SynthVehicle]:
        return iter_vehicles(self.countries, self.counts["vehicles"], self.seed)

    def firearms(self) -> Iterator[SynthFirearm]:
        return iter_firearms(self.countries, self.counts["firearms"], self.seed)

    def artworks(self) -> Iterator[SynthArtwork]:
        return iter_artworks(self.countries, self.counts["artworks"], self.seed)

    def rows(self, kind: str) -> Iterator[Row]:
        """A fresh stream of the rows of ``kind`` (one of KINDS)."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
        stream: Iterator[Row] = getattr(self, kind)()
        return stream

    def chunks(
        self, kind: str, size: int = 10_000, on_progress: ProgressCallback | None = None
    ) -> Iterator[list[Row]]:
        """Rows of ``kind`` in lists of at most ``size``.

        ``on_progress(kind, done, total)`` is called with done=0 first, then
        after the caller has finished with each chunk (when it asks for the
        next one), so a progress bar reflects rows actually inserted.
        """
        if size < 1:
            raise ValueError("size must be positive")
        total = self.counts[kind]
        stream = self.rows(kind)
        done = 0
        if on_progress:
            on_progress(kind, 0, total)
        while chunk := list(islice(stream, size)):
            yield chunk
            done += len(chunk)
            if on_progress:
                on_progress(kind, done, total)

    def all_chunks(
        self, size: int = 10_000, on_progress: ProgressCallback | None = None
    ) -> Iterator[tuple[str, list[Row]]]:
        """Chunks of every kind in KINDS order, persons first (documents
        refer to persons by index)."""
        for kind in KINDS:
            for chunk in self.chunks(kind, size, on_progress):
                yield kind, chunk


def generate(
    persons: int,
    documents: int,
    vehicles: int,
    firearms: int,
    artworks: int,
    countries: int,
    seed: int,
) -> SynthNetwork:
    """A deterministic synthetic network of the first ``countries`` member
    countries; the same arguments always give the same rows."""
    counts = {
        "persons": persons,
        "documents": documents,
        "vehicles": vehicles,
        "firearms": firearms,
        "artworks": artworks,
    }
    for kind, n in counts.items():
        if n < 0:
            raise ValueError(f"{kind} must not be negative")
    return SynthNetwork(member_countries(countries), seed, counts)
