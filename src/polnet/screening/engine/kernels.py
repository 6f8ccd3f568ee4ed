"""Compiled inner loops of person search.

Two steps of a person query loop over thousands of small items and cost more
in numpy's per-call overhead than in arithmetic: adding up the posting lists
a query's blocking codes find, and aligning the parts of a query name with
the parts of each candidate name. They are compiled with numba (cached on
disk after the first run) and release the interpreter lock, so searches in
parallel threads run at the same time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt

__all__ = ["align_parts", "combine_levels", "compiled", "merge_postings"]

_F = TypeVar("_F", bound=Callable[..., Any])


def compiled(function: _F) -> _F:
    return cast(_F, numba.njit(cache=True, nogil=True)(function))


@compiled
def merge_postings(
    post_rows: npt.NDArray[np.int32],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    extra_rows: npt.NDArray[np.int64],
    extra_weights: npt.NDArray[np.float64],
    alive: npt.NDArray[np.bool_],
    scratch: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Rows found by the posting slices ``post_rows[starts[i]:ends[i]]`` and the
    extra rows, each with the sum of the weights of the lists that found it.

    Only live rows are returned, in no particular order. ``scratch`` holds one
    zero per index row and is left as it was found.
    """
    total = len(extra_rows)
    for i in range(len(starts)):
        total += ends[i] - starts[i]
    touched = np.empty(total, np.int64)
    count = 0
    for i in range(len(starts)):
        weight = weights[i]
        for position in range(starts[i], ends[i]):
            row = post_rows[position]
            if scratch[row] == 0.0:
                touched[count] = row
                count += 1
            scratch[row] += weight
    for i in range(len(extra_rows)):
        row = extra_rows[i]
        if scratch[row] == 0.0:
            touched[count] = row
            count += 1
        scratch[row] += extra_weights[i]
    rows = np.empty(count, np.int64)
    rank = np.empty(count, np.float64)
    kept = 0
    for i in range(count):
        row = touched[i]
        if alive[row]:
            rows[kept] = row
            rank[kept] = scratch[row]
            kept += 1
        scratch[row] = 0.0
    return rows[:kept], rank[:kept]


@compiled
def align_parts(
    sims: npt.NDArray[np.float32],
    query_weight: npt.NDArray[np.float64],
    record_weight: npt.NDArray[np.float64],
    query_overlap: npt.NDArray[np.bool_],
    record_overlap: npt.NDArray[np.bool_],
    query_cover: npt.NDArray[np.bool_],
    record_cover: npt.NDArray[np.bool_],
    blocked_record: npt.NDArray[np.bool_],
    rounds: int,
    floor: float,
    span: float,
) -> tuple[
    npt.NDArray[np.float64],
    npt.NDArray[np.bool_],
    npt.NDArray[np.bool_],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.float32],
]:
    """Greedy one-to-one alignment of query units with record units, per candidate.

    ``sims`` is (candidates, query units, record units); units are parts, then
    two adjacent parts written together. Each round takes the most similar
    free pair (the first one on a tie), adds its weighted, rescaled similarity
    to the numerator, and blocks every unit that shares a part with it. A
    pair under zero is never taken.

    Returns the numerator, the query and record parts used, and per round the
    query unit (-1 when none), the record unit and the similarity.
    """
    count, n_query, n_record = sims.shape
    pair_q = np.full((count, rounds), -1, np.int64)
    pair_r = np.zeros((count, rounds), np.int64)
    pair_sim = np.zeros((count, rounds), np.float32)
    numerator = np.zeros(count)
    used_q = np.zeros((count, query_cover.shape[1]), np.bool_)
    used_r = np.zeros((count, record_cover.shape[1]), np.bool_)
    floor32 = np.float32(floor)
    span32 = np.float32(span)
    blocked_q = np.zeros(n_query, np.bool_)
    blocked_r = np.zeros(n_record, np.bool_)
    for c in range(count):
        blocked_q[:] = False
        blocked_r[:] = blocked_record[c]
        for k in range(rounds):
            best = np.float32(-1.0)
            best_q = 0
            best_r = 0
            for q in range(n_query):
                for r in range(n_record):
                    value = np.float32(-1.0) if blocked_q[q] or blocked_r[r] else sims[c, q, r]
                    if value > best or (q == 0 and r == 0):
                        best, best_q, best_r = value, q, r
            pair_r[c, k] = best_r
            if best < 0:
                break
            rescaled = min(max((best - floor32) / span32, np.float32(0.0)), np.float32(1.0))
            numerator[c] += (query_weight[best_q] + record_weight[c, best_r]) * rescaled
            used_q[c] |= query_cover[best_q]
            used_r[c] |= record_cover[best_r]
            pair_q[c, k] = best_q
            pair_sim[c, k] = best
            blocked_q |= query_overlap[best_q]
            blocked_r |= record_overlap[best_r]
    return numerator, used_q, used_r, pair_q, pair_r, pair_sim


