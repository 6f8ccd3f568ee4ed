"""Generate ocr_digits.jsonl: names read by OCR with digits for letters.

The confusions are the identifier library's (polnet.identifiers.normalise: O/0, I/1, Z/2,
S/5, B/8), plus the lower-case l read as 1, as scanned lists and machine-read zones give.
True pairs: the record's name with one or two letters read as digits, sometimes also in
another romanisation (ICAO 9303 for BGN/PCGN). False pairs: the same OCR-read query against
a different person of the same family name (a given name one letter apart where the names
have one) born on another day.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from typo_sets import Names, one_letter_apart, pair, romanise, write

from polnet.identifiers.normalise import OCR_CONFUSABLE_PAIRS

_DIGIT_FOR = {letter.lower(): digit for letter, digit in OCR_CONFUSABLE_PAIRS} | {"l": "1"}


def misread(name: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(name) if c.lower() in _DIGIT_FOR]
    if not spots:
        return name
    chars = list(name)
    for i in rng.sample(spots, min(len(spots), rng.choice((1, 1, 2)))):
        chars[i] = _DIGIT_FOR[chars[i].lower()]
    return "".join(chars)


def rows(seed: int = 20) -> Iterator[dict[str, Any]]:
    names = Names(seed)
    rng = names.rng
    latin_given = names.all_latin_given()
    made = 0
    while made < 200:
        dob = names.dob()
        if rng.random() < 0.3:
            ru_given, ru_family = names.russian_person()
            given, family = romanise(ru_given, "BGN/PCGN"), romanise(ru_family, "BGN/PCGN")
            typed_given, typed_family = romanise(ru_given, "ICAO 9303"), romanise(ru_family, "ICAO 9303")
            how = "ICAO 9303 spelling of BGN/PCGN, "
        else:
            given, family = names.latin_person()
            typed_given, typed_family, how = given, family, ""
        read_given, read_family = misread(typed_given, rng), misread(typed_family, rng)
        if rng.random() < 0.5:
            read_given = typed_given  # often only one part is misread
        if (read_given, read_family) == (typed_given, typed_family):
            continue
        query = (
            f"{read_given} {read_family}"
            if rng.random() < 0.7
            else f"{read_family.upper()} {read_given.upper()}"
        )
        yield pair(query, dob, given, family, dob, True, f"{how}OCR digits for letters: {query}")
        # A different person of the same family name, the same OCR-read query.
        close = [g for g in latin_given if one_letter_apart(g, given)]
        other = rng.choice(close) if close else rng.choice(latin_given)
        if other.lower() == given.lower():
            continue
        yield pair(
            query, dob, other, family, names.other_dob(dob), False, f"different given name {other}, OCR query"
        )
        made += 1


if __name__ == "__main__":
    write("ocr_digits", rows())
