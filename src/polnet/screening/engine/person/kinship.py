"""Relatives: the same family name and father's name, another given name.

Siblings, and twins above all, share everything but the given name: the family name,
the date of birth, and the father's name as their naming convention writes it (a Russian
patronymic in -ovich/-ovna, an Arabic bin/bint chain, a Turkic oglu/qizi, a Spanish or
Portuguese pair of surnames, an Icelandic -son/-dottir). Part by part, three of four parts
agree and the whole names look alike, so a brother's name alone would reach the threshold
with a shared date of birth. A given name that clearly differs must weigh more than all
the father's side shares: the name then counts at most :data:`GIVEN_DIFFERS_CAP`, which
with every other piece of evidence in agreement stays under the default threshold; the
same document number still lifts it over. The name line of a name so lowered says
"given name differs".

The given name is read as the first part on both sides: the order a name is typed at a
border and built from a record's given and family fields. Parts count as clearly
different under the similarity at which the explanation already says "differing parts",
so a transliteration, a typo or an initial of the same given name is never one, nor is a
name with its given name left out (its first part then agrees with the record's).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["GIVEN_DIFFERS_CAP", "given_name_differs"]

# 0.6 x 0.80 (the name's share) + 0.15 (same day) + 0.01 (sex) + 0.01 (nationality)
# = 0.65: under the default threshold of 0.68 whatever else agrees, bar an identifier.
GIVEN_DIFFERS_CAP = 0.6


def given_name_differs(
    pair_q: npt.NDArray[np.integer],
    pair_r: npt.NDArray[np.integer],
    pair_sim: npt.NDArray[np.floating],
    query_parts: int,
    record_parts: int,
    first_is_particle: bool,
    differs_below: float,
) -> npt.NDArray[np.bool_]:
    """Per candidate, whether another pair agrees while neither name's first part found its like.

    ``pair_q``/``pair_r``/``pair_sim`` are the alignment's rounds (candidates x rounds):
    query unit, record unit (-1 when none) and similarity. Units are parts, then two
    adjacent parts written together, so the first part written with the second counts as
    the first part too. A given name of several words (Abd al-Bari beside Shaalan) pairs
    with whichever of them is left, so the first parts need not pair with each other:
    it is enough that neither agrees with anything while some pair of parts clearly differs.
    """
    if first_is_particle:
        return np.zeros(len(pair_q), dtype=bool)
    chosen = pair_q >= 0
    agrees = chosen & (pair_sim >= differs_below)
    differs = chosen & (pair_sim < differs_below)
    query_first = (pair_q == 0) | ((pair_q == query_parts) & (query_parts > 1))
    record_first = (pair_r == 0) | ((pair_r == record_parts) & (record_parts > 1))
    first_found = (agrees & (query_first | record_first)).any(axis=1)
    result: npt.NDArray[np.bool_] = ~first_found & agrees.any(axis=1) & differs.any(axis=1)
    return result