@compiled
def combine_levels(  # noqa: C901  # one compiled loop over every pair; a call per branch would cost the hot path
    canon: npt.NDArray[np.float32],
    edits: npt.NDArray[np.int32],
    vowel: npt.NDArray[np.float32],
    skeleton: npt.NDArray[np.float32],
    query_ids: npt.NDArray[np.int32],
    query_length: npt.NDArray[np.int32],
    query_clen: npt.NDArray[np.int32],
    query_vowelless: npt.NDArray[np.bool_],
    query_first: npt.NDArray[np.int32],
    ids: npt.NDArray[np.int32],
    token_length: npt.NDArray[np.int32],
    token_clen: npt.NDArray[np.int32],
    token_vowelless: npt.NDArray[np.bool_],
    token_first: npt.NDArray[np.int32],
    factors: npt.NDArray[np.float64],
    one_edit_long: float,
    one_edit_short: float,
    initial_similarity: float,
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int8]]:
    """Best similarity and how it was reached, per (query unit, vocabulary token).

    ``canon``, ``vowel`` and ``skeleton`` are string similarities in [0, 1] at
    three spelling levels, ``edits`` the edit distance of the forms as typed
    (capped at 2); ``factors`` what each looser level is worth. Methods:
    0 same form, 1 same canonical spelling, 2 vowel frame, 3 consonants,
    4 typo, 5 initial (as ``person_score.METHOD_*``).
    """
    n_query, n_tokens = canon.shape
    best = np.empty((n_query, n_tokens), np.float32)
    method = np.empty((n_query, n_tokens), np.int8)
    canon_factor = np.float32(factors[1])
    vowel_factor = np.float32(factors[2])
    long_edit, short_edit = np.float32(one_edit_long), np.float32(one_edit_short)
    for q in range(n_query):
        for u in range(n_tokens):
            token = ids[u]
            # One edit in a name of four letters or more is most often a typo; in a
            # short name it as often makes another name (Li / Lu).
            shortest_word = min(query_length[q], token_length[token])
            spelled = canon[q, u]
            if edits[q, u] == 1:
                if shortest_word >= 5:
                    spelled = max(spelled, long_edit)
                elif shortest_word == 4:
                    spelled = max(spelled, short_edit)
            # Consonant skeletons of short names say little (Ali / Eli), unless one side
            # was written without vowels and the skeleton is all there is.
            shortest = min(query_clen[q], token_clen[token])
            abjad = query_vowelless[q] or token_vowelless[token]
            vowels = np.float32(0.0) if shortest < 2 or abjad else vowel[q, u] * vowel_factor
            factor = 0.0
            if shortest >= 4 or (abjad and shortest == 3):
                factor = 1.0
            elif abjad and shortest == 2:
                factor = 0.92
            elif abjad and shortest == 1:
                factor = 0.8
            consonants = skeleton[q, u] * np.float32(factor * factors[3])
            value = np.float32(1.0) if query_ids[q] == token else np.float32(0.0)
            how = 0
            if spelled * canon_factor > value:
                value, how = spelled * canon_factor, 1
            if vowels > value:
                value, how = vowels, 2
            if consonants > value:
                value, how = consonants, 3
            if how == 1 and spelled < 1.0:
                how = 4
            # An initial only says which letter the part starts with.
            if (query_length[q] == 1) != (token_length[token] == 1):
                # Letters an initial may be written with, as bit masks (person.initials).
                same_first = (query_first[q] & token_first[token]) != 0
                value = np.float32(initial_similarity) if same_first else np.float32(0.0)
                how = 5
            best[q, u] = value
            method[q, u] = how
    return best, method
