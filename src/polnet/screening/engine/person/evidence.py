"""Evidence beside the name: date of birth, sex, nationality, identifiers.

Each moves the score by a fixed amount, so that a perfect name with a
matching date of birth scores near 1 and a perfect name with a contradicting
date falls below the default threshold. A missing value moves nothing.
"""

from __future__ import annotations

from polnet.screening.engine.boundary import Params
from polnet.screening.engine.person.dates import DATE_CONTRIBUTION, DateMatch, PartialDate, compare_dates
from polnet.screening.engine.person.types import Feature, PersonQuery

__all__ = [
    "IDENTIFIER_MATCH",
    "NATIONALITY_CONFLICT",
    "NATIONALITY_MATCH",
    "SEX_CODES",
    "SEX_CONFLICT",
    "SEX_MATCH",
    "evidence_amount",
    "evidence_features",
    "max_evidence",
    "nationality_code",
    "nationality_name",
]

SEX_CODES = {"M": 1, "F": 2, "U": 3}
SEX_NAMES = {code: name for name, code in SEX_CODES.items()}
# Sex and nationality agree for half or more of the people who share a name
# (names are gendered and national), so agreement says little; a recorded
# sex is rarely wrong, so disagreement says more; people change and add
# nationalities, so a nationality mismatch says less.
SEX_MATCH = 0.01
SEX_CONFLICT = -0.10
NATIONALITY_MATCH = 0.01
NATIONALITY_CONFLICT = -0.04
IDENTIFIER_MATCH = 0.25  # the same document or national number is strong evidence


def nationality_code(alpha2: str) -> int:
    return (ord(alpha2[0]) - 64) * 32 + (ord(alpha2[1]) - 64)


def nationality_name(code: int) -> str:
    return chr(code // 32 + 64) + chr(code % 32 + 64)


def max_evidence(query: PersonQuery, *, with_date: bool = True) -> float:
    """The most the evidence beside the name can add for this query (``with_date``: the date too)."""
    return (
        (max(DATE_CONTRIBUTION.values()) if query.date_of_birth and with_date else 0.0)
        + (SEX_MATCH if query.sex in ("M", "F") else 0.0)
        + (NATIONALITY_MATCH if query.nationalities else 0.0)
        + (IDENTIFIER_MATCH if query.identifiers else 0.0)
    )


def evidence_amount(
    query: PersonQuery,
    date: DateMatch,
    record_sex: int,
    record_nationalities: tuple[int, ...],
    identifier_shared: bool,
) -> float:
    """What :func:`evidence_features` adds to the score, without the words (``date``: how the
    record's date of birth compares, :func:`.dates.date_kind`)."""
    amount = DATE_CONTRIBUTION[date]
    wanted = SEX_CODES.get(query.sex or "", 0)
    if wanted in (1, 2) and record_sex in (1, 2):
        amount += SEX_MATCH if wanted == record_sex else SEX_CONFLICT
    if query.nationalities and record_nationalities:
        shared = any(nationality_code(n) in record_nationalities for n in query.nationalities)
        amount += NATIONALITY_MATCH if shared else NATIONALITY_CONFLICT
    if identifier_shared:
        amount += IDENTIFIER_MATCH
    return amount


def evidence_features(
    query: PersonQuery,
    record_date: PartialDate | None,
    record_sex: int,
    record_nationalities: tuple[str, ...],
    shared_identifiers: tuple[str, ...],
) -> list[Feature]:
    """Features for the evidence that moved the score; missing evidence is left out."""
    features: list[Feature] = []
    date = compare_dates(query.date_of_birth, record_date)
    if date.contribution or (query.date_of_birth and record_date):
        dates: Params = ()
        if query.date_of_birth and record_date:
            dates = (("query", str(query.date_of_birth)), ("record", str(record_date)))
        features.append(
            Feature(
                "date_of_birth",
                date.strength,
                date.contribution > 0,
                date.contribution,
                date.detail,
                code="date_compared" if dates else "date_unknown",
                params=(*dates, ("match", date.kind.value)),
            )
        )
    wanted = SEX_CODES.get(query.sex or "", 0)
    if wanted in (1, 2) and record_sex in (1, 2):
        same = wanted == record_sex
        features.append(
            Feature(
                "sex",
                1.0 if same else 0.0,
                same,
                SEX_MATCH if same else SEX_CONFLICT,
                f"sex {query.sex} vs {SEX_NAMES[record_sex]}: {'same' if same else 'differs'}",
                code="sex_same" if same else "sex_differs",
                params=(("query_sex", query.sex or ""), ("record_sex", SEX_NAMES[record_sex])),
            )
        )
    if query.nationalities and record_nationalities:
        shared = sorted(set(query.nationalities) & set(record_nationalities))
        detail = (
            f"nationality {', '.join(shared)} shared"
            if shared
            else f"nationality {', '.join(query.nationalities)} vs "
            f"{', '.join(record_nationalities)}: none shared"
        )
        amount = NATIONALITY_MATCH if shared else NATIONALITY_CONFLICT
        features.append(
            Feature(
                "nationality",
                float(bool(shared)),
                bool(shared),
                amount,
                detail,
                code="nationality_shared" if shared else "nationality_none_shared",
                params=(("countries", ",".join(shared)),)
                if shared
                else (
                    ("query_countries", ",".join(query.nationalities)),
                    ("record_countries", ",".join(record_nationalities)),
                ),
            )
        )
    if shared_identifiers:
        features.append(
            Feature(
                "identifier",
                1.0,
                True,
                IDENTIFIER_MATCH,
                f"identifier {', '.join(shared_identifiers)} matches",
                code="identifier_shared",
                params=(("identifiers", ", ".join(shared_identifiers)),),
            )
        )
    return features
