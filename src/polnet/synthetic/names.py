"""Name pools per locale, built once from Faker's data and curated tables.

Calling Faker per row is far too slow for a million rows, so each locale's
lists are read once, given their Latin forms, and then drawn from with the
caller's ``random.Random``.
"""

from __future__ import annotations

import importlib
import random
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from polnet.synthetic import name_tables as nt
from polnet.synthetic import name_tables_extra as nx
from polnet.synthetic.translit import (
    hangul_syllables,
    hanzi_syllables,
    korean_surname,
    latinise,
    tidy,
    to_ascii,
)


@dataclass(frozen=True, slots=True)
class Entry:
    native: str
    latin: tuple[str, ...]  # usual Latin spelling first, then variants


@dataclass(frozen=True, slots=True)
class Pool:
    entries: tuple[Entry, ...]
    cum: tuple[float, ...]

    def draw(self, rng: random.Random) -> Entry:
        return self.entries[bisect_right(self.cum, rng.random() * self.cum[-1])]


@dataclass(frozen=True, slots=True)
class NameStyle:
    locale: str
    script: str
    male: Pool
    female: Pool
    family_male: Pool
    family_female: Pool
    middle_male: Pool | None = None  # patronymics; None: a second given name
    middle_female: Pool | None = None
    p_middle: float = 0.0
    p_second_family: float = 0.0  # Iberian double surnames
    father_name: bool = False  # Arabic: the middle name is the father's
    p_connector: float = 0.0  # ... joined by bin/bint
    eastern: bool = False  # family name written first
    middle_first: bool = False  # Vietnamese: Nguyen Van Nam (middle before given)
    native_sep: str = " "


@dataclass(frozen=True, slots=True)
class DrawnName:
    style: NameStyle
    given: tuple[Entry, ...]
    family: tuple[Entry, ...]


def _pool(items: Iterable[tuple[Entry, float]]) -> Pool:
    merged: dict[str, tuple[Entry, float]] = {}
    for entry, weight in items:
        if entry.native in merged:
            weight += merged[entry.native][1]
            entry = merged[entry.native][0]
        merged[entry.native] = (entry, weight)
    entries, cum, total = [], [], 0.0
    for entry, weight in merged.values():
        total += weight
        entries.append(entry)
        cum.append(total)
    if not entries:
        raise ValueError("empty name pool")
    return Pool(tuple(entries), tuple(cum))


_PARTICLES = frozenset((
    "van", "der", "den", "de", "la", "del", "della", "di", "da", "von", "zu", "le", "du",
    "des", "dos", "das", "do", "ter", "ten", "el", "al", "bin", "ben",
))  # fmt: skip


def _is_particle_like(token: str) -> bool:
    # Only Latin has case-marked particles; Georgian letters are lowercase.
    return token[:1].isascii() and token[:1].islower()


def _usable(name: str) -> bool:
    """Faker's lists contain a few oddities ('Koch II', 'Bourgondie, van')."""
    tokens = name.split()
    if not tokens or "," in name or _is_particle_like(tokens[-1]):
        return False
    for tok in tokens:
        bare = tok.replace("-", "").replace("'", "")
        if bare in ("I", "II", "III", "IV"):
            return False
        if not all(unicodedata.category(c)[0] in "LM" for c in bare):
            return False
        if _is_particle_like(tok) and tok not in _PARTICLES:
            return False
    return True


def _faker_names(locale: str, attr: str) -> list[tuple[str, float]]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    data: Any = getattr(provider, attr, None)
    if data is None or callable(data):
        return []
    if isinstance(data, dict):
        return [(str(k), float(v)) for k, v in data.items() if _usable(str(k))]
    return [(str(v), 1.0) for v in data if _usable(str(v))]


Forms = Callable[[str], Sequence[str]]  # a native name -> its Latin spellings


def _entries(names: Sequence[tuple[str, float]], latin: Forms) -> Pool:
    out = []
    for native, weight in names:
        forms = latin(native)
        out.append((Entry(native, tuple(dict.fromkeys(f for f in forms if f))), weight))
    return _pool(out)


def _script_forms(script: str, systems: tuple[str | None, ...]) -> Forms:
    def forms(native: str) -> list[str]:
        return [latinise(native, script, s) for s in systems]

    return forms


def _capitalised(names: list[tuple[str, float]], script: str) -> list[tuple[str, float]]:
    # A few Cyrillic entries of Faker are lowercase; Georgian has no case.
    if script not in ("Cyrl", "Grek", "Armn"):
        return names
    return [(n[:1].upper() + n[1:], w) for n, w in names]


