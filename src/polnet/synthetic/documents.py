"""Stolen and lost travel documents.

Numbers follow each issuing country's format where it is well known (e.g.
German passports use a reduced alphabet, Schengen visas start with the
alpha-3 code) and a common 9-character mix of letters and digits otherwise.
They are unique per issuing country by construction.
"""

from __future__ import annotations

import datetime
import random
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

from polnet.synthetic.countries import SCHENGEN, country
from polnet.synthetic.numbering import NumberFormat, UniqueNumbers
from polnet.synthetic.persons import Owners
from polnet.synthetic.rows import SynthDocument

KINDS = ("passport", "id_card", "visa", "residence_permit", "blank_booklet")
_KIND_WEIGHTS = (55, 22, 6, 7, 10)
STATUSES = ("lost", "stolen", "revoked", "invalid")
_STATUS_WEIGHTS = (50, 35, 10, 5)
# Reports fall in a fixed window so output does not depend on today's date.
FIRST_REPORT = datetime.date(2015, 1, 1)
LAST_REPORT = datetime.date(2024, 12, 31)


def _f(spec: str) -> NumberFormat:
    prefix, _, pattern = spec.rpartition("/")
    return NumberFormat(pattern, prefix)


_PASSPORT = {
    "US": "A99999999", "GB": "999999999", "FR": "99AA99999", "DE": "GKKKKKKKK",
    "IT": "AA9999999", "ES": "AAA999999", "NL": "AAXXXXXX9", "RU": "999999999",
    "CN": "E/99999999", "IN": "A9999999", "JP": "AA9999999", "KR": "M/99999999",
    "CA": "AA999999", "BR": "AA999999", "MX": "G/99999999", "TR": "U/99999999",
    "PL": "AA9999999", "UA": "AA999999", "CH": "X/9999999", "AU": "P/A9999999",
    "BE": "AA999999", "SE": "99999999", "IL": "99999999", "PT": "A999999",
    "AT": "P/9999999", "IE": "AA9999999", "GR": "AA9999999", "NG": "A/99999999",
}  # fmt: skip
_ID_CARD = {
    "FR": "999999999999", "DE": "HKKKKKKKK", "IT": "CA/99999AA", "ES": "AAA999999",
    "NL": "AAXXXXXX9", "BE": "999999999999", "PL": "AAA999999", "PT": "99999999",
    "RO": "AA999999", "GR": "AA999999", "CN": "999999999999999999",
}  # fmt: skip
_RESIDENCE = {"DE": "Y/KKKKKKKK", "FR": "9999999999", "GB": "AA9999999", "IT": "I/9999999"}
_DEFAULT = {
    "passport": _f("AA9999999"),
    "id_card": _f("AA999999"),
    "visa": _f("99999999"),
    "residence_permit": _f("R/A9999999"),
}


def number_format(code: str, kind: str) -> NumberFormat:
    """The document number format of ``kind`` issued by country ``code``."""
    if kind == "blank_booklet":  # blank booklets are unissued passports
        kind = "passport"
    if kind == "visa" and code in SCHENGEN:
        return NumberFormat("999999999", country(code).alpha3)
    table = {"passport": _PASSPORT, "id_card": _ID_CARD, "residence_permit": _RESIDENCE}
    spec = table.get(kind, {}).get(code)
    return _f(spec) if spec else _DEFAULT[kind]


def iter_documents(members: Sequence[str], owners: Owners, count: int, seed: int) -> Iterator[SynthDocument]:
    rng = random.Random(f"polnet-documents:{seed}")
    numbers = UniqueNumbers(f"polnet-document-numbers:{seed}")
    cum_country = list(accumulate(country(c).weight for c in members))
    cum_kind = list(accumulate(_KIND_WEIGHTS))
    cum_status = list(accumulate(_STATUS_WEIGHTS))
    formats: dict[tuple[str, str], NumberFormat] = {}
    first, days = FIRST_REPORT.toordinal(), (LAST_REPORT - FIRST_REPORT).days + 1
    persons = owners.persons
    for _ in range(count):
        code = members[bisect_right(cum_country, rng.random() * cum_country[-1])]
        kind = KINDS[bisect_right(cum_kind, rng.random() * cum_kind[-1])]
        fmt = formats.get((code, kind))
        if fmt is None:
            fmt = formats[(code, kind)] = number_format(code, kind)
        holder: int | None = None
        if kind == "blank_booklet":
            status = "stolen_blank"
        else:
            status = STATUSES[bisect_right(cum_status, rng.random() * cum_status[-1])]
            if persons and rng.random() < 0.9:
                if kind in ("passport", "id_card"):
                    holder = owners.holder(code, rng)
                else:  # visas and permits are held by foreigners
                    holder = rng.randrange(persons)
        yield SynthDocument(
            owner_country=code,
            number=numbers.next(code, fmt),
            kind=kind,
            issuing_country=code,
            status=status,
            date_reported=datetime.date.fromordinal(first + rng.randrange(days)),
            holder=holder,
        )
