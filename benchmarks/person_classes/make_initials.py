"""Generate initials.jsonl: a given name written as its initial, with a second change.

True pairs: "A. Surname" for the record's full given name, with a typo in the surname, or
with a Russian name romanised by another scheme (record ICAO 9303; query BGN/PCGN or German
Duden), whose initial may then differ by transliteration alone: В as V or W, Х as Kh or
Ch, Ц as Ts or Z, Ю/Я/Е as Iu/Yu/Ju, Ia/Ya/Ja, E/Ye/Je (tables in typo_sets.py).
False pairs: a different person of the same family name whose given name starts with
another letter, or a surname one letter apart, born on another day.
"""

# ruff: noqa: RUF002
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from typo_sets import Names, pair, romanise, typo, write

_EQUIVALENT = ({"v", "w"}, {"k", "h", "c"}, {"t", "z", "c"}, {"y", "i", "j", "e"})


def unrelated(a: str, b: str) -> bool:
    a, b = a[0].lower(), b[0].lower()
    return a != b and not any(a in s and b in s for s in _EQUIVALENT)


def rows(seed: int = 21) -> Iterator[dict[str, Any]]:
    names = Names(seed)
    rng = names.rng
    made = 0
    while made < 200:
        dob = names.dob()
        if rng.random() < 0.5:
            ru_given, ru_family = names.russian_person()
            given, family = romanise(ru_given, "ICAO 9303"), romanise(ru_family, "ICAO 9303")
            scheme = rng.choice(("BGN/PCGN", "German (Duden)"))
            initial, typed = romanise(ru_given, scheme)[0], romanise(ru_family, scheme)
            why = f"{scheme} initial {initial} and surname {typed} for ICAO 9303 {given} {family}"
        else:
            given, family = names.latin_person()
            initial, typed = given[0], typo(family, rng)
            why = f"initial {initial} for {given}, typo {typed} for {family}"
        if typed == family and initial == given[0]:
            continue
        query = f"{initial}. {typed}"
        yield pair(query, dob, given, family, dob, True, why)
        # Another person of the same family name, another initial.
        other_given = given
        while not unrelated(other_given, initial):
            other_given = names.latin_person()[0]
        yield pair(
            query,
            dob,
            other_given,
            family,
            names.other_dob(dob),
            False,
            f"initial {initial}, given {other_given}",
        )
        made += 1


if __name__ == "__main__":
    write("initials", rows())
