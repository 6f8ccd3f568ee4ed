"""Generate two_variations.jsonl: a transliteration variant and a typo in one name.

True pairs: a Russian name romanised by ICAO 9303 in the record and by BGN/PCGN or the
German (Duden) transcription in the query, with one keyboard slip in one part of the query,
same date of birth. False pairs, the traps of the rule: a different person of the same family
name whose given name is one letter apart (Fedor / Fedot,
taken from the real name lists), born on another day; and a different family name one
letter apart with the same given name, born on another day.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from typo_sets import Names, one_letter_apart, pair, romanise, typo, write


def same_sound(a: str, b: str) -> bool:
    """Iaroslav / Jaroslav / Yaroslav are one name in three romanisations, not a trap."""
    fold = str.maketrans("jyw", "iiv")
    return a.lower().translate(fold) == b.lower().translate(fold)


def rows(seed: int = 22) -> Iterator[dict[str, Any]]:
    names = Names(seed)
    rng = names.rng
    ru_given_latin = sorted({romanise(g, "ICAO 9303") for g in names.ru_given})
    ru_family_latin = sorted({romanise(f, "ICAO 9303") for f in names.ru_family})
    made = false = 0
    while made < 200 or false < 150:
        dob = names.dob()
        ru_given, ru_family = names.russian_person()
        given, family = romanise(ru_given, "ICAO 9303"), romanise(ru_family, "ICAO 9303")
        scheme = rng.choice(("BGN/PCGN", "German (Duden)"))
        typed_given, typed_family = romanise(ru_given, scheme), romanise(ru_family, scheme)
        if (typed_given, typed_family) == (given, family):
            continue
        made += 1
        if rng.random() < 0.5:
            typed_family = typo(typed_family, rng)
        else:
            typed_given = typo(typed_given, rng)
        query = f"{typed_given} {typed_family}"
        why = f"{scheme} spelling with a typo ({query}) of ICAO 9303 {given} {family}"
        if made <= 200:
            yield pair(query, dob, given, family, dob, True, why)
        close = [
            g
            for g in ru_given_latin + names.all_latin_given()
            if one_letter_apart(g, given) and not same_sound(g, given)
        ]
        if close:
            other = rng.choice(close)
            yield pair(
                f"{given} {family}",
                dob,
                other,
                family,
                names.other_dob(dob),
                False,
                f"given {other} one letter from {given}",
            )
            false += 1
        near = [f for f in ru_family_latin if one_letter_apart(f, family)]
        if near:
            other = rng.choice(near)
            yield pair(
                f"{given} {family}",
                dob,
                given,
                other,
                names.other_dob(dob),
                False,
                f"family {other} one letter from {family}",
            )
            false += 1


if __name__ == "__main__":
    write("two_variations", rows())
