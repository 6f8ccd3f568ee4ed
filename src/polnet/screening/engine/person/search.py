"""Answering a person query: blocking codes -> ranked candidates -> explained scores.

1. The query's blocking codes find candidate records; each code adds its
   weight to the records it finds, and only the best-ranked candidates (that
   the access policy allows) are scored.
2. Names are scored for all candidates at once (:mod:`.person_score`).
3. Candidates whose name cannot reach the threshold even with every other
   piece of evidence in their favour stop there; the rest get their date of
   birth, sex, nationality and identifiers compared, and an explanation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from polnet.screening.engine.kernels import merge_postings
from polnet.screening.engine.person.blocking import query_codes
from polnet.screening.engine.person.dates import (
    BEST_WITH_ANOTHER_YEAR,
    DATE_CONTRIBUTION,
    DateMatch,
    PartialDate,
    date_kind,
    parts_in_common,
)
from polnet.screening.engine.person.evidence import (
    evidence_amount,
    evidence_features,
    max_evidence,
    nationality_name,
)
from polnet.screening.engine.person.names import NameToken
from polnet.screening.engine.person.namesakes import common_name_amount, common_name_feature, namesakes
from polnet.screening.engine.person.ocr_names import OCR_LABEL_WORDS, ocr_labels, ocr_readings
from polnet.screening.engine.person.romanization import romanized_notes
from polnet.screening.engine.person.score import (
    MAX_TOKENS,
    METHOD_CANON,
    METHOD_CONSONANT,
    METHOD_INITIAL,
    METHOD_ROMANIZED,
    METHOD_TYPO,
    METHOD_VOWEL,
    MISMATCH_BELOW,
    NAME_WEIGHT,
    NameScores,
    PreparedName,
    TokenTable,
    prepare_name,
    score_names,
)
from polnet.screening.engine.person.types import Feature, PersonMatch, PersonQuery
from polnet.screening.engine.text_kernels import best_ratio

if TYPE_CHECKING:
    from polnet.screening.engine.person.index import PersonIndex

__all__ = ["CANDIDATE_LIMIT", "search"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

# Candidates scored per query. Far more than a screening answer shows, and
# ranked so that records sharing several name parts, or a part and the year
# of birth, come first.
CANDIDATE_LIMIT = 48
PREFILTER_POOL = 1500  # candidates compared by whole name before the cut
RANK_BONUS = 0.02  # per unit of code weight, when ranking by whole name
NAMESAKE_MARGIN = 0.02  # whole-name similarity within which candidates count as namesakes
# When ranking by whole name, a date of birth that agrees lifts a candidate: "M. Smith" born
# 1989-11-09 is closer to "Manaia Ashton Smith" born that day than to "Mark Smith" born in
# 1950, though the letters say otherwise. Few namesakes share a whole date.
DATE_RANK_BONUS = (0.10, 0.20, 0.50)  # year; year and month; the whole date (or day/month swapped)
MAX_CANDIDATES = 400
IDENTIFIER_WEIGHT = 4.0


_local = threading.local()


def _scratch(rows: int) -> F64:
    """One zero per index row, for this thread (searches run in parallel threads)."""
    scratch: F64 | None = getattr(_local, "scratch", None)
    if scratch is None or len(scratch) < rows:
        scratch = _local.scratch = np.zeros(rows + rows // 8 + 1024)
    return scratch


def _quick_similarity(index: PersonIndex, names: list[PreparedName], rows: I64) -> F64:
    """Best similarity of any query name, spaces removed, with any entry of each row."""
    c = index._c
    counts = c["entry_count"].view[rows].astype(np.int64)
    entries = np.repeat(c["entry_start"].view[rows] - np.cumsum(counts) + counts, counts)
    entries += np.arange(len(entries))
    best = np.zeros(len(rows))
    if len(entries):
        text = index.packed("entry_concat")
        sims = best_ratio(names[0].rotations, text, entries)
        for name in names[1:]:
            sims = np.maximum(sims, best_ratio(name.rotations, text, entries))
        # Whole percentages, rounded half up: the ranking was tuned on these.
        sims = np.floor(sims + 0.5)
        has = counts > 0
        starts = (np.cumsum(counts) - counts)[has]
        best[has] = np.maximum.reduceat(sims, starts) / 100.0
    return best


def _candidates(  # noqa: C901  # blocking, access and scoring in one pass over the candidate rows
    index: PersonIndex,
    names: list[PreparedName],
    query: PersonQuery,
    allowed: Callable[[int], bool] | None,
    want: int,
) -> tuple[I64, npt.NDArray[np.bool_]]:
    """Candidate rows, and which of them count as the query's namesakes (:mod:`.namesakes`):
    those the default number of candidates would hold, so a score never depends on how many
    matches were asked for."""
    found = query_codes((n.tokens for n in names), query.date_of_birth, index.key_id)
    keys, starts_of, rows_of = index._post_keys, index._post_start, index._post_rows
    starts: I64 = np.empty(0, np.int64)
    ends: I64 = np.empty(0, np.int64)
    weights: F64 = np.empty(0, np.float64)
    rarest: tuple[int, int] | None = None  # (start, cap) of the shortest skipped list
    if found.codes and len(keys):
        codes = np.array(found.codes, dtype=np.int64)
        pos = np.minimum(np.searchsorted(keys, codes), len(keys) - 1)
        hits = np.nonzero(keys[pos] == codes)[0]
        starts, ends = starts_of[pos[hits]], starts_of[pos[hits] + 1]
        caps = np.array(found.caps, dtype=np.int64)[hits]
        # A single key past its cap says little and is skipped; pair and year codes are cut to it.
        usable = (ends - starts <= caps) | np.array(found.truncate, dtype=bool)[hits]
        if not usable.all():
            skipped = np.nonzero(~usable)[0]
            shortest = skipped[np.lexsort((starts[skipped], (ends - starts)[skipped]))[0]]
            rarest = (int(starts[shortest]), int(caps[shortest]))
        starts, ends = starts[usable], np.minimum(ends, starts + caps)[usable]
        weights = np.array(found.weights, dtype=np.float64)[hits][usable]
    extra_rows: list[int] = []
    extra_weights: list[float] = []
    if index._delta:
        for code, cap, weight in zip(found.codes, found.caps, found.weights, strict=True):
            extra = index._delta.get(code, [])[:cap]
            extra_rows += extra
            extra_weights += [weight] * len(extra)
    for identifier in query.identifiers:
        extra = index.identifier_rows(identifier)
        extra_rows += extra
        extra_weights += [IDENTIFIER_WEIGHT] * len(extra)
    if not len(starts) and not extra_rows and rarest is not None:
        # Only common name parts: look at the records of the rarest one.
        first, cap = rarest
        starts, ends, weights = np.array([first]), np.array([first + cap]), np.array([1.0])
    rows, rank = merge_postings(
        rows_of,
        starts,
        ends,
        weights,
        np.array(extra_rows, dtype=np.int64),
        np.array(extra_weights, dtype=np.float64),
        index._c["alive"].view,
        _scratch(len(index._c["alive"].view)),
    )
    if len(rows) > PREFILTER_POOL:
        # The pool: the best-ranked rows (ties: older rows first), found without a full sort.
        cut = np.partition(-rank, PREFILTER_POOL - 1)[PREFILTER_POOL - 1]
        close = -rank <= cut
        rows, rank = rows[close], rank[close]
    order = np.lexsort((rows, -rank))[:PREFILTER_POOL]
    ordered, rank = rows[order], rank[order]
    # Scored: the best ``want`` candidates, plus any others whose whole name
    # is as close as the closest one, so that namesakes are never cut off
    # arbitrarily (their date of birth decides between them).
    namesake = np.ones(len(ordered), dtype=bool)
    if len(ordered) > min(want, CANDIDATE_LIMIT):
        # Rank by how close the whole name is (one vectorised comparison), then by the codes.
        quick = _quick_similarity(index, names, ordered)
        lift = _date_lift(index, query.date_of_birth, ordered)
        priority = np.argsort(-(quick + RANK_BONUS * rank + lift), kind="stable")
        ordered, quick = ordered[priority], quick[priority]
        namesake = quick >= quick[0] - NAMESAKE_MARGIN
    if allowed is None:
        counted = namesake.copy()
        counted[:CANDIDATE_LIMIT] = True
        chosen = namesake.copy()
        chosen[:want] = True
        return ordered[chosen][:MAX_CANDIDATES], counted[chosen][:MAX_CANDIDATES]
    record_ids = index._c["record_ids"].view
    kept: list[int] = []
    kept_counted: list[bool] = []
    for row, close in zip(ordered.tolist(), namesake.tolist(), strict=True):
        if len(kept) >= want and not close:
            continue
        if allowed(int(record_ids[row])):
            kept_counted.append(close or len(kept) < CANDIDATE_LIMIT)
            kept.append(row)
            if len(kept) >= MAX_CANDIDATES:
                break
    return np.array(kept, dtype=np.int64), np.array(kept_counted, dtype=bool)


def _best_date(index: PersonIndex, date: PartialDate | None, rows: I64) -> F64 | float:
    """The most each row's date of birth can add: the whole date agreeing if the year does."""
    if date is None:
        return 0.0
    years = index._c["year"].view[rows]
    best: F64 = np.where(years == date.year, max(DATE_CONTRIBUTION.values()), BEST_WITH_ANOTHER_YEAR)
    best[years == 0] = DATE_CONTRIBUTION[DateMatch.MISSING]
    return best