_SCRIPTS = {
    "ru_RU": ("Cyrl", (None, "icao")),
    "uk_UA": ("Cyrl", ("uk", None)),
    "bg_BG": ("Cyrl", ("bg", None)),
    "mk_MK": ("Cyrl", (None,)),
    "el_GR": ("Grek", (None,)),
    "ka_GE": ("Geor", (None,)),
    "hy_AM": ("Armn", (None,)),
    "hi_IN": ("Deva", (None,)),
    "ne_NP": ("Deva", (None,)),
    "bn_BD": ("Beng", (None,)),
    "ta_IN": ("Taml", (None,)),
}
_MIDDLE = {"en": 0.25, "de": 0.2, "fr": 0.2, "nl": 0.2, "sv": 0.3, "no": 0.3, "da": 0.3}
_MIDDLE |= {"fi": 0.3, "it": 0.1, "pt": 0.2, "es": 0.1, "ru": 0.5, "uk": 0.5, "pl": 0.1}
_EASTERN = {"hu_HU", "vi_VN", "zh_CN", "zh_TW", "ja_JP", "ko_KR"}


def _family_pools(locale: str, forms: Forms) -> tuple[Pool, Pool]:
    male = _faker_names(locale, "last_names_male")
    female = _faker_names(locale, "last_names_female")
    if locale == "pl_PL":
        unisex = _faker_names(locale, "unisex_last_names")
        male = unisex + _faker_names(locale, "male_last_names")
        female = unisex + [(_polish_female(n), w) for n, w in male[len(unisex) :]]
    elif locale == "is_IS":
        roots = _faker_names(locale, "last_names_without_suffix")
        male = [(r + "son", w) for r, w in roots]
        female = [(r + "dóttir", w) for r, w in roots]
    elif locale == "lt_LT":
        male = _faker_names(locale, "last_names")
        female = [(_lithuanian_female(n), w) for n, w in male]
    if not male or not female:
        male = female = _faker_names(locale, "last_names")
    script = _SCRIPTS.get(locale, ("Latn",))[0]
    return _entries(_capitalised(male, script), forms), _entries(_capitalised(female, script), forms)


def _polish_female(name: str) -> str:
    for end in ("ski", "cki", "dzki"):
        if name.endswith(end):
            return name[:-1] + "a"
    return name


def _lithuanian_female(name: str) -> str:
    if name.endswith(("as", "is", "ys")):
        return name[:-2] + "ienė"
    if name.endswith("us"):
        return name[:-2] + "uvienė"
    return name


def _faker_style(locale: str) -> NameStyle:
    script, systems = _SCRIPTS.get(locale, ("Latn", (None,)))
    forms = _script_forms(script, systems)
    male = _faker_names(locale, "first_names_male")
    female = _faker_names(locale, "first_names_female")
    if locale == "lt_LT":  # one mixed list; Lithuanian female names end in -a or -e
        mixed = _faker_names(locale, "first_names")
        female = [(n, w) for n, w in mixed if n.endswith(("a", "ė"))]
        male = [(n, w) for n, w in mixed if not n.endswith(("a", "ė"))]
    male, female = _capitalised(male, script), _capitalised(female, script)
    fam_m, fam_f = _family_pools(locale, forms)
    mid_m = mid_f = None
    if locale in ("ru_RU", "uk_UA"):
        mid_m = _entries(_faker_names(locale, "middle_names_male"), forms)
        mid_f = _entries(_faker_names(locale, "middle_names_female"), forms)
    elif locale == "vi_VN":
        mid_m = _entries([("Văn", 6.0), ("Đức", 1), ("Quang", 1), ("Hữu", 1), ("Minh", 1)], forms)
        mid_f = _entries([("Thị", 6.0), ("Ngọc", 1), ("Mai", 1), ("Thu", 1), ("Kim", 1)], forms)
    lang = locale.split("_")[0]
    return NameStyle(
        locale=locale,
        script=script,
        male=_entries(male, forms),
        female=_entries(female, forms),
        family_male=fam_m,
        family_female=fam_f,
        middle_male=mid_m,
        middle_female=mid_f,
        p_middle=0.9 if locale == "vi_VN" else _MIDDLE.get(lang, 0.0),
        p_second_family={"es": 0.75, "pt": 0.6}.get(lang, 0.0),
        eastern=locale in _EASTERN,
        middle_first=locale == "vi_VN",
    )


def _cjk_style(locale: str) -> NameStyle:
    def han_given(native: str) -> list[str]:
        syl = hanzi_syllables(native)
        joined = "".join(syl).capitalize()
        hyphened = "-".join(s.capitalize() for s in syl)
        return [hyphened, joined] if locale == "zh_TW" else [joined, hyphened]

    def han_family(native: str) -> list[str]:
        return ["".join(hanzi_syllables(native)).capitalize()]

    def hangul_given(native: str) -> list[str]:
        syl = hangul_syllables(native)
        return ["".join(syl).capitalize(), "-".join(syl).capitalize()]

    def hangul_family(native: str) -> list[str]:
        return [korean_surname(native), tidy("".join(hangul_syllables(native)))]

    if locale == "ja_JP":
        provider = importlib.import_module("faker.providers.person.ja_JP").Provider
        male = _pool((Entry(k, (r,)), 1.0) for k, _, r in provider.first_name_male_pairs)
        female = _pool((Entry(k, (r,)), 1.0) for k, _, r in provider.first_name_female_pairs)
        family = _pool((Entry(k, (r,)), float(w)) for (k, _, r), w in provider.last_name_pairs.items())
        return NameStyle(locale, "Jpan", male, female, family, family, eastern=True)
    given, fam = (hangul_given, hangul_family) if locale == "ko_KR" else (han_given, han_family)
    script = {"zh_CN": "Hans", "zh_TW": "Hant", "ko_KR": "Hang"}[locale]
    family = _entries(_faker_names(locale, "last_names"), fam)
    return NameStyle(
        locale,
        script,
        _entries(_faker_names(locale, "first_names_male"), given),
        _entries(_faker_names(locale, "first_names_female"), given),
        family,
        family,
        eastern=True,
        native_sep="",
    )


