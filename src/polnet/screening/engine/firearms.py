"""Firearms: lookups by serial number, refined by make.

Serials are normalised like other identifiers (uppercase; spaces, dashes, dots and
slashes removed). Two tolerances, each reported in the reason and the score:

* leading zeros: registers and spreadsheets often drop them ("000123" becomes "123"),
  so serials equal once leading zeros (and letter O read for them) are removed match;
* one OCR confusion (O/0, I/1, Z/2, S/5, B/8), as when a stamped serial is read off
  worn metal or a poor photograph.

A serial is unique only within a manufacturer, and short serials recur across makes.
When the query gives a make, records of another make are dropped (or, with
``include_make_mismatch``, kept at half score: the make may have been recorded as an
importer's name); records without a make are kept at 0.9. Makes are compared after
transliteration, dropping company-form words (Inc, GmbH, S.p.A. ...) and expanding a
few abbreviations (S&W, H&K); they match when one name's words contain the other's
("Ruger" and "Sturm, Ruger & Co.") or when spelled nearly alike ("Berretta").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from anyascii import anyascii
from rapidfuzz.fuzz import ratio

from polnet.identifiers.normalise import OCR, describe_confusions
from polnet.identifiers.serials import normalise_serial, serial_stem, split_leading_zeros

from .boundary import Allowed, Answer, Candidate, Clause, Feature, FirearmQuery, confusion_notes
from .documents import Record, RecordIndex
from .normalise_ids import pack_key

_COMPANY_WORDS = frozenset(
    (
        "AG", "AND", "AS", "CO", "COMPANY", "CORP", "CORPORATION", "GESMBH", "GMBH", "INC",
        "INCORPORATED", "KG", "LLC", "LTD", "LIMITED", "MFG", "MANUFACTURING", "OY",
        "PLC", "SA", "SAS", "SPA", "SRL", "THE",
    )
)  # fmt: skip
_ALIASES = {
    "S W": "SMITH WESSON",
    "SW": "SMITH WESSON",
    "H K": "HECKLER KOCH",
    "HK": "HECKLER KOCH",
    "CZ": "CESKA ZBROJOVKA",
    "FN": "FN HERSTAL",
}
_SIMILAR = 85.0  # rapidfuzz ratio at or above which two make names are one make


class FirearmRow(NamedTuple):
    record_id: int
    serial: str
    make: str | None = None
    model: str | None = None
    calibre: str | None = None


class FirearmMatch(NamedTuple):
    record_id: int
    serial: str
    make: str | None
    model: str | None
    calibre: str | None
    exact: bool  # serial identical after normalisation
    make_match: bool | None  # None when the query or the record gives no make
    score: float  # 1.0 for an exact serial of the same make
    reason: str
    why: tuple[Clause, ...] = ()  # the reason as clauses, for a caller that words it


class FirearmCheckResult(NamedTuple):
    serial: str  # the query, normalised
    make: str | None  # the query make, normalised
    matches: tuple[FirearmMatch, ...]

    @property
    def hit(self) -> bool:
        return bool(self.matches)


def normalise_make(make: str | None) -> str:
    """Words of a make name, transliterated, without company forms ("" when unknown)."""
    if not make:
        return ""
    # "S.p.A." is one word, "Colt's" is Colt
    text = re.sub(r"'S\b", "", anyascii(make).upper().replace(".", ""))
    words = re.findall(r"[A-Z0-9]+", text)
    joined = " ".join(w for w in words if w not in _COMPANY_WORDS)
    return _ALIASES.get(joined, joined)


def same_make(a: str, b: str) -> bool:
    """Whether two normalised make names denote one manufacturer."""
    wa, wb = set(a.split()), set(b.split())
    return bool(wa and wb) and (wa <= wb or wb <= wa or ratio(a, b) >= _SIMILAR)


def _serial_key(serial: str) -> int:
    return pack_key(OCR.folded(serial_stem(serial)))


class FirearmIndex(RecordIndex[FirearmRow]):
    """In-memory index of firearms, fed from plain rows."""

    _KIND = "firearms"
    _SCHEMA = (("serial",), ("make", "make_key", "model", "calibre"), ("serial",))

    @classmethod
    def _record(cls, row: FirearmRow) -> Record:
        serial = normalise_serial(row.serial)
        cats = (row.make or "", normalise_make(row.make), row.model or "", row.calibre or "")
        return row.record_id, serial, *cats, _serial_key(serial)

    def check(
        self,
        serial: str,
        make: str | None = None,
        *,
        allowed: Allowed = None,
        max_confusions: int = 1,
        include_make_mismatch: bool = False,
    ) -> FirearmCheckResult:
        """Firearms whose serial matches, best first; see the module notes on make.

        ``allowed(record_id)`` is the caller's access policy: rejected records never
        appear.
        """
        q, qmake = normalise_serial(serial), normalise_make(make)
        s, out = self._s, []
        for row in s.rows("serial", s.heads["serial"].get(_serial_key(q))):
            rec = s.text("serial", row)
            compared = _compare(q, rec, max_confusions)
            if compared is None:
                continue
            score, why, clauses = compared
            rec_make = s.cat("make_key", row)
            make_match = same_make(qmake, rec_make) if qmake and rec_make else None
            if make_match is False:
                if not include_make_mismatch:
                    continue
                score, why = score * 0.5, f"{why}; make differs ({s.cat('make', row)})"
                clauses = (*clauses, Clause("make_differs", (("make", s.cat("make", row)),)))
            elif make_match is None and qmake:
                score, why = score * 0.9, f"{why}; the record gives no make"
                clauses = (*clauses, Clause("make_missing"))
            elif make_match:
                why += f"; make {s.cat('make', row)}"
                clauses = (*clauses, Clause("make_same", (("make", s.cat("make", row)),)))
            rid: int = s.mv["record_id"][row]
            if allowed is None or allowed(rid):
                m = (s.cat("make", row) or None, s.cat("model", row) or None, s.cat("calibre", row) or None)
                out.append(FirearmMatch(rid, rec, *m, rec == q, make_match, round(score, 3), why, clauses))
        out.sort(key=lambda m: (-m.score, m.record_id))
        return FirearmCheckResult(q, qmake or None, tuple(out))

    def screen(
        self, query: FirearmQuery, *, allowed: Allowed = None, limit: int | None = None
    ) -> Answer[FirearmQuery]:
        """:meth:`check` for the screening service: scored candidates, best first."""
        found = self.check(query.serial, query.make, allowed=allowed)
        candidates = tuple(Candidate(m.record_id, m.score, (_feature(m),)) for m in found.matches[:limit])
        return Answer(FirearmQuery(found.serial, found.make), candidates)

    def check_many(
        self,
        queries: Iterable[tuple[str, str | None]],
        *,
        allowed: Allowed = None,
        max_confusions: int = 1,
        include_make_mismatch: bool = False,
    ) -> list[FirearmCheckResult]:
        """:meth:`check` for (serial, make) pairs."""
        return [
            self.check(
                sn,
                mk,
                allowed=allowed,
                max_confusions=max_confusions,
                include_make_mismatch=include_make_mismatch,
            )
            for sn, mk in queries
        ]


def _feature(m: FirearmMatch) -> Feature:
    first, notes = m.why[0], m.why[1:]
    return Feature(
        "serial_number", m.score, True, m.score, m.reason, code=first.code, params=first.params, notes=notes
    )


def _compare(q: str, rec: str, max_confusions: int) -> tuple[float, str, tuple[Clause, ...]] | None:
    """(score, reason, the reason as clauses) when serials match under the tolerances, else None."""
    if q == rec:
        return 1.0, f"exact: serial {rec}", (Clause("serial_exact", (("serial", rec),)),)
    (qz, qs), (rz, rs) = split_leading_zeros(q), split_leading_zeros(rec)
    pos = OCR.diff(qs, rs)
    if pos is None or len(pos) > max_confusions:
        return None
    score, notes = 1.0, []
    clauses: tuple[Clause, ...] = (Clause("serial_near", (("serial", rec),)),)
    if qz != rz:
        score -= 0.05
        notes.append("leading zeros differ")
        clauses += (Clause("leading_zeros"),)
    if pos:
        score -= 0.1 * len(pos)
        clauses += confusion_notes(qs, rs, pos, "ocr_confusion_after_zeros" if notes else "ocr_confusion")
        notes.append(describe_confusions(qs, rs, pos) + (" (after leading zeros)" if notes else ""))
    return score, f"near: serial {rec}; " + "; ".join(notes), clauses