def _date_lift(index: PersonIndex, date: PartialDate | None, rows: I64) -> F64 | float:
    if date is None:
        return 0.0
    c = index._c
    year = c["year"].view[rows] == date.year
    lift: F64 = np.where(year, DATE_RANK_BONUS[0], 0.0)
    if date.month:
        months, days = c["month"].view[rows], c["day"].view[rows]
        month = year & (months == date.month)
        lift = np.where(month, DATE_RANK_BONUS[1], lift)
        if date.day:
            whole = (month & (days == date.day)) | (year & (months == date.day) & (days == date.month))
            lift = np.where(whole, DATE_RANK_BONUS[2], lift)
    return lift


def _table(index: PersonIndex) -> TokenTable:
    c = index._c
    return TokenTable(
        forms=index.packed("tok_form"),
        canons=index.packed("tok_canon"),
        vkeys=index.packed("tok_vkey"),
        ckeys=index.packed("tok_ckey"),
        weight=c["tok_weight"].view,
        first=c["tok_first"].view,
        length=c["tok_length"].view,
        clen=c["tok_clen"].view,
        particle=c["tok_particle"].view,
        vowelless=c["tok_vowelless"].view,
        roman=c["tok_roman"].view,
    )


def search(
    index: PersonIndex,
    query: PersonQuery,
    *,
    threshold: float,
    limit: int,
    allowed: Callable[[int], bool] | None,
) -> list[PersonMatch]:
    names = _prepare_names(query.names)
    if limit <= 0 or not names:
        return []
    c = index._c
    rows, counted = _candidates(index, names, query, allowed, max(CANDIDATE_LIMIT, 3 * limit))
    named = c["entry_count"].view[rows] > 0  # a record without a usable name has no score
    rows, counted = rows[named], counted[named]
    if not len(rows):
        return []
    counts = c["entry_count"].view[rows].astype(np.int64)
    owner = np.repeat(np.arange(len(rows)), counts)
    entries = np.repeat(c["entry_start"].view[rows] - np.cumsum(counts) + counts, counts)
    entries += np.arange(len(owner))
    table = _table(index)
    scored = [
        score_names(
            name,
            np.array([index.token_id(u.form) for u in name.units], dtype=np.int32),
            table,
            c["entry_tokens"].view[entries],
            c["entry_joins"].view[entries],
            entries,
            index.packed("entry_concat"),
            index.packed("entry_skeleton"),
            c["entry_strict"].view[entries],
        )
        for name in names
    ]
    by_name = np.stack([s.score for s in scored])
    which_name = by_name.argmax(axis=0)
    name_score = by_name.max(axis=0)
    # Per candidate row, its best entry: sort by row, then score descending.
    order = np.lexsort((-name_score, owner))
    _, first = np.unique(owner[order], return_index=True)
    best_entry = order[first]
    row_name = name_score[best_entry]
    best_possible = NAME_WEIGHT * row_name + max_evidence(query, with_date=False)
    best_possible += _best_date(index, query.date_of_birth, rows)
    reachable = best_possible >= threshold - 1e-9
    # A query without a date asks for everyone of the name: no namesake is left out.
    others = namesakes(row_name, counted) if query.date_of_birth else np.zeros(len(rows), np.int64)
    passing: list[tuple[float, int, int]] = []
    dates: dict[int, tuple[DateMatch, int]] = {}  # how each candidate's date compared, on how many parts
    for i in np.nonzero(reachable)[0].tolist():
        row = int(rows[i])
        name_part = NAME_WEIGHT * float(row_name[i])
        evidence, dates[i], identified = _evidence_amount(index, query, row)
        if identified:
            others[i] = 0  # a shared passport or national number tells it from its namesakes
        evidence += common_name_amount(int(others[i]), *dates[i])
        score = min(1.0, max(0.0, name_part + evidence))
        if score >= threshold - 1e-9:
            passing.append((-score, int(c["record_ids"].data[row]), i))
    found: list[PersonMatch] = []
    for _, record_id, i in sorted(passing)[:limit]:
        entry = int(best_entry[i])
        pick = int(which_name[entry])
        features = [_name_feature(index, names[pick], scored[pick], entry, int(entries[entry]))]
        features += _evidence(index, query, int(rows[i]))
        common = common_name_feature(int(others[i]), *dates[i])
        if common is not None:
            features.append(common)
        # The score is the sum of what the explanation lists.
        score = min(1.0, max(0.0, sum(f.contribution for f in features)))
        if score >= threshold:
            found.append(PersonMatch(record_id, score, tuple(features)))
    found.sort(key=lambda m: (-m.score, m.record_id))
    return found


