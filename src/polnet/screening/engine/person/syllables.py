"""A typist's slip or another syllable: two Chinese or Korean name parts one syllable apart.

Romanized Chinese and Korean names are runs of syllables from a closed inventory: about
four hundred toneless pinyin syllables (the table of :mod:`.wadegiles_table`, generated from
pypinyin's character dictionary) and the Revised Romanization syllables built from the jamo
tables of :mod:`.korean_romanization` (RR 2000). Two parts that read as the same syllables
but one, where both differing syllables are in the inventory, are evidence of two given
names (Wang Ping / Wang Ning, Xiuying / Xiuyang), unless the difference is a slip a typist
or a scanner actually makes:

* a letter replaced by the key next to it on a QWERTY keyboard (Qiangfang / Qianggang:
  f and g are neighbours), or by a letter OCR reads for it (I and l print the same in most
  sans-serif faces);
* two adjacent letters transposed;
* a letter left out or added (Guojian / Gujian): the commonest slip, and one that needs no
  neighbouring key; which side lost the letter cannot be told.

A slip that leaves letters outside the inventory (Jian / Jain) is no evidence of another
name: the part simply has no second reading, and the ordinary typo similarity applies.

Pinyin syllables that start with a, o or e are written after an apostrophe when they follow
another syllable (Basic rules of Hanyu Pinyin orthography, GB/T 16159-2012, on the syllable
dividing mark), so an unmarked part is not read with one inside it (Zhiqiang is zhi-qiang,
not zhi-qi-ang); syllables without a vowel (the interjections m, n, ng, hm) are not names.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "Runs",
    "differing_runs",
    "differing_syllables",
    "fewest_syllables",
    "is_slip",
    "segmentations",
    "syllable_count",
]

Inventory = Mapping[str, frozenset[str]]  # spelling of a syllable -> its standard readings

_MAX_SYLLABLE = 8
_MAX_SEGMENTATIONS = 24
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY = {letter: (row, column) for row, keys in enumerate(_ROWS) for column, letter in enumerate(keys)}
# Letters OCR reads for one another in names printed in Latin capitals and read back in
# lower case: capital I and lower-case l.
_OCR_LETTERS = frozenset({frozenset("il")})
_VOWELS = frozenset("aeiouv")


def _neighbours(a: str, b: str) -> bool:
    """Keys that touch on a QWERTY keyboard. Each row sits a quarter to half a key right of
    the one above, so a key touches the two above it at its own column and the next."""
    if a not in _KEY or b not in _KEY:
        return False
    (row_a, col_a), (row_b, col_b) = sorted((_KEY[a], _KEY[b]))
    if row_a == row_b:
        return abs(col_a - col_b) == 1
    return row_b == row_a + 1 and col_a - col_b in (0, 1)


def is_slip(typed: str, meant: str) -> bool:
    """``typed`` is one typist's or scanner's slip from ``meant`` (see the module docstring)."""
    if len(typed) == len(meant):
        diff = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
        if len(diff) == 1:
            a, b = typed[diff[0]], meant[diff[0]]
            return _neighbours(a, b) or frozenset((a, b)) in _OCR_LETTERS
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == meant[diff[1]]
            and typed[diff[1]] == meant[diff[0]]
        )
    short, long = sorted((typed, meant), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


Syllable = tuple[str, frozenset[str]]  # as written, and its standard readings
Runs = tuple[tuple[Syllable, ...], ...]  # the ways a part reads as a run of syllables


def segmentations(
    form: str, inventory: Inventory, pinyin: bool, beginnings: frozenset[str] | None = None
) -> Runs:
    """The ways ``form`` reads as a run of syllables of ``inventory`` (at most a few dozen).
    ``beginnings``, every beginning of a spelling in ``inventory``, ends the search for a
    syllable where none begins with the letters. A pure function of the part: callers keep
    it per part (:mod:`.romanization`)."""
    found: list[tuple[Syllable, ...]] = []

    def extend(start: int, done: tuple[Syllable, ...]) -> None:
        if len(found) >= _MAX_SEGMENTATIONS:
            return
        if start == len(form):
            found.append(done)
            return
        for end in range(start + 1, min(len(form), start + _MAX_SYLLABLE) + 1):
            spelling = form[start:end]
            if beginnings is not None and spelling not in beginnings:
                break
            readings = inventory.get(spelling)
            if not readings or not _VOWELS.intersection(spelling):
                continue
            if pinyin and start and spelling[0] in "aoe":
                continue
            extend(end, (*done, (spelling, readings)))

    extend(0, ())
    return tuple(found)


def fewest_syllables(runs: Runs) -> int:
    """The fewest syllables of the readings ``runs`` (0: none)."""
    return min((len(s) for s in runs), default=0)


def syllable_count(form: str, inventory: Inventory, pinyin: bool) -> int:
    """The fewest syllables ``form`` reads as (0: it does not read as a run of them)."""
    return fewest_syllables(segmentations(form, inventory, pinyin))


def differing_syllables(left: str, right: str, inventory: Inventory, pinyin: bool) -> tuple[str, str] | None:
    """The two syllables (as written) by which ``left`` and ``right`` differ, when both read as
    runs of the same number of syllables of which exactly one differs in reading and no
    typist's slip turns that syllable into the other; None otherwise (they share a reading,
    read in different numbers of syllables, differ in more than one, or a slip explains it)."""
    ours = segmentations(left, inventory, pinyin)
    return differing_runs(ours, segmentations(right, inventory, pinyin) if ours else ())


def differing_runs(ours: Runs, theirs: Runs) -> tuple[str, str] | None:
    """:func:`differing_syllables` of two parts' :func:`segmentations`."""
    found: tuple[str, str] | None = None
    for a in ours:
        for b in theirs:
            if len(a) != len(b):
                continue
            diff = [k for k in range(len(a)) if not a[k][1] & b[k][1]]
            if not diff:
                return None
            if len(diff) > 1:  # one slip can move a syllable boundary (Leumwon / Lebmwon)
                continue
            if _explained(a[diff[0]], b[diff[0]]):
                return None
            found = found or (a[diff[0]][0], b[diff[0]][0])
    return found


def _explained(a: Syllable, b: Syllable) -> bool:
    """One slip turns one syllable, as written, into the other. A slip on top of another
    romanization (yung typed for Wade-Giles hung, against a pinyin record hong) is two
    changes, and reads as another syllable."""
    return is_slip(a[0], b[0])
