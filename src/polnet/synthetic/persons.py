"""Persons of interest: names in native script and Latin forms, partial
dates of birth, nationalities and identifiers."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

from polnet.synthetic.countries import COUNTRY_CODES, country
from polnet.synthetic.identifiers import national_id
from polnet.synthetic.names import (
    CURATED_LOCALES,
    DrawnName,
    Entry,
    draw,
    full_name,
    spell,
    style,
)
from polnet.synthetic.rows import SynthName, SynthPerson

# Fixed reference year: ages are computed from it, never from today's date,
# so that output does not change from one day to the next.
REFERENCE_YEAR = 2025
P_UNKNOWN_DOB, P_YEAR_ONLY, P_YEAR_MONTH = 0.02, 0.10, 0.05

_MARKS = (
    "scar on left cheek",
    "scar above right eyebrow",
    "tattoo of a snake on right forearm",
    "tattoo of a rose on left hand",
    "tattoo of a dragon on back",
    "tattoo reading 'MOTHER' on left arm",
    "missing tip of left index finger",
    "gold front tooth",
    "birthmark on neck",
    "burn marks on both hands",
    "limps on right leg",
    "pierced eyebrow",
    "mole under left eye",
    "spider web tattoo on right elbow",
    "star tattoos on both shoulders",
)


class Owners:
    """Which member country owns person ``i``.

    Countries are laid out in a shuffled table of slots repeated over the
    index range, so that documents can pick a holder owned by their issuing
    country without materialising the persons.
    """

    SLOTS = 1024

    def __init__(self, members: Sequence[str], persons: int, seed: int) -> None:
        rng = random.Random(f"polnet-owners:{seed}")
        weights = [country(c).weight for c in members]
        total = sum(weights)
        table: list[str] = []
        for code, w in zip(members, weights, strict=True):
            table.extend([code] * max(1, round(self.SLOTS * w / total)))
        rng.shuffle(table)
        self.table = tuple(table)
        self.persons = persons
        self.slots_of: dict[str, list[int]] = {}
        for slot, code in enumerate(self.table):
            self.slots_of.setdefault(code, []).append(slot)

    def owner(self, index: int) -> str:
        return self.table[index % len(self.table)]

    def holder(self, code: str, rng: random.Random) -> int | None:
        """A person owned by ``code`` (any person if it owns none)."""
        if self.persons == 0:
            return None
        slot = rng.choice(self.slots_of[code])
        if slot >= self.persons:
            return rng.randrange(self.persons)
        size = len(self.table)
        return rng.randrange((self.persons - 1 - slot) // size + 1) * size + slot


def _picks(entries: Sequence[Entry], rng: random.Random) -> list[int]:
    # Most records use the usual spelling; some carry a variant.
    return [0 if rng.random() < 0.8 else rng.randrange(len(e.latin)) for e in entries]


def _alternative(entries: Sequence[Entry], picks: Sequence[int], rng: random.Random) -> list[int]:
    return [
        (p + 1 + rng.randrange(len(e.latin) - 1)) % len(e.latin) if len(e.latin) > 1 else p
        for e, p in zip(entries, picks, strict=True)
    ]


def render_names(drawn: DrawnName, rng: random.Random) -> list[SynthName]:
    """The primary name followed by its Latin form(s)."""
    st = drawn.style
    gp, fp = _picks(drawn.given, rng), _picks(drawn.family, rng)
    lg, lf = spell(drawn.given, gp), spell(drawn.family, fp)
    latin = SynthName(lg, lf, full_name(lg, lf, st.eastern), "Latn", False)
    if st.locale in CURATED_LOCALES and st.script == "Latn":
        names = [latin]
    else:
        ng = " ".join(e.native for e in drawn.given)
        nf = " ".join(e.native for e in drawn.family)
        sep = st.native_sep if st.script != "Latn" else " "
        native = SynthName(ng, nf, full_name(ng, nf, st.eastern, sep), st.script, False)
        names = [native] if native == latin else [native, latin]
    if rng.random() < 0.35:
        ag = spell(drawn.given, _alternative(drawn.given, gp, rng))
        af = spell(drawn.family, _alternative(drawn.family, fp, rng))
        if (ag, af) != (lg, lf):
            names.append(SynthName(ag, af, full_name(ag, af, st.eastern), "Latn", False))
    return names


def _alias(drawn: DrawnName, sex: str, rng: random.Random) -> SynthName:
    st = drawn.style
    if st.father_name and rng.random() < 0.4:
        # A kunya ("father of ..."), a common alias in Arabic-speaking regions.
        kunya = f"Abu {st.male.draw(rng).latin[0]}"
        return SynthName(kunya, "", kunya, "Latn", True)
    other = draw(st, sex, rng)
    first = other.given[-1:] if st.middle_first else other.given[:1]
    given = spell(first, [0])
    fam = drawn.family if rng.random() < 0.5 else other.family
    family = spell(fam, [0] * len(fam))
    return SynthName(given, family, full_name(given, family, st.eastern), "Latn", True)


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _dob(rng: random.Random) -> tuple[int | None, int | None, int | None]:
    age = rng.randrange(1, 18) if rng.random() < 0.08 else 18 + int(rng.betavariate(2, 3.5) * 62)
    year = REFERENCE_YEAR - age
    month = rng.randrange(1, 13)
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    day = rng.randrange(1, _DAYS[month - 1] + (1 if leap and month == 2 else 0) + 1)
    r = rng.random()
    if r < P_UNKNOWN_DOB:
        return None, None, None
    if r < P_UNKNOWN_DOB + P_YEAR_ONLY:
        return year, None, None
    if r < P_UNKNOWN_DOB + P_YEAR_ONLY + P_YEAR_MONTH:
        return year, month, None
    return year, month, day


class _LocaleChooser:
    def __init__(self) -> None:
        self._cache: dict[str, tuple[tuple[str, ...], list[int]]] = {}

    def __call__(self, code: str, rng: random.Random) -> str:
        if code not in self._cache:
            locales = country(code).locales
            self._cache[code] = (
                tuple(loc for loc, _ in locales),
                list(accumulate(w for _, w in locales)),
            )
        names, cum = self._cache[code]
        if len(names) == 1:
            return names[0]
        return names[bisect_right(cum, rng.random() * cum[-1])]


def draw_person(owner: str, rng: random.Random, choose: _LocaleChooser | None = None) -> SynthPerson:
    choose = choose or _LocaleChooser()
    origin = owner if rng.random() < 0.78 else rng.choice(COUNTRY_CODES)
    st = style(choose(origin, rng))
    r = rng.random()
    sex = "M" if r < 0.49 else "F" if r < 0.98 else "U"
    drawn = draw(st, sex, rng)
    names = render_names(drawn, rng)
    if rng.random() < 0.06:
        names.append(_alias(drawn, sex, rng))
    dob = _dob(rng)
    nationalities = [origin]
    if origin != owner and rng.random() < 0.5:
        nationalities.append(owner)
    if rng.random() < 0.03:
        extra = rng.choice(COUNTRY_CODES)
        if extra not in nationalities:
            nationalities.append(extra)
    identifiers: list[str] = []
    if rng.random() < 0.75:
        identifiers.append(national_id(nationalities[0], rng, dob, sex))
        if len(nationalities) > 1 and rng.random() < 0.3:
            identifiers.append(national_id(nationalities[1], rng, dob, sex))
    return SynthPerson(
        owner_country=owner,
        names=tuple(names),
        dob_year=dob[0],
        dob_month=dob[1],
        dob_day=dob[2],
        sex=sex,
        nationalities=tuple(nationalities),
        place_of_birth=rng.choice(country(origin).cities),
        country_of_birth=origin,
        identifiers=tuple(identifiers),
        distinguishing_marks=rng.choice(_MARKS) if rng.random() < 0.12 else "",
    )


def iter_persons(owners: Owners, count: int, seed: int) -> Iterator[SynthPerson]:
    rng = random.Random(f"polnet-persons:{seed}")
    choose = _LocaleChooser()
    for i in range(count):
        yield draw_person(owners.owner(i), rng, choose)
