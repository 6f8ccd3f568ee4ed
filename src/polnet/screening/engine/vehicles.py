"""Stolen motor vehicles: lookups by VIN and by registration plate and country.

VINs and plates are normalised like other identifiers (uppercase, no spaces, dashes or
dots) but not validated: stored records keep whatever the owner registered, including
pre-1981 VINs and VINs with a wrong check digit. Both are matched exactly and one OCR
confusion away (O/0, I/1, Z/2, S/5, B/8; for VINs also Q/0). Because I, O and Q never
occur in a VIN, a query holding them is read as 1, 0 and 0 at no cost: such a match
is reported as near, with the reason, but does not count towards ``max_confusions``.
A plate query with a country matches records of that country and records whose
country is unknown (said in the reason).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from polnet.identifiers.documents import normalise_country
from polnet.identifiers.normalise import (
    OCR,
    OCR_CONFUSABLE_PAIRS,
    Confusables,
    describe_confusions,
    normalise_identifier,
)

from .boundary import Allowed, Answer, Clause, VehicleQuery, confusion_notes, identifier_candidate
from .documents import Record, RecordIndex
from .errors import EngineInputError, InputProblem
from .normalise_ids import pack_key

VIN_CONFUSABLES = Confusables((*OCR_CONFUSABLE_PAIRS, ("Q", "0")))
_NOT_IN_VINS = {"I": "1", "O": "0", "Q": "0"}
# record_id -> (row, matched fields, all exact, reasons, the reasons as clauses)
_Found = dict[int, tuple[int, list[str], bool, list[str], list[Clause]]]


class VehicleRow(NamedTuple):
    record_id: int
    vin: str | None
    plate: str | None = None
    plate_country: str | None = None
    make: str | None = None
    model: str | None = None


class VehicleMatch(NamedTuple):
    record_id: int
    vin: str | None
    plate: str | None
    plate_country: str | None
    make: str | None
    model: str | None
    matched_on: tuple[str, ...]  # "vin", "plate" or both
    exact: bool  # every matched identifier is identical after normalisation
    reason: str
    why: tuple[Clause, ...] = ()  # the reason as clauses, for a caller that words it


class VehicleCheckResult(NamedTuple):
    vin: str | None  # the query, normalised
    plate: str | None
    plate_country: str | None
    matches: tuple[VehicleMatch, ...]

    @property
    def hit(self) -> bool:
        return bool(self.matches)

    @property
    def exact(self) -> tuple[VehicleMatch, ...]:
        return tuple(m for m in self.matches if m.exact)

    @property
    def near(self) -> tuple[VehicleMatch, ...]:
        return tuple(m for m in self.matches if not m.exact)


def _ident(value: str | None) -> str | None:
    return (normalise_identifier(value) or None) if value else None


class VehicleIndex(RecordIndex[VehicleRow]):
    """In-memory index of vehicles, fed from plain rows."""

    _KIND = "vehicles"
    _SCHEMA = (("vin", "plate"), ("plate_country", "make", "model"), ("vin", "plate"))

    @classmethod
    def _record(cls, row: VehicleRow) -> Record:
        vin, plate = _ident(row.vin), _ident(row.plate)
        if vin is None and plate is None:
            raise ValueError(f"vehicle {row.record_id} has neither VIN nor plate")
        country = normalise_country(row.plate_country) if row.plate_country else ""
        keys = (
            pack_key(VIN_CONFUSABLES.folded(vin)) if vin else -1,
            pack_key(OCR.folded(plate)) if plate else -1,
        )
        return row.record_id, vin or "", plate or "", country, row.make or "", row.model or "", *keys

    def check(
        self,
        vin: str | None = None,
        plate: str | None = None,
        plate_country: str | None = None,
        *,
        allowed: Allowed = None,
        max_confusions: int = 1,
    ) -> VehicleCheckResult:
        """Vehicles matching a VIN, a plate (optionally with its country), or both.

        A record matching on both appears once, with ``matched_on == ("vin", "plate")``.
        ``allowed(record_id)`` is the caller's access policy: rejected records never
        appear.
        """
        qvin, qplate = _ident(vin), _ident(plate)
        if qvin is None and qplate is None:
            raise EngineInputError(InputProblem.VEHICLE_IDENTIFIER_MISSING, "give a VIN or a plate")
        country = normalise_country(plate_country) if plate_country else None
        found: _Found = {}
        if qvin is not None:
            for row in self._rows("vin", pack_key(VIN_CONFUSABLES.folded(qvin))):
                self._vin_match(row, qvin, max_confusions, found)
        if qplate is not None:
            for row in self._rows("plate", pack_key(OCR.folded(qplate))):
                self._plate_match(row, qplate, country, max_confusions, found)
        s, out = self._s, []
        for rid, (row, on, exact, why, clauses) in found.items():
            if allowed is None or allowed(rid):
                make, model = s.cat("make", row) or None, s.cat("model", row) or None
                vin_, plate_ = s.text("vin", row) or None, s.text("plate", row) or None
                pc = s.cat("plate_country", row) or None
                match = (rid, vin_, plate_, pc, make, model, tuple(on), exact, "; ".join(why), tuple(clauses))
                out.append(VehicleMatch(*match))
        out.sort(key=lambda m: (not m.exact, -len(m.matched_on), m.record_id))
        return VehicleCheckResult(qvin, qplate, country, tuple(out))

    def screen(
        self, query: VehicleQuery, *, allowed: Allowed = None, limit: int | None = None
    ) -> Answer[VehicleQuery]:
        """:meth:`check` for the screening service: scored candidates, exact ones first."""
        found = self.check(query.vin, query.plate, query.plate_country, allowed=allowed)
        candidates = tuple(
            identifier_candidate(m.record_id, "+".join(m.matched_on), m.exact, m.reason, m.why)
            for m in found.matches[:limit]
        )
        return Answer(VehicleQuery(found.vin, found.plate, found.plate_country), candidates)

    def check_many(
        self,
        queries: Iterable[tuple[str | None, str | None, str | None]],
        *,
        allowed: Allowed = None,
        max_confusions: int = 1,
    ) -> list[VehicleCheckResult]:
        """:meth:`check` for (vin, plate, plate_country) triples."""
        return [self.check(v, p, c, allowed=allowed, max_confusions=max_confusions) for v, p, c in queries]

    def _rows(self, chain: str, key: int) -> list[int]:
        return self._s.rows(chain, self._s.heads[chain].get(key))

    def _vin_match(
        self,
        row: int,
        qvin: str,
        max_confusions: int,
        found: _Found,
    ) -> None:
        rec = self._s.text("vin", row)
        pos = VIN_CONFUSABLES.diff(qvin, rec)
        if pos is None:
            return
        free = [i for i in pos if _NOT_IN_VINS.get(qvin[i]) == rec[i]]
        paid = [i for i in pos if i not in free]
        if len(paid) > max_confusions:
            return
        why = f"VIN {rec}"
        clauses = [Clause("vin_exact" if not pos else "vin_near", (("vin", rec),))]
        if free:
            letters = ", ".join(f"{qvin[i]!r} at position {i + 1}" for i in free)
            why += f"; {letters} not used in VINs, read as {'/'.join(rec[i] for i in free)}"
            clauses += confusion_notes(qvin, rec, free, "vin_letter")
        if paid:
            why += f"; {describe_confusions(qvin, rec, paid)}"
            clauses += confusion_notes(qvin, rec, paid)
        _add(found, self._s.mv["record_id"][row], row, "vin", not pos, why, clauses)

    def _plate_match(
        self,
        row: int,
        qplate: str,
        country: str | None,
        max_confusions: int,
        found: _Found,
    ) -> None:
        s = self._s
        rec, rec_country = s.text("plate", row), s.cat("plate_country", row)
        if country is not None and rec_country and rec_country != country:
            return
        pos = OCR.diff(qplate, rec)
        if pos is None or len(pos) > max_confusions:
            return
        why = f"plate {rec} ({rec_country or 'country unknown'})"
        # An empty country is worded "country unknown" by the caller.
        clauses = [Clause("plate_near" if pos else "plate_exact", (("plate", rec), ("country", rec_country)))]
        if pos:
            why += f"; {describe_confusions(qplate, rec, pos)}"
            clauses += confusion_notes(qplate, rec, pos)
        if country is not None and not rec_country:
            why += "; the record gives no plate country"
            clauses.append(Clause("plate_no_country"))
        _add(found, s.mv["record_id"][row], row, "plate", not pos, why, clauses)


def _add(
    found: _Found,
    rid: int,
    row: int,
    field: str,
    exact: bool,
    why: str,
    clauses: list[Clause],
) -> None:
    why = ("exact: " if exact else "near: ") + why
    if rid in found:
        _, on, was_exact, reasons, said = found[rid]
        found[rid] = (row, [*on, field], was_exact and exact, [*reasons, why], [*said, *clauses])
    else:
        found[rid] = (row, [field], exact, [why], clauses)
