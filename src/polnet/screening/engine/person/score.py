"""Vectorised name scoring.

All candidates of a query are scored at once. A name is a list of units: its
parts, plus each two adjacent parts written together, so "Al Rashid" meets
"Alrashid" and "Xiu Ying" meets "Xiuying". Unit similarities come from one
compiled pass (:mod:`.text_kernels`) over the distinct candidate units; the
alignment is a greedy assignment, run on a (candidates x query units x
record units) array, that never uses one part twice. The Python cost of a
query therefore does not grow with the number of candidates.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt

from polnet.screening.engine.kernels import align_parts, combine_levels
from polnet.screening.engine.person.initials import initial_mask
from polnet.screening.engine.person.kinship import GIVEN_DIFFERS_CAP, given_name_differs
from polnet.screening.engine.person.names import NameToken, analyse_token, detect_script, tokenise
from polnet.screening.engine.person.romanization import RomanizedPairs, languages, romanized_pairs
from polnet.screening.engine.person.syllables import is_slip
from polnet.screening.engine.text_kernels import PackedText, Patterns, best_ratio, level_scores, patterns

__all__ = [
    "MAX_TOKENS",
    "METHOD_CANON",
    "METHOD_CONSONANT",
    "METHOD_FORM",
    "METHOD_INITIAL",
    "METHOD_ROMANIZED",
    "METHOD_TYPO",
    "METHOD_VOWEL",
    "MISMATCH_BELOW",
    "NAME_WEIGHT",
    "NameScores",
    "PreparedName",
    "TokenTable",
    "is_vowelless",
    "prepare_name",
    "rescale",
    "score_names",
    "token_weight",
]

F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]
I32 = npt.NDArray[np.int32]
I8 = npt.NDArray[np.int8]
Bools = npt.NDArray[np.bool_]

MAX_TOKENS = 8  # longer names keep their first eight parts
NAME_WEIGHT = 0.80  # share of the score a perfectly matching name carries
# Each looser spelling level is worth a little less than the same letters.
LEVEL_FACTORS = (1.0, 0.97, 0.92, 0.87)  # form, canon, vkey, ckey
_LEVEL_FACTORS = np.array(LEVEL_FACTORS)
INITIAL_SIMILARITY = 0.8  # "J." against "John", before rescaling
ONE_EDIT_LONG = 0.9  # one typo in a name of five letters or more
ONE_EDIT_SHORT = 0.85  # one typo in a name of four letters
# A part present on one side only (missing middle name) counts a quarter of
# a mismatching part: omissions are common, contradictions are not.
OMISSION_WEIGHT = 0.25
# Parts of three letters or fewer are mostly syllables of Chinese or Korean
# given names or short given names: leaving one out changes the name more.
SHORT_OMISSION_WEIGHT = 0.5
# Chinese and Korean names have no middle names: for a person with a name in
# Han or Hangul script a part left out is a different given name.
STRICT_OMISSION_WEIGHT = 1.0
STRICT_PENALTY = 0.08
CONCAT_FACTOR = 0.95  # whole names compared with spaces removed
SKELETON_CONCAT_FACTOR = 0.85
MISMATCH_BELOW = 0.6  # a pair under this similarity is a mismatch, not a variant
# Unrelated names share letters, so their string similarity is rarely under
# 0.4 and seldom over 0.7, while one typo in a name of four letters or more
# leaves 0.75 or more. Similarities are rescaled from [FLOOR, CEILING] to
# [0, 1] before they are averaged, so that a shared family name alone does
# not make two different given names half the same person.
SIMILARITY_FLOOR = 0.5
SIMILARITY_CEILING = 0.95
PARTICLE_PAIR_FLOOR = 0.5  # a particle only pairs with a part it resembles
# "al", "van", "de" ... count little, but only before another part: a last
# part is a name (the Vietnamese family name Le, the Chinese Du).
PARTICLE_WEIGHT = 0.3

# How a pair matched: the spelling level that gave its similarity (same
# letters, same canonical spelling, vowel frame, consonants), a typo, or the initial.
METHOD_FORM, METHOD_CANON, METHOD_VOWEL, METHOD_CONSONANT, METHOD_TYPO, METHOD_INITIAL = range(6)
# Another romanization of the same Chinese or Korean syllables (:mod:`.romanization`):
# the standard says they are one name, so the pair counts as a spelling of it.
METHOD_ROMANIZED = 6
ROMANIZED_SIMILARITY = 0.93
# Two Chinese or Korean syllable runs with no reading in common are different names
# however few letters apart (Wang Ping / Wang Ning, Xiuying / Xiuyang, Jae / Ja), unless
# a typist's slip explains the difference (:mod:`.syllables`). Enough to make a one-syllable
# given name of another reading (Lv Yun / Lv Jun) a mismatch beside the family name.
DIFFERENT_READING_PENALTY = 0.35


def rescale(similarity: npt.NDArray[np.floating]) -> F64:
    span = SIMILARITY_CEILING - SIMILARITY_FLOOR
    result: F64 = np.clip((similarity - SIMILARITY_FLOOR) / span, 0.0, 1.0)
    return result


def is_vowelless(token: NameToken) -> bool:
    """Written without vowels, as abjad scripts transliterate (محمد -> mhmd)."""
    return len(token.form) > 1 and not any(v in token.form for v in "aeiou")


def token_weight(token: NameToken) -> float:
    """Weight of a part in the name score; particles are weighed by position."""
    return 0.5 if token.is_initial else 1.0


@dataclass(frozen=True, slots=True)
class TokenTable:
    """The index's token vocabulary, as arrays indexed by token id."""

    forms: PackedText
    canons: PackedText
    vkeys: PackedText
    ckeys: PackedText
    weight: F32
    first: I32
    length: I32
    clen: I32
    particle: Bools
    vowelless: Bools
    roman: I8  # Chinese and Korean readings, Korean family name (romanization.romanized_bits)