def _curated(items: Sequence[nt.Curated], article: str = "", prefer: Sequence[str] = ()) -> Pool:
    out = []
    for c in items:
        latin = list(c.latin)
        for p in prefer:
            if p in latin:
                latin.remove(p)
                latin.insert(0, p)
        if c.article:
            latin = [f"{article}{v}" for v in latin]
        native = c.native if c.native != "-" else latin[0]
        out.append((Entry(native, tuple(latin)), c.weight))
    return _pool(out)


_ARABIC_STYLES = {
    # locale: (article, preferred spellings, bin/bint connector rate)
    "ar_SA": ("Al-", ("Mohammed",), 0.6),
    "ar_AA": ("Al-", ("Mohammad", "Yousef"), 0.0),
    "ar_EG": ("El-", ("Mohamed", "Gamal", "Mostafa", "Youssef", "Masry", "Sayed"), 0.0),
    "ar_MA": ("El ", ("Mohamed", "Rachid", "Hicham", "Youssef", "Oussama", "Aicha", "Meriem"), 0.0),
}


def _curated_style(locale: str) -> NameStyle:
    if locale in _ARABIC_STYLES:
        article, prefer, connector = _ARABIC_STYLES[locale]
        male = _curated(nt.ARABIC_MALE, prefer=prefer)
        female = _curated(nt.ARABIC_FEMALE, prefer=prefer)
        family = _curated(nt.ARABIC_FAMILY, article, prefer)
        return NameStyle(
            locale, "Arab", male, female, family, family, p_middle=0.45,
            father_name=True, p_connector=connector,
        )  # fmt: skip
    tables = {
        "fa_IR": ("Arab", nt.PERSIAN_MALE, nt.PERSIAN_FEMALE, nt.PERSIAN_FAMILY),
        "he_IL": ("Hebr", nx.HEBREW_MALE, nx.HEBREW_FEMALE, nx.HEBREW_FAMILY),
        "th_TH": ("Thai", nx.THAI_MALE, nx.THAI_FEMALE, nx.THAI_FAMILY),
        "ur_PK": ("Latn", nx.PAKISTANI_MALE, nx.PAKISTANI_FEMALE, nx.PAKISTANI_FAMILY),
    }
    script, m, f, fam = tables[locale]
    family = _curated(fam)
    p_middle = 0.35 if locale == "ur_PK" else 0.0
    return NameStyle(locale, script, _curated(m), _curated(f), family, family, p_middle=p_middle)


CURATED_LOCALES = frozenset(_ARABIC_STYLES) | {"fa_IR", "he_IL", "th_TH", "ur_PK"}


@cache
def style(locale: str) -> NameStyle:
    """The name style of a locale (built on first use, then cached)."""
    if locale in CURATED_LOCALES:
        return _curated_style(locale)
    if locale in ("zh_CN", "zh_TW", "ja_JP", "ko_KR"):
        return _cjk_style(locale)
    return _faker_style(locale)


_BIN = {"M": Entry("بن", ("bin", "ibn")), "F": Entry("بنت", ("bint",))}


def draw(st: NameStyle, sex: str, rng: random.Random) -> DrawnName:
    """Draw a name of ``sex`` ("M", "F"; "U" picks either) in style ``st``."""
    if sex == "U":
        sex = "M" if rng.random() < 0.5 else "F"
    male = sex == "M"
    given = [(st.male if male else st.female).draw(rng)]
    if st.p_middle and rng.random() < st.p_middle:
        if st.father_name:
            if rng.random() < st.p_connector:
                given.append(_BIN[sex])
            given.append(st.male.draw(rng))
        else:
            pool = st.middle_male if male else st.middle_female
            pool = pool or (st.male if male else st.female)
            middle = pool.draw(rng)
            if middle.native != given[0].native:
                given.insert(0 if st.middle_first else 1, middle)
    family = [(st.family_male if male else st.family_female).draw(rng)]
    if st.p_second_family and rng.random() < st.p_second_family:
        second = st.family_female.draw(rng)
        if second.native != family[0].native:
            family.append(second)
    return DrawnName(st, tuple(given), tuple(family))


def spell(entries: Sequence[Entry], picks: Sequence[int]) -> str:
    return " ".join(e.latin[min(i, len(e.latin) - 1)] for e, i in zip(entries, picks, strict=True))


def full_name(given: str, family: str, eastern: bool, sep: str = " ") -> str:
    if not given or not family:
        return given or family
    return f"{family}{sep}{given}" if eastern else f"{given} {family}"


def ascii_form(text: str) -> str:
    return to_ascii(text)