def _prepare_names(texts: tuple[str, ...]) -> list[PreparedName]:
    """The query's names, and the other readings of those with a 1 (I or l), each once."""
    names: list[PreparedName] = []
    seen: set[tuple[NameToken, ...]] = set()
    for text in texts:
        for reading in (text, *ocr_readings(text)):
            prepared = prepare_name(reading)
            if prepared is not None and prepared.tokens not in seen:
                seen.add(prepared.tokens)
                # Shown and explained as typed: "read 1 as I or l".
                names.append(prepared if reading == text else replace(prepared, text=text))
    return names


def _name_feature(
    index: PersonIndex, name: PreparedName, scores: NameScores, position: int, entry: int
) -> Feature:
    value = float(scores.score[position])
    labels = name_labels(scores, position, name, index.text("entry_script", entry))
    record = index.text("entry_text", entry)
    detail = f"{name.text} ~ {record} ({'+'.join(labels)}, {value:.2f})"
    notes, words = romanized_notes(_romanized_units(index, name, scores, position, entry))
    detail += "".join(f"; {w}" for w in words)
    params = (
        ("query", name.text),
        ("record", str(record)),
        ("labels", "+".join(_LABEL_CODE.get(label, label) for label in labels)),
        ("score", f"{value:.2f}"),
    )
    return Feature(
        "name", value, True, NAME_WEIGHT * value, detail, code="name_match", params=params, notes=notes
    )