@dataclass(frozen=True, slots=True)
class PreparedName:
    """A query name split into units, with the arrays scoring needs."""

    text: str
    script: str
    tokens: tuple[NameToken, ...]
    units: tuple[NameToken, ...]
    weight: F64
    first: I32
    length: I32
    clen: I32
    particle: Bools
    vowelless: Bools
    overlap: npt.NDArray[np.bool_]
    cover: npt.NDArray[np.bool_]
    omit: F64
    # Packed for the compiled comparisons: the whole name, spaces removed, from each part on
    # (canonical spellings, then consonant skeletons), and the units' canonical spellings,
    # letters as typed, vowel frames and consonant skeletons.
    rotations: Patterns
    skeletons: Patterns
    packed_units: tuple[Patterns, Patterns, Patterns, Patterns]


@lru_cache(maxsize=4096)  # border posts check the same names again and again
def prepare_name(text: str) -> PreparedName | None:
    tokens = tokenise(text)[:MAX_TOKENS]
    if not tokens:
        return None
    joins = tuple(analyse_token(a.form + b.form) for a, b in itertools.pairwise(tokens))
    units = tokens + joins
    particles = [t.particle and i < len(tokens) - 1 for i, t in enumerate(tokens)]
    weights = [PARTICLE_WEIGHT if p else token_weight(t) for t, p in zip(tokens, particles, strict=True)]
    weights += [weights[i] + weights[i + 1] for i in range(len(joins))]
    cover = _cover(len(tokens))
    canons = [t.canon for t in tokens]
    ckeys = [t.ckey for t in tokens]
    rotations = tuple("".join(canons[i:] + canons[:i]) for i in range(len(canons)))
    skeletons = tuple("".join(ckeys[i:] + ckeys[:i]) for i in range(len(ckeys)))
    return PreparedName(
        text=text,
        script=detect_script(text),
        tokens=tokens,
        units=units,
        weight=np.array(weights, dtype=np.float64),
        first=np.array([initial_mask(t.form) for t in units], dtype=np.int32),
        length=np.array([len(t.form) for t in units], dtype=np.int32),
        clen=np.array([len(t.ckey) for t in units], dtype=np.int32),
        particle=np.array(particles + [False] * len(joins), dtype=bool),
        vowelless=np.array([is_vowelless(t) for t in units], dtype=bool),
        overlap=_overlap(len(tokens)),
        cover=cover,
        omit=np.array(
            [
                w * (SHORT_OMISSION_WEIGHT if 1 < len(t.form) <= 3 else OMISSION_WEIGHT)
                for t, w in zip(tokens, weights, strict=False)
            ]
        ),
        rotations=patterns(rotations),
        skeletons=patterns(skeletons),
        packed_units=(
            patterns([t.canon for t in units]),
            patterns([t.form for t in units]),
            patterns([t.vkey for t in units]),
            patterns([t.ckey for t in units]),
        ),
    )


