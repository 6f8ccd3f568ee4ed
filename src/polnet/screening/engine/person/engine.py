"""Person matching: the public face of the engine's person index.

Build an index from plain rows, search it with what an officer typed, get
scored and explained candidates::

    index = PersonIndex.build(rows)
    for match in index.search(
        PersonQuery("Mohamed Al-Rashid", date_of_birth="1974-08-12"),
        allowed=policy.allows,  # the access policy; rejected records never appear
    ):
        print(match.record_id, match.score, [f.detail for f in match.explanation])

A match's score is the sum of its explanation's contributions, clipped to
[0, 1]: the name carries up to 0.8, the date of birth moves it by -0.25 to
+0.15, sex by -0.10 to +0.01, nationality by -0.04 to +0.01, a shared
identifier adds 0.25. :data:`DEFAULT_THRESHOLD` was chosen with
``benchmarks/person_engine_quick.py``.

How it works: :mod:`.names` (normalisation and phonetic keys),
:mod:`.dates` (partial dates), :mod:`.person_blocking` (candidate keys),
:mod:`.person_score` (vectorised name scoring), :mod:`.person_evidence`
(date, sex, nationality, identifiers), :mod:`.person_search` (one query),
:mod:`.person_index` (storage, updates, files).
"""

from __future__ import annotations

from polnet.screening.engine.person.dates import PartialDate, parse_date
from polnet.screening.engine.person.index import DEFAULT_THRESHOLD, PersonIndex
from polnet.screening.engine.person.types import (
    Feature,
    NameEntry,
    PersonMatch,
    PersonQuery,
    PersonRow,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "Feature",
    "NameEntry",
    "PartialDate",
    "PersonIndex",
    "PersonMatch",
    "PersonQuery",
    "PersonRow",
    "parse_date",
]