def _romanized_units(
    index: PersonIndex, name: PreparedName, scores: NameScores, position: int, entry: int
) -> list[tuple[str, str]]:
    """(query part, record part) of each pair matched as another romanization."""
    c = index._c
    units = np.concatenate([c["entry_tokens"].data[entry], c["entry_joins"].data[entry]])
    parts = scores.record_parts
    found = []
    for q, r, method in zip(
        scores.pair_q[position].tolist(),
        scores.pair_r[position].tolist(),
        scores.pair_method[position].tolist(),
        strict=True,
    ):
        if q < 0 or method != METHOD_ROMANIZED:
            continue
        # Record units: its parts (padded to ``parts``), then its joins.
        unit = int(units[r] if r < parts else units[MAX_TOKENS + r - parts])
        if unit >= 0:
            found.append((name.units[q].form, index.text("tok_form", unit)))
    return found


def _evidence_amount(
    index: PersonIndex, query: PersonQuery, row: int
) -> tuple[float, tuple[DateMatch, int], bool]:
    """What the evidence beside the name adds, how the dates compared (on how many parts of
    the date), and whether an identifier is shared."""
    c = index._c
    date = (int(c["year"].data[row]), int(c["month"].data[row]), int(c["day"].data[row]))
    nationalities = tuple(int(n) for n in c["nationalities"].data[row] if n)
    shared = bool(query.identifiers) and any(i in index.identifiers_of(row) for i in query.identifiers)
    kind = date_kind(query.date_of_birth, *date)
    amount = evidence_amount(query, kind, int(c["sex"].data[row]), nationalities, shared)
    return amount, (kind, parts_in_common(query.date_of_birth, date[1], date[2])), shared