def _similarity(query: PreparedName, query_ids: I32, table: TokenTable, ids: I32) -> tuple[F32, I8]:
    """Best similarity (Q x U) of each query unit with each vocabulary token."""
    # The letters as typed are compared by edit distance: one edit (insertion, deletion,
    # substitution, transposition) is most often a typo in a long name.
    canon, edits, vowel, skeleton = level_scores(
        *query.packed_units, (table.canons, table.forms, table.vkeys, table.ckeys), ids
    )
    return combine_levels(
        canon,
        edits,
        vowel,
        skeleton,
        query_ids,
        query.length,
        query.clen,
        query.vowelless,
        query.first,
        ids,
        table.length,
        table.clen,
        table.vowelless,
        table.first,
        _LEVEL_FACTORS,
        ONE_EDIT_LONG,
        ONE_EDIT_SHORT,
        INITIAL_SIMILARITY,
    )


@dataclass(frozen=True, slots=True)
class NameScores:
    """Name score of every candidate entry and how it was reached."""

    score: F64
    align: F64
    concat: F64
    pair_q: I8  # (C, K) query unit of each chosen pair, -1 when none
    pair_r: I8  # (C, K) record unit (parts first, then joins)
    pair_sim: F32
    pair_method: I8
    unmatched_q: F64  # weight of query parts left without a partner
    unmatched_r: F64
    record_parts: int  # number of record parts; record units past it are joins
    given_differs: Bools  # capped: first parts clearly differ, the rest agrees (:mod:`.kinship`)
    other_given: Bools  # one-syllable Chinese or Korean given names differ (:func:`_other_syllable`)


@cache
def _cover(parts: int) -> npt.NDArray[np.bool_]:
    """Which parts each unit covers: parts 0..n-1, then joins (i, i+1)."""
    cover = np.zeros((2 * parts - 1, parts), dtype=bool)
    cover[np.arange(parts), np.arange(parts)] = True
    for i in range(parts - 1):
        cover[parts + i, i : i + 2] = True
    cover.flags.writeable = False
    return cover


@cache
def _overlap(parts: int) -> npt.NDArray[np.bool_]:
    """Units (parts, then joins) that share a part, for names of ``parts`` parts."""
    cover = _cover(parts).astype(np.int8)
    result: npt.NDArray[np.bool_] = (cover @ cover.T) > 0
    result.flags.writeable = False
    return result


