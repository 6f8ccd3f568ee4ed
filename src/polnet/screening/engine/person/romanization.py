"""Chinese and Korean names in older or passport romanizations.

A Latin name part that reads as a run of Chinese syllables (pinyin or Wade-Giles) or of
Korean syllables (Revised Romanization, McCune-Reischauer, passport spellings) gets the
set of its standard readings: pinyin for Chinese, Revised Romanization for Korean. Two
parts are the same name when their readings meet ("Chang" reads pinyin chang or zhang,
"Zhang" only zhang). Readings are kept apart, never folded into one key, so names that
differ by a sound (Wang Ping / Wang Ning, pinyin j / y, Korean ae / a) stay different.

Tables: :mod:`.wadegiles_table` (generated from pypinyin, MIT) and
:mod:`.korean_romanization` (RR 2000, MR 1939, NIKL surname survey).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from polnet.screening.engine.boundary import Clause
from polnet.screening.engine.person.korean_romanization import FINALS, INITIALS, SURNAMES, VOWELS
from polnet.screening.engine.person.names import canonical
from polnet.screening.engine.person.syllables import (
    Runs,
    differing_runs,
    fewest_syllables,
    is_slip,
    segmentations,
)
from polnet.screening.engine.person.wadegiles_table import PINYIN_TO_WADEGILES

__all__ = [
    "CHINESE",
    "KOREAN",
    "KOREAN_SURNAME_BIT",
    "RomanizedPairs",
    "alternative_spellings",
    "language_bits",
    "languages",
    "readings",
    "romanized_bits",
    "romanized_notes",
    "romanized_pairs",
    "shared_reading",
]

CHINESE = "zh"
KOREAN = "ko"
_MAX_READINGS = 48  # a longer list means the part is not a name of these languages
_MAX_SYLLABLE = 8


@cache
def _chinese() -> dict[str, frozenset[str]]:
    """Spelling of one syllable (pinyin or Wade-Giles) -> its pinyin syllables."""
    table: dict[str, set[str]] = {}
    for syllable, wade in PINYIN_TO_WADEGILES.items():
        for spelling in {syllable, wade}:
            # Passports print pinyin u-umlaut (v) as u or yu.
            for variant in {spelling, spelling.replace("v", "u"), spelling.replace("v", "yu")}:
                table.setdefault(variant, set()).add(syllable)
    return {k: frozenset(v) for k, v in table.items()}


@cache
def _korean() -> dict[str, frozenset[str]]:
    """Spelling of one syllable (RR, MR or passport) -> its Revised Romanization."""
    table: dict[str, set[str]] = {}
    for initial, vowel, final in itertools.product(INITIALS.values(), VOWELS.values(), FINALS.values()):
        standard = initial[0] + vowel[0] + final[0]
        for i, v, f in itertools.product(initial, vowel, final):
            table.setdefault(i + v + f, set()).add(standard)
    return {k: frozenset(v) for k, v in table.items()}


@cache
def _beginnings(language: str) -> frozenset[str]:
    """Every beginning of a spelling of a syllable of ``language`` (the spelling included)."""
    table = _chinese() if language == CHINESE else _korean()
    return frozenset(spelling[:end] for spelling in table for end in range(1, len(spelling) + 1))


def _segment(form: str, table: dict[str, frozenset[str]], beginnings: frozenset[str]) -> frozenset[str]:
    """Every standard reading of ``form`` read as a run of syllables of ``table``. A syllable
    is looked for only as long as the letters can still begin one (``beginnings``)."""
    found: list[set[str]] = [set() for _ in range(len(form) + 1)]
    found[0].add("")
    for start in range(len(form)):
        if not found[start]:
            continue
        for end in range(start + 1, min(len(form), start + _MAX_SYLLABLE) + 1):
            piece = form[start:end]
            if piece not in beginnings:
                break
            standard = table.get(piece)
            if standard:
                found[end].update(a + b for a in found[start] for b in standard)
                if len(found[end]) > _MAX_READINGS:
                    return frozenset()
    return frozenset(found[-1])


@lru_cache(maxsize=200_000)
def _chinese_readings(form: str) -> frozenset[str]:
    if not form or len(form) > 4 * _MAX_SYLLABLE:
        return frozenset()
    return _segment(form, _chinese(), _beginnings(CHINESE))


@lru_cache(maxsize=200_000)
def _korean_readings(form: str) -> frozenset[str]:
    if not form or len(form) > 4 * _MAX_SYLLABLE:
        return frozenset()
    return _segment(form, _korean(), _beginnings(KOREAN)) | _surname_readings().get(form, frozenset())


@cache
def _surname_readings() -> dict[str, frozenset[str]]:
    """Spelling of a Korean family name -> its Revised Romanizations."""
    found: dict[str, set[str]] = {}
    for rr, spellings in SURNAMES.items():
        for spelling in spellings:
            found.setdefault(spelling, set()).add(rr)
    return {spelling: frozenset(rrs) for spelling, rrs in found.items()}


def readings(form: str) -> dict[str, frozenset[str]]:
    """Standard readings of a Latin name part, by language (empty if none)."""
    result: dict[str, frozenset[str]] = {}
    chinese, korean = _chinese_readings(form), _korean_readings(form)
    if chinese:
        result[CHINESE] = chinese
    if korean:
        result[KOREAN] = korean
    return result


@lru_cache(maxsize=200_000)
def is_korean_surname(form: str) -> bool:
    # Surnames are one syllable, in any spelling at most six letters (Cheong, Hwang).
    return len(form) <= 6 and bool(_korean_readings(form) & SURNAMES.keys())


def languages(forms: Iterable[str]) -> frozenset[str]:
    """Languages whose syllables spell every part of a name. Nearly any run of consonants
    and vowels reads as Korean syllables (Maria: ma-ri-a), so a Korean name also needs a
    Korean surname among its parts; that is looked for first, as it is cheap."""
    parts = tuple(forms)
    found: set[str] = set()
    if parts and all(_chinese_readings(f) for f in parts):
        found.add(CHINESE)
    if any(is_korean_surname(f) for f in parts) and all(_korean_readings(f) for f in parts):
        found.add(KOREAN)
    return frozenset(found)


def shared_reading(left: str, right: str, allowed: Iterable[str]) -> tuple[str, str] | None:
    """(language, reading) the two parts share, when their forms differ."""
    if left == right:
        return None
    ours, theirs = readings(left), readings(right)
    for language in sorted(allowed):
        common = ours.get(language, frozenset()) & theirs.get(language, frozenset())
        if common:
            # The reading one of the two already is, else the shortest.
            best = (
                right
                if right in common
                else left
                if left in common
                else min(common, key=lambda s: (len(s), s))
            )
            return language, best
    return None


def _rendered(reading: str, language: str) -> Sequence[str]:
    if language == CHINESE:
        return [reading, _wade(reading)]
    return [reading, *(s for rr, spellings in SURNAMES.items() if rr == reading for s in spellings)]


@lru_cache(maxsize=50_000)
def _wade(reading: str) -> str:
    parts = _split_pinyin(reading)
    return "".join(PINYIN_TO_WADEGILES.get(p, p) for p in parts) if parts else reading


def _split_pinyin(text: str) -> list[str]:
    # Longest syllable first: enough to spell a reading back in Wade-Giles.
    out: list[str] = []
    start = 0
    while start < len(text):
        for end in range(min(len(text), start + 6), start, -1):
            if text[start:end] in PINYIN_TO_WADEGILES and (end == len(text) or _split_pinyin(text[end:])):
                out.append(text[start:end])
                start = end
                break
        else:
            return []
    return out


@lru_cache(maxsize=50_000)
def alternative_spellings(form: str) -> tuple[str, ...]:
    """Other spellings of a part that records may hold: its standard readings, and their
    Wade-Giles or passport forms (for blocking: records are found by their own keys)."""
    found: list[str] = []
    for language, options in readings(form).items():
        if len(options) > 8:
            continue
        for reading in sorted(options):
            for spelling in _rendered(reading, language):
                if spelling != form and spelling not in found:
                    found.append(spelling)
    return tuple(found[:12])


class RomanizedPairs(NamedTuple):
    """What :func:`romanized_pairs` finds between a query name and its candidates."""

    same: npt.NDArray[np.bool_]  # (C, Q, R) one name in another romanization
    differ: npt.NDArray[np.bool_]  # (C, Q, R) different readings
    syllabic: npt.NDArray[np.bool_]  # (C,) entries holding a pair of different readings
    query_single: npt.NDArray[np.int64]  # (Q parts,) language bits of one-syllable parts
    record_single: npt.NDArray[np.int64]  # (C, R parts) the same, for the entries' parts


_BITS = {CHINESE: 1, KOREAN: 2}
# Beside the language bits, :func:`romanized_bits` marks a Korean family name.
KOREAN_SURNAME_BIT = 4
_LANGUAGE_BITS = _BITS[CHINESE] | _BITS[KOREAN]


def language_bits(form: str) -> int:
    chinese = _BITS[CHINESE] if _chinese_readings(form) else 0
    return chinese | (_BITS[KOREAN] if _korean_readings(form) else 0)


def romanized_bits(form: str) -> int:
    """What :func:`romanized_pairs` needs to know of a record's part: the languages whose
    syllables spell it, and whether it is a Korean family name. The index keeps it for each
    part it holds, so a query does not read the parts of its candidates again."""
    return language_bits(form) | (KOREAN_SURNAME_BIT if is_korean_surname(form) else 0)


def _shared_bits(left: str, right: str, bits: int) -> int:
    """The languages of ``bits`` in which two different parts share a reading."""
    found = 0
    if left != right:
        if bits & _BITS[CHINESE] and _chinese_readings(left) & _chinese_readings(right):
            found |= _BITS[CHINESE]
        if bits & _BITS[KOREAN] and _korean_readings(left) & _korean_readings(right):
            found |= _BITS[KOREAN]
    return found


def romanized_pairs(
    query_forms: Sequence[str],
    query_parts: int,
    unit_forms: Sequence[str],
    unit_roman: npt.NDArray[np.integer],
    unit_lengths: npt.NDArray[np.integer],
    slots: npt.NDArray[np.int64],
    valid: npt.NDArray[np.bool_],
    parts: int,
) -> RomanizedPairs | None:
    """For names that read wholly as one language's syllables on both sides: (C, Q, R)
    pairs that are one name in another romanization, (C, Q, R) pairs of different
    readings (Ping / Ning, Jun / Yun, Bae / Ba), which loose spellings must not merge,
    (C,) the entries that hold such a pair, and the language bits under which each query
    part (Q parts,) and each record part (C, R parts) is a single syllable of a name of
    that language's shape. ``unit_roman`` and ``unit_lengths`` are the
    :func:`romanized_bits` and lengths of ``unit_forms``, kept by the index."""
    query_bits = languages(query_forms[:query_parts])
    mask = sum(_BITS[language] for language in query_bits)
    if not mask:
        return None
    roman = unit_roman.astype(np.int64)
    unit_bits = roman & _LANGUAGE_BITS
    part_bits = np.where(valid[:, :parts], unit_bits[slots[:, :parts]], -1)
    entry_bits = np.bitwise_and.reduce(part_bits, axis=1) & mask
    if mask & _BITS[KOREAN]:
        surnames = (roman & KOREAN_SURNAME_BIT) != 0
        korean = (valid[:, :parts] & surnames[slots[:, :parts]]).any(axis=1)
        entry_bits = np.where(korean, entry_bits, entry_bits & ~_BITS[KOREAN])
    if not entry_bits.any():
        return None
    lengths = unit_lengths.astype(np.int64)
    shaped = sum(
        bit for language, bit in _BITS.items() if _name_shaped(tuple(query_forms[:query_parts]), language)
    )
    # A unit counts only in the languages of the entries that hold it: the units of an entry
    # with a part of no Chinese or Korean syllables (Maria Wang) need no reading.
    live = entry_bits != 0
    held = valid[live]
    unit_gate = np.zeros(len(unit_forms), dtype=np.int64)
    np.bitwise_or.at(unit_gate, slots[live][held], np.repeat(entry_bits[live], held.sum(axis=1)))
    unit_gate &= unit_bits
    gate_list = unit_gate.tolist()
    cells: list[tuple[int, int]] = []
    found: list[tuple[int, int]] = []
    for q, left in enumerate(query_forms):
        bits = language_bits(left) & mask
        if not bits:
            continue
        # Spellings of the same syllables differ by a letter or two a syllable
        # (hsiung / xiong, kyong / gyeong): others need not be compared.
        longest = np.maximum(lengths, len(left))
        near = (np.abs(lengths - len(left)) <= 1 + longest // 3) | (np.minimum(lengths, len(left)) <= 2)
        for u in np.nonzero((unit_gate & bits).astype(bool) & near)[0].tolist():
            right = unit_forms[u]
            if right != left:
                cells.append((q, u))
                found.append(_pair_bits(left, right, bits & gate_list[u], shaped, q < query_parts))
    shared = np.zeros((len(query_forms), len(unit_forms)), dtype=np.int64)
    apart = np.zeros((len(query_forms), len(unit_forms)), dtype=np.int64)
    if cells:
        at = tuple(np.array(cells, dtype=np.int64).T)
        shared[at], apart[at] = np.array(found, dtype=np.int64).T
    gate = entry_bits[:, None, None]
    same = ((np.transpose(shared[:, slots], (1, 0, 2)) & gate) != 0) & valid[:, None, :]
    differ = ((np.transpose(apart[:, slots], (1, 0, 2)) & gate) != 0) & valid[:, None, :] & ~same
    query_single = np.array([_single_bits(f, shaped) for f in query_forms[:query_parts]], dtype=np.int64)
    unit_single = np.zeros(len(unit_forms), dtype=np.int64)
    for u in np.flatnonzero(unit_gate & shaped).tolist():  # none unless the query is name-shaped
        unit_single[u] = _single_bits(unit_forms[u], gate_list[u] & shaped)
    record_single = (
        np.where(valid[:, :parts], unit_single[slots[:, :parts]], 0) & entry_bits[:, None] & shaped
    )
    return RomanizedPairs(same, differ, differ.any(axis=(1, 2)), query_single, record_single)


@lru_cache(maxsize=200_000)
def _single_bits(form: str, bits: int) -> int:
    """The language bits of ``bits`` in which ``form`` reads as one syllable."""
    return sum(
        bit
        for language, bit in _BITS.items()
        if bits & bit and fewest_syllables(_syllable_runs(form, language)) == 1
    )


@lru_cache(maxsize=500_000)  # a query's parts meet the same candidate parts again and again
def _pair_bits(left: str, right: str, bits: int, shaped: int, part: bool) -> tuple[int, int]:
    """The language bits of ``bits`` under which two different parts share a reading, and
    those under which they are different names (:func:`_merged`). Only the languages of
    ``bits`` (the query's, the entries' that hold ``right``) are read: no other counts."""
    common = _shared_bits(left, right, bits)
    return common, _merged(left, right, bits & ~common, shaped, part)


@lru_cache(maxsize=200_000)
def other_syllable(left: str, right: str, language: str) -> tuple[str, str] | None:
    """The syllables (as written) by which two parts of a name of ``language`` read as
    different names: one syllable for another that no typist's slip explains (Ping / Ning,
    Weiting / Leiting, Yunha / Eunha; :mod:`.syllables`). A slip (Qiangfang / Qianggang,
    f and g side by side; Guojian / Gujian, a letter left out) stays a possible typo."""
    ours = _syllable_runs(left, language)
    return differing_runs(ours, _syllable_runs(right, language) if ours else ())


@lru_cache(maxsize=100_000)
def _syllable_runs(form: str, language: str) -> Runs:
    """The ways a part reads as syllables of ``language`` (:func:`.syllables.segmentations`):
    kept per part, as one query meets the same parts in many candidates."""
    if language == CHINESE:
        return segmentations(form, _chinese(), pinyin=True, beginnings=_beginnings(CHINESE))
    return segmentations(form, _korean(), pinyin=False, beginnings=_beginnings(KOREAN))


@lru_cache(maxsize=50_000)
def _name_shaped(forms: tuple[str, ...], language: str) -> bool:
    """A Chinese or Korean name: a family name of one syllable (a few Chinese ones have two,
    Ouyang, Zhuge) and a given name of one or two, so one part is a single syllable and the
    name has at most four. Names of other languages that happen to spell as pinyin (Aicha
    Sulaiman: ai-cha su-lai-man) seldom have that shape."""
    # An initial (A. Cutin) is no syllable of a name; the Korean family names 이, 오 and 우
    # are written with one letter in Revised Romanization (I, O, U).
    if any(len(f) == 1 and not (language == KOREAN and is_korean_surname(f)) for f in forms):
        return False
    counts = [fewest_syllables(_syllable_runs(f, language)) for f in forms]
    return 1 in counts and 0 not in counts and sum(counts) <= 4


def _merged(left: str, right: str, bits: int, shaped: int, part: bool) -> int:
    """The language bits of ``bits`` under which the two parts are different names: a sound
    the loose spellings merge (Jun / Yun, Bae / Ba), or, in a name of the shape of that
    language's names (``shaped``), another syllable. A query part (``part``; not two parts
    written together) of two syllables is read against one up to two letters longer or
    shorter (Sukseok / Useok, 숙 for 우: the whole names' letters stay close, so the
    similarity alone would take them for one name); shorter parts and joined parts a letter
    apart at most (Na / Xiao is a part of another name, not another syllable); the rest is
    left to the similarity."""
    if not bits:
        return 0
    if canonical(left) == canonical(right):
        return 0 if is_slip(left, right) else bits  # Zhao / Zao: a letter left out
    wide = part and min(len(left), len(right)) >= 4
    if not bits & shaped or abs(len(left) - len(right)) > (2 if wide else 1):
        return 0
    return sum(
        bit
        for language, bit in _BITS.items()
        if bits & shaped & bit and other_syllable(left, right, language)
    )


_NOTE = {
    CHINESE: "{query}: Wade-Giles spelling of pinyin {reading}",
    KOREAN: "{query}: McCune-Reischauer or passport spelling of Revised Romanization {reading}",
}


def romanized_notes(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[Clause, ...], list[str]]:
    """Clauses and English sentences for parts matched as another romanization."""
    clauses: list[Clause] = []
    words: list[str] = []
    for left, right in pairs:
        found = shared_reading(left, right, _BITS)
        if found is None:
            continue
        language, reading = found
        # The part that is not already the standard spelling is the one explained.
        query, standard = (right, left) if left == reading else (left, reading)
        params = (("query", query.title()), ("reading", standard.title()))
        chinese = language == CHINESE
        clauses.append(
            Clause("wade_giles_of_pinyin", params) if chinese else Clause("korean_romanization", params)
        )
        words.append(_NOTE[language].format(query=query.title(), reading=standard.title()))
    return tuple(clauses), words
