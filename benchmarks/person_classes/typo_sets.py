"""Shared pieces of the generators of the OCR-digit, initial and two-variation sets.

Names are real names from Faker's locale lists (as benchmarks/person_engine_quick.py uses);
Russian names are drawn in Cyrillic and romanised here by three published schemes, letter
by letter:

* ICAO Doc 9303 Part 3 (8th ed., 2021), section 6 table A: the passport spelling.
* BGN/PCGN 1947 for Russian: YE/YU/YA, E written YE at the start of a word.
* German (Duden) transcription: W, SCH, Z for Ц, JU/JA, S for З.

Each generator writes `<class>.jsonl` beside this file; run it from the repository root:
    PYTHONPATH=src .venv/bin/python benchmarks/person_classes/make_<class>.py
"""

# ruff: noqa: RUF001, RUF002
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from faker import Faker

HERE = Path(__file__).parent

_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
ICAO = dict(zip(_RUSSIAN, [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
    "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia",
], strict=True))  # fmt: skip
BGN = dict(zip(_RUSSIAN, [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
    "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
], strict=True))  # fmt: skip
DUDEN = dict(zip(_RUSSIAN, [
    "a", "b", "w", "g", "d", "e", "jo", "sch", "s", "i", "i", "k", "l", "m", "n", "o", "p", "r",
    "s", "t", "u", "f", "ch", "z", "tsch", "sch", "schtsch", "", "y", "", "e", "ju", "ja",
], strict=True))  # fmt: skip
SCHEMES = {"ICAO 9303": ICAO, "BGN/PCGN": BGN, "German (Duden)": DUDEN}
_VOWELS = "аеёиоуыэюяйъь"


def romanise(cyrillic: str, scheme: str) -> str:
    table = SCHEMES[scheme]
    out = []
    for i, char in enumerate(cyrillic.lower()):
        latin = table.get(char, char)
        if char == "е" and scheme != "ICAO 9303" and (i == 0 or cyrillic[i - 1].lower() in _VOWELS):
            latin = "ye" if scheme == "BGN/PCGN" else "je"
        out.append(latin)
    return "".join(out).capitalize()


class Names:
    """Pools of real given and family names, Latin as written, Russian in Cyrillic."""

    LATIN = ("en_US", "fr_FR", "de_DE", "es_ES", "it_IT", "tr_TR", "pl_PL")

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.latin: list[tuple[list[str], list[str]]] = []
        for i, locale in enumerate(self.LATIN):
            fake = Faker(locale)
            fake.seed_instance(seed + i)
            given = sorted({fake.first_name() for _ in range(400)})
            family = sorted({fake.last_name() for _ in range(400)})
            self.latin.append((given, family))
        fake = Faker("ru_RU")
        fake.seed_instance(seed + 99)
        self.ru_given = sorted(
            {fake.first_name_male() for _ in range(300)} | {fake.first_name_female() for _ in range(300)}
        )
        self.ru_family = sorted({fake.last_name_male() for _ in range(600)})

    def latin_person(self) -> tuple[str, str]:
        given, family = self.rng.choice(self.latin)
        return self.rng.choice(given), self.rng.choice(family)

    def russian_person(self) -> tuple[str, str]:
        return self.rng.choice(self.ru_given), self.rng.choice(self.ru_family)

    def all_latin_given(self) -> list[str]:
        return sorted({g for given, _ in self.latin for g in given})

    def dob(self) -> str:
        return f"{self.rng.randint(1945, 2004)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def other_dob(self, dob: str) -> str:
        """Another date of birth: a different person, often born the same year."""
        while True:
            other = self.dob()
            if self.rng.random() < 0.5:
                other = dob[:4] + other[4:]
            if other != dob:
                return other


def typo(word: str, rng: random.Random) -> str:
    """One keyboard slip away from the word: a letter dropped, doubled, swapped or replaced."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    letters = "aeiou" if word[i] in "aeiou" else "bcdfgklmnprstvz"
    return word[:i] + rng.choice([c for c in letters if c != word[i]]) + word[i + 1 :]


def one_letter_apart(a: str, b: str) -> bool:
    """Same length, one letter different (Ivan / Ivon): another name, not a typo."""
    a, b = a.lower(), b.lower()
    return len(a) == len(b) and a != b and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def pair(
    query: str, qdob: str | None, given: str, family: str, rdob: str, match: bool, why: str
) -> dict[str, Any]:
    q: dict[str, Any] = {"name": query}
    if qdob:
        q["dob"] = qdob
    record = {"names": [{"given": given, "family": family}], "dob": rdob}
    return {"query": q, "record": record, "match": match, "why": why}


def write(name: str, rows: Iterator[dict[str, Any]]) -> None:
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    (HERE / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{name}: {len(lines)} pairs")