def score_names(
    query: PreparedName,
    query_ids: I32,
    table: TokenTable,
    entry_tokens: I32,
    entry_joins: I32,
    entries: npt.NDArray[np.int64],
    concat_text: PackedText,
    skeleton_text: PackedText,
    entry_strict: Bools,
) -> NameScores:
    """Score one query name against candidate entries (token ids, -1 padded).

    ``query_ids`` are the vocabulary ids of the query's units (-1 if unknown);
    ``entries`` are the entries' numbers in the index's packed whole-name strings.
    """
    count = len(entry_tokens)
    parts = max(int((entry_tokens >= 0).any(axis=0).sum()), 1)
    units = np.concatenate([entry_tokens[:, :parts], entry_joins[:, : parts - 1]], axis=1)
    valid = units >= 0
    ids, inverse = np.unique(units[valid], return_inverse=True)
    sim_u, method_u = _similarity(query, query_ids, table, ids.astype(np.int32))
    slots = np.zeros(units.shape, dtype=np.int64)
    slots[valid] = inverse
    sims = np.transpose(sim_u[:, slots], (1, 0, 2))  # (C, Q, R)
    if entry_strict.any():
        # Romanised Chinese and Korean given names one letter apart are
        # mostly different names (Eunyeong / Eunmyeong, Xiuying / Xiuyang).
        inexact = entry_strict[:, None, None] & (sims < 0.999)
        sims = np.where(inexact, sims - np.float32(STRICT_PENALTY), sims)
    romanized, syllabic = None, None
    readings = None
    if languages(t.form for t in query.tokens):  # most names read as neither language
        readings = romanized_pairs(
            [u.form for u in query.units],
            len(query.tokens),
            table.forms.strings(ids),
            table.roman[ids],
            table.length[ids],
            slots,
            valid,
            parts,
        )
    if readings is not None:
        romanized, apart, syllabic = readings.same, readings.differ, readings.syllabic
        sims = np.where(romanized, np.maximum(sims, np.float32(ROMANIZED_SIMILARITY)), sims)
        sims = np.where(apart, sims - np.float32(DIFFERENT_READING_PENALTY), sims)
    part_ids = np.where(valid[:, :parts], units[:, :parts], 0)
    last = valid[:, :parts].sum(axis=1, keepdims=True) - 1
    particle = valid[:, :parts] & table.particle[part_ids] & (np.arange(parts)[None, :] < last)
    if query.particle.any() or particle.any():
        record_particle = np.zeros(units.shape, dtype=bool)
        record_particle[:, :parts] = particle
        weak = query.particle[None, :, None] | record_particle[:, None, :]
        sims = np.where(weak & (sims < PARTICLE_PAIR_FLOOR), np.float32(-1.0), sims)

    part_weight = np.where(valid[:, :parts], table.weight[part_ids], 0.0)
    part_weight = np.where(particle, PARTICLE_WEIGHT, part_weight)
    record_weight = np.concatenate([part_weight, part_weight[:, :-1] + part_weight[:, 1:]], axis=1)
    record_overlap = _overlap(parts)
    rounds = min(len(query.tokens), parts)
    numerator, used_q, used_r, pair_q, pair_r, pair_sim = align_parts(
        np.ascontiguousarray(sims, dtype=np.float32),
        query.weight,
        record_weight.astype(np.float64),
        query.overlap,
        record_overlap,
        query.cover,
        _cover(parts),
        ~valid,
        rounds,
        SIMILARITY_FLOOR,
        SIMILARITY_CEILING - SIMILARITY_FLOOR,
    )
    rows = np.arange(count)
    chosen = pair_q >= 0
    pair_method = np.where(chosen, method_u[np.maximum(pair_q, 0), slots[rows[:, None], pair_r]], 0)
    if romanized is not None:
        spelled = romanized[rows[:, None], np.maximum(pair_q, 0), np.maximum(pair_r, 0)]
        pair_method = np.where(chosen & spelled, METHOD_ROMANIZED, pair_method)
    query_part_weight = query.weight[: len(query.tokens)]
    paired = (used_q * query_part_weight).sum(axis=1) + (used_r * part_weight).sum(axis=1)
    short = (table.length[part_ids] <= 3) & (table.length[part_ids] > 1)
    record_omit = part_weight * np.where(short, SHORT_OMISSION_WEIGHT, OMISSION_WEIGHT)
    strict = entry_strict[:, None]
    record_omit = np.where(strict, part_weight * STRICT_OMISSION_WEIGHT, record_omit)
    query_omit = np.where(strict, query_part_weight * STRICT_OMISSION_WEIGHT, query.omit)
    other_given = np.zeros(count, dtype=bool)
    if readings is not None:
        record_omit, query_omit, other_given = _other_syllable(
            readings, used_q, used_r, units, table, record_omit, query_omit, part_weight, query
        )
    unmatched_q = (~used_q * query_part_weight).sum(axis=1)
    unmatched_r = (~used_r * part_weight).sum(axis=1)
    omitted = (~used_q * query_omit).sum(axis=1) + (~used_r * record_omit).sum(axis=1)
    denominator = paired + omitted
    align = np.divide(numerator, denominator, out=np.zeros(count), where=denominator > 0)
    concat = _best_rotation(query.rotations, concat_text, entries) * CONCAT_FACTOR
    # Skeletons joined: abjad spellings split words differently (عبد الله / Abdullah).
    if query.skeletons.starts[1] >= 4:  # the letters of one rotation: all of the name's skeleton
        skeleton = _best_rotation(query.skeletons, skeleton_text, entries) * SKELETON_CONCAT_FACTOR
        lengths = skeleton_text.starts[entries + 1] - skeleton_text.starts[entries]
        concat = np.maximum(concat, np.where(lengths < 4, 0.0, skeleton))
    concat = rescale(concat)
    if syllabic is not None:
        # With syllables that read differently, the parts decide: Lv Yun / Lv Jun are one
        # string once j and y are merged.
        concat = np.where(syllabic, np.minimum(concat, align), concat)
    # Another given name beside a shared family and father's name: a sibling, not a variant.
    # Only names above the cap can be lowered by it, so only they are looked at.
    score = np.maximum(align, concat)
    given_differs = np.zeros(count, dtype=bool)
    high = np.flatnonzero(score > GIVEN_DIFFERS_CAP)
    if len(high):
        given_differs[high] = given_name_differs(
            pair_q[high],
            pair_r[high],
            pair_sim[high],
            len(query.tokens),
            parts,
            bool(query.particle[0]),
            MISMATCH_BELOW,
        )
    return NameScores(
        score=np.where(given_differs, GIVEN_DIFFERS_CAP, score),
        align=align,
        concat=concat,
        pair_q=pair_q.astype(np.int8),
        pair_r=pair_r.astype(np.int8),
        pair_sim=np.where(chosen, pair_sim, np.float32(0.0)),
        pair_method=pair_method.astype(np.int8),
        unmatched_q=unmatched_q,
        unmatched_r=unmatched_r,
        record_parts=parts,
        given_differs=given_differs,
        other_given=other_given,
    )