def _evidence(index: PersonIndex, query: PersonQuery, row: int) -> list[Feature]:
    c = index._c
    year, month, day = (int(c[k].data[row]) for k in ("year", "month", "day"))
    record_date = PartialDate(year, month or None, day or None) if year else None
    nationalities = tuple(nationality_name(int(n)) for n in c["nationalities"].data[row] if n)
    record_ids = index.identifiers_of(row)
    shared = tuple(i for i in query.identifiers if i in record_ids)
    return evidence_features(query, record_date, int(c["sex"].data[row]), nationalities, shared)


_METHOD_LABEL = {
    METHOD_CANON: "spelling variant",
    METHOD_VOWEL: "phonetic",
    METHOD_CONSONANT: "phonetic",
    METHOD_TYPO: "typo",
    METHOD_INITIAL: "initial",
    METHOD_ROMANIZED: "romanization",
}


# The stable code of each word of :func:`name_labels`, for a caller that words it.
_LABEL_CODE = {
    "exact": "exact",
    "transliteration": "transliteration",
    "spelling variant": "spelling_variant",
    "phonetic": "phonetic",
    "typo": "typo",
    "initial": "initial",
    "romanization": "romanization",
    "joined/split parts": "joined_split_parts",
    "differing parts": "differing_parts",
    "given name differs": "given_name_differs",
    "order swapped": "order_swapped",
    "record has more parts": "record_more_parts",
    "query has more parts": "query_more_parts",
} | {words: code for code, words in OCR_LABEL_WORDS.items()}


def name_labels(scores: NameScores, index: int, query: PreparedName, record_script: str) -> list[str]:
    """Words that say how the name matched, for the explanation."""
    labels: list[str] = []
    scripts = {query.script or "Latn", record_script or "Latn"}
    if len(scripts) > 1:
        labels.append("transliteration")
    labels += ocr_labels(query.text)
    other_given = bool(scores.other_given[index])  # one syllable for another, not a part left out
    if scores.given_differs[index] or other_given:
        labels.append("given name differs")
    if scores.concat[index] > scores.align[index]:
        return [*labels, "joined/split parts"]
    chosen = scores.pair_q[index] >= 0
    q_units = scores.pair_q[index][chosen].astype(np.int32)
    r_units = scores.pair_r[index][chosen].astype(np.int32)
    sims = scores.pair_sim[index][chosen]
    methods = scores.pair_method[index][chosen]
    for code in methods[sims >= MISMATCH_BELOW].tolist():
        label = _METHOD_LABEL.get(code)
        if label and label not in labels:
            labels.append(label)
    q_joined = q_units >= len(query.tokens)
    r_joined = r_units >= scores.record_parts
    if (q_joined != r_joined).any():
        labels.append("joined/split parts")
    if (sims < MISMATCH_BELOW).any():
        labels.append("differing parts")
    # A join starts at the part its index points to, once the parts are skipped.
    q_start = np.where(q_joined, q_units - len(query.tokens), q_units)
    r_start = np.where(r_joined, r_units - scores.record_parts, r_units)
    if (np.diff(r_start[np.argsort(q_start)]) < 0).any():
        labels.append("order swapped")
    if scores.unmatched_r[index] > 1e-9 and not other_given:
        labels.append("record has more parts")
    if scores.unmatched_q[index] > 1e-9 and not other_given:
        labels.append("query has more parts")
    return labels or ["exact"]
