"""Blocking keys: which records a query looks at before any scoring.

Every name part has exact keys (its consonant skeleton, plus the canonical
spelling when the skeleton is short) and typo keys (the skeleton with one
letter deleted, so any single edit still meets). Keys are combined into
64-bit codes of three kinds:

* single: one key of one name part, or of two adjacent parts written together;
* pair: the exact keys of two parts of the same name, in any order;
* year: the exact key of one part with the year of birth.

A single key shared by too many records is skipped (it says little on its
own), but the same part still finds its records through pair and year codes,
which stay selective for the most common names ("Wang Wei", "John Smith").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from polnet.screening.engine.person.dates import PartialDate
from polnet.screening.engine.person.names import NameToken, analyse_token, exact_keys, typo_keys
from polnet.screening.engine.person.romanization import alternative_spellings, languages

__all__ = [
    "CAP_EXACT",
    "CAP_PAIR",
    "CAP_TYPO",
    "CAP_YEAR",
    "QueryCodes",
    "entry_codes",
    "query_codes",
]

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]

# Posting-list caps, per kind of code. A single key past its cap is skipped;
# a pair or year code past its cap is cut to the cap (those records share two
# pieces of evidence with the query, so the name score cannot tell them apart
# anyway, and the date of birth narrows them through the year code).
CAP_EXACT = 512
CAP_TYPO = 128
CAP_PAIR = 2048
CAP_YEAR = 768

# How much a code that found a record says about it, to rank candidates
# before scoring: two name parts (pair) or a part and the birth year say
# more than one part; a part within one typo says less.
WEIGHT_EXACT = 1.0
WEIGHT_TYPO = 0.5
WEIGHT_PAIR = 2.0
WEIGHT_YEAR = 1.5
WEIGHT_SLIP_YEAR = 0.75

_TAG_PAIR = np.int64(1 << 61)
_TAG_YEAR = np.int64(2 << 61)
_KEY_BITS = 30  # key ids stay below 2**30


def _pair(left: I64, right: I64) -> I64:
    low, high = np.minimum(left, right), np.maximum(left, right)
    result: I64 = _TAG_PAIR | (low << _KEY_BITS) | high
    return result


def _year(key: I64, years: I64) -> I64:
    result: I64 = _TAG_YEAR | (key << 12) | years
    return result


def entry_codes(
    tokens: I32,
    joins: I32,
    rows: I32,
    years: I64,
    exact: I32,
    typo_start: I64,
    typo: I32,
) -> tuple[I64, I32]:
    """Codes and row numbers of name entries (token ids in ``tokens``, -1 padded).

    ``exact`` holds up to two exact key ids per token id (-1 padded); the typo
    key ids of token ``t`` are ``typo[typo_start[t]:typo_start[t + 1]]``.
    """
    codes: list[I64] = []
    owners: list[I32] = []
    units = np.concatenate([tokens, joins], axis=1)
    valid = units >= 0
    unit_ids = units[valid]
    unit_rows = np.broadcast_to(rows[:, None], units.shape)[valid]
    unit_exact = exact[unit_ids].astype(np.int64)
    present = unit_exact >= 0
    codes.append(unit_exact[present])
    owners.append(np.broadcast_to(unit_rows[:, None], unit_exact.shape)[present])
    # Typo keys for the parts only: a typo in a joined form shows in its parts.
    part_ids = tokens[tokens >= 0]
    part_rows = np.broadcast_to(rows[:, None], tokens.shape)[tokens >= 0]
    lengths = typo_start[part_ids + 1] - typo_start[part_ids]
    total = int(lengths.sum())
    if total:
        starts = np.repeat(typo_start[part_ids] - np.cumsum(lengths) + lengths, lengths)
        codes.append(typo[starts + np.arange(total)].astype(np.int64))
        owners.append(np.repeat(part_rows, lengths))

    width = int((tokens >= 0).sum(axis=1).max(initial=0))
    token_keys = exact[np.where(tokens >= 0, tokens, 0)].astype(np.int64)
    token_keys[tokens < 0] = -1
    join_keys = exact[np.where(joins >= 0, joins, 0)].astype(np.int64)
    join_keys[joins < 0] = -1
    combos = [(token_keys[:, i], token_keys[:, j]) for i in range(width) for j in range(i + 1, width)]
    combos += [
        (join_keys[:, i], token_keys[:, k])
        for i in range(width - 1)
        for k in range(width)
        if k not in (i, i + 1)
    ]
    for left, right in combos:
        for a in range(2):
            for b in range(2):
                keep = (left[:, a] >= 0) & (right[:, b] >= 0)
                if keep.any():
                    codes.append(_pair(left[keep, a], right[keep, b]))
                    owners.append(rows[keep])
    born = years > 0
    for i in range(width):
        for a in range(2):
            keep = born & (token_keys[:, i, a] >= 0)
            if keep.any():
                codes.append(_year(token_keys[keep, i, a], years[keep]))
                owners.append(rows[keep])
    if not codes:
        return np.empty(0, np.int64), np.empty(0, np.int32)
    return np.concatenate(codes), np.concatenate(owners).astype(np.int32)


class QueryCodes:
    """Codes a query looks up, each with its cap, cap rule and pre-score weight."""

    __slots__ = ("caps", "codes", "truncate", "weights")

    def __init__(self) -> None:
        self.codes: list[int] = []
        self.caps: list[int] = []
        self.truncate: list[bool] = []
        self.weights: list[float] = []

    def add(self, codes: Iterable[int], cap: int, truncate: bool, weight: float) -> None:
        for code in codes:
            self.codes.append(code)
            self.caps.append(cap)
            self.truncate.append(truncate)
            self.weights.append(weight)


# Queries repeat name parts (Muhammad, Wang, Maria ...): their typo neighbourhoods are kept.
# The index's own tokens are keyed once each, without this cache.
_query_typo_keys = lru_cache(maxsize=50_000)(typo_keys)


def _ids(keys: Iterable[str], key_id: Callable[[str], int]) -> list[int]:
    return [i for i in map(key_id, keys) if i >= 0]


# Skeletons up to this length, written with initials alone, look up their one-edit neighbours.
SHORT_SKELETON = 5
# Letters a consonant skeleton is made of (names.consonant_key).
_SKELETON_LETTERS = "bdfghklmnprstvyz"


def _one_edit(skeleton: str) -> set[str]:
    """Every skeleton one deletion, substitution or insertion away."""
    near = {skeleton[:i] + skeleton[i + 1 :] for i in range(len(skeleton))}
    for i in range(len(skeleton) + 1):
        for letter in _SKELETON_LETTERS:
            near.add(skeleton[:i] + letter + skeleton[i:])
            if i < len(skeleton):
                near.add(skeleton[:i] + letter + skeleton[i + 1 :])
    near.discard(skeleton)
    return {k for k in near if k}


def _initial_codes(tokens: tuple[NameToken, ...], year: int, key_id: Callable[[str], int]) -> list[int]:
    """Year codes for a name of initials and one short surname (S. Pedez for Sarah Perez,
    M. Standey for Morgan Stanley).

    An initial has no key a record shares, and a short skeleton's typo keys are either none
    (three letters or fewer) or shared by so many records that they are skipped (stn is one
    letter from Stanley, Stone, Stanton ...): such a name finds a typo in its surname only
    through its neighbours' year codes, which stay selective.
    """
    full = [t for t in tokens if not t.is_initial and not t.particle]
    if len(full) != 1 or len(full) == len(tokens) or not 2 <= len(full[0].ckey) <= SHORT_SKELETON:
        return []
    keys = _ids(sorted("c:" + k for k in _one_edit(full[0].ckey)), key_id)
    return [(2 << 61) | (k << 12) | year for k in keys]


def _exact(token: NameToken, spelled: bool) -> list[str]:
    keys = list(exact_keys(token))
    if spelled:
        for spelling in alternative_spellings(token.form):
            keys += [k for k in exact_keys(analyse_token(spelling)) if k not in keys]
    return keys


def query_codes(
    names: Iterable[tuple[NameToken, ...]],
    date_of_birth: PartialDate | None,
    key_id: Callable[[str], int],
) -> QueryCodes:
    found = QueryCodes()
    for tokens in names:
        # A Chinese or Korean name also looks for its other romanizations (Chang: Zhang).
        spelled = bool(languages(t.form for t in tokens))
        token_exact = [_ids(_exact(t, spelled), key_id) for t in tokens]
        joined = [analyse_token(a.form + b.form) for a, b in itertools.pairwise(tokens)]
        join_exact = [_ids(_exact(t, spelled), key_id) for t in joined]
        for keys in (*token_exact, *join_exact):
            found.add(keys, CAP_EXACT, False, WEIGHT_EXACT)
        for unit in (*tokens, *joined):
            # A record part within one typo of a query part or of two parts written together.
            found.add(_ids(_query_typo_keys(unit), key_id), CAP_TYPO, False, WEIGHT_TYPO)
        pairs = [
            (token_exact[i], token_exact[j]) for i in range(len(tokens)) for j in range(i + 1, len(tokens))
        ]
        pairs += [
            (join_exact[i], token_exact[k])
            for i in range(len(joined))
            for k in range(len(tokens))
            if k not in (i, i + 1)
        ]
        for left, right in pairs:
            found.add(
                ((1 << 61) | (min(a, b) << _KEY_BITS) | max(a, b) for a in left for b in right),
                CAP_PAIR,
                True,
                WEIGHT_PAIR,
            )
        if date_of_birth is not None:
            year = date_of_birth.year
            for keys in token_exact:
                found.add(((2 << 61) | (k << 12) | year for k in keys), CAP_YEAR, True, WEIGHT_YEAR)
                # Years one off or one tens digit off: the usual slips.
                for slip in (year - 10, year - 1, year + 1, year + 10):
                    found.add(((2 << 61) | (k << 12) | slip for k in keys), CAP_YEAR, True, WEIGHT_SLIP_YEAR)
            found.add(_initial_codes(tokens, year, key_id), CAP_YEAR, True, WEIGHT_SLIP_YEAR)
    return found