def _other_syllable(
    readings: RomanizedPairs,
    used_q: Bools,
    used_r: Bools,
    units: npt.NDArray[np.int64],
    table: TokenTable,
    record_omit: F64,
    query_omit: F64,
    part_weight: F64,
    query: PreparedName,
) -> tuple[F64, F64, Bools]:
    """Chinese and Korean names have no middle names, and a one-syllable given name is a
    whole given name: when the query and the record each keep a one-syllable part no other
    part pairs with (Ding Wei / Ding Chao), in a name of that language's shape on both
    sides, and no typist's slip turns one syllable into the other, the record holds another
    given name, not the query's with a part left out. Both parts then count as the strict
    omission a name in Han or Hangul script gets."""
    parts = used_r.shape[1]
    lone_q = ~used_q & (readings.query_single[None, :] != 0)  # (C, Q)
    lone_r = ~used_r & (readings.record_single != 0)  # (C, R)
    languages = (readings.query_single[None, :, None] & readings.record_single[:, None, :]) != 0
    pairs = lone_q[:, :, None] & lone_r[:, None, :] & languages  # (C, Q, R)
    other = np.zeros(len(used_r), dtype=bool)
    if pairs.any():
        # Each (query part, record token) once: few one-syllable tokens meet a query.
        c, q, r = np.nonzero(pairs)
        token = units[c, r]
        vocabulary = table.forms.count
        keys, inverse = np.unique(q * vocabulary + token, return_inverse=True)
        forms = query.tokens
        texts = table.forms.strings(keys % vocabulary)
        differ = np.array(
            [
                not _same_or_slip(forms[k // vocabulary].form, text)
                for k, text in zip(keys.tolist(), texts, strict=True)
            ],
            dtype=bool,
        )
        other[c[differ[inverse.ravel()]]] = True
    if not other.any():
        return record_omit, query_omit, other
    query_omit = np.broadcast_to(query_omit, lone_q.shape)
    strict_q = query.weight[None, : len(query.tokens)] * STRICT_OMISSION_WEIGHT
    strict_r = part_weight[:, :parts] * STRICT_OMISSION_WEIGHT
    query_omit = np.where(other[:, None] & lone_q, strict_q, query_omit)
    record_omit = np.where(other[:, None] & lone_r, strict_r, record_omit)
    return record_omit, query_omit, other


@lru_cache(maxsize=100_000)
def _same_or_slip(left: str, right: str) -> bool:
    return left == right or is_slip(left, right)


def _best_rotation(rotations: Patterns, text: PackedText, entries: npt.NDArray[np.int64]) -> F64:
    # Scaled to 0-1 in single precision, as the level similarities are.
    best = best_ratio(rotations, text, entries).astype(np.float32) * np.float32(0.01)
    result: F64 = best.astype(np.float64)
    return result
