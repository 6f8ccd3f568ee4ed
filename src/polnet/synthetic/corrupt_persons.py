"""Labelled person queries: corrupted copies of persons and new persons."""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from polnet.synthetic import corrupt_names as cn
from polnet.synthetic.countries import country
from polnet.synthetic.names import draw, style
from polnet.synthetic.persons import Owners, draw_person
from polnet.synthetic.query import LabelledQuery
from polnet.synthetic.rows import SynthName, SynthPerson

# The person corruptions, in the order they are applied.
PERSON_CORRUPTIONS = (
    "native_script", "translit_variant", "particle", "middle_dropped", "middle_added",
    "initial", "swap_order", "typo", "ocr", "dob_year_only", "dob_year_month", "dob_swap",
    "dob_digit", "sex_missing", "nationality_missing",
)  # fmt: skip
_LATIN_ONLY = {"translit_variant", "particle", "initial", "ocr"}
_EXCLUSIVE = (
    {"middle_dropped", "middle_added"},
    {"dob_year_only", "dob_year_month", "dob_swap", "dob_digit"},
    {"native_script"} | _LATIN_ONLY,
)


@dataclass
class _Draft:
    """A query being built: Latin or native name, date, sex, nationality."""

    given: str
    family: str
    eastern: bool
    native: SynthName | None  # the record's native-script name, if any
    script: str
    dob: list[int | None]
    sex: str | None
    nationality: str | None
    origin: str


def _names(p: SynthPerson) -> tuple[list[SynthName], SynthName | None]:
    own = [n for n in p.names if not n.is_alias]
    latin = [n for n in own if n.script == "Latn"] or own
    native = next((n for n in own if n.script != "Latn"), None)
    return latin, native


def _eastern(n: SynthName) -> bool:
    return bool(n.family) and n.full.startswith(n.family) and not n.full.startswith(n.given)


def _draft(p: SynthPerson, use_native: bool, rng: random.Random) -> _Draft:
    latin, native = _names(p)
    base = native if use_native and native else rng.choice(latin)
    return _Draft(
        given=base.given,
        family=base.family,
        eastern=_eastern(base),
        native=native,
        script=base.script,
        dob=[p.dob_year, p.dob_month, p.dob_day],
        sex=p.sex,
        nationality=rng.choice(p.nationalities) if p.nationalities else None,
        origin=p.country_of_birth,
    )


def _on_name(d: _Draft, fn: Callable[[str], str | None], rng: random.Random) -> bool:
    # Corrupt the given or the family name (whichever the function accepts).
    parts = ["given", "family"]
    rng.shuffle(parts)
    for part in parts:
        new = fn(getattr(d, part))
        if new is not None and new.strip():
            setattr(d, part, new)
            return True
    return False


def _middle_added(d: _Draft, sex: str, rng: random.Random) -> bool:
    # A name of the same locale and script as the one being corrupted.
    styles = [style(loc) for loc, _ in country(d.origin).locales]
    st = next((s for s in styles if s.script == d.script), styles[0])
    extra = draw(st, sex if sex in ("M", "F") else "U", rng).given[0]
    text = extra.native if d.script != "Latn" else extra.latin[0]
    if text in d.given.split():
        return False
    d.given = f"{d.given} {text}"
    return True


def _dob_digit(dob: list[int | None], rng: random.Random) -> bool:
    year, month, day = dob
    if year is None:
        return False
    options: list[list[int | None]] = [[year + 1, month, day], [year - 1, month, day]]
    if year % 100 // 10 != year % 10:  # 1985 -> 1958
        options.append([year - year % 100 + (year % 10) * 10 + year % 100 // 10, month, day])
    if day is not None:
        options += [[year, month, dd] for dd in (day + 1, day - 1, day + 10, day - 10)]
    valid = [o for o in options if _valid(o)]
    if not valid:
        return False
    dob[:] = rng.choice(valid)
    return True


def _valid(dob: Sequence[int | None]) -> bool:
    year, month, day = dob
    if year is None or not 1900 <= year <= 2030:
        return False
    if day is None:
        return True
    return month is not None and 1 <= day <= calendar.monthrange(year, month)[1]


def _native_script(d: _Draft, sex: str, rng: random.Random) -> bool:
    return d.script != "Latn"


def _translit_variant(d: _Draft, sex: str, rng: random.Random) -> bool:
    native = d.native.full if d.native else None
    full = cn.translit_variant(f"{d.given}\t{d.family}", native, rng)
    if full is None:
        return False
    if "\t" in full:
        d.given, d.family = full.split("\t", 1)
    else:  # re-romanised from the native name
        latin = full.split(" ")
        d.given, d.family = (
            (" ".join(latin[1:]), latin[0]) if d.eastern else (" ".join(latin[:-1]), latin[-1])
        )
    return bool(d.given and d.family)


def _middle_dropped(d: _Draft, sex: str, rng: random.Random) -> bool:
    tokens = d.given.split()
    if len(tokens) < 2:
        return False
    # The given name proper comes last in family-first names (Nguyen Van Nam).
    d.given = tokens[-1] if d.eastern else tokens[0]
    return True


def _initial(d: _Draft, sex: str, rng: random.Random) -> bool:
    new = cn.initial(d.given)
    if new is None:
        return False
    d.given = new
    return True


def _swap_order(d: _Draft, sex: str, rng: random.Random) -> bool:
    if not d.given or not d.family:
        return False
    d.given, d.family, d.eastern = d.family, d.given, not d.eastern
    return True


def _dob_year_only(d: _Draft, sex: str, rng: random.Random) -> bool:
    year, month, _day = d.dob
    if month is None:
        return False
    d.dob = [year, None, None]
    return True


def _dob_year_month(d: _Draft, sex: str, rng: random.Random) -> bool:
    year, month, day = d.dob
    if day is None:
        return False
    d.dob = [year, month, None]
    return True


def _dob_swap(d: _Draft, sex: str, rng: random.Random) -> bool:
    year, month, day = d.dob
    if day is None or month is None or day > 12 or day == month:
        return False
    d.dob = [year, day, month]
    return True


def _sex_missing(d: _Draft, sex: str, rng: random.Random) -> bool:
    if d.sex is None:
        return False
    d.sex = None
    return True


def _nationality_missing(d: _Draft, sex: str, rng: random.Random) -> bool:
    if d.nationality is None:
        return False
    d.nationality = None
    return True


# Each corruption changes the draft in place and says whether it applied.
_CORRUPTIONS: dict[str, Callable[[_Draft, str, random.Random], bool]] = {
    "native_script": _native_script,
    "translit_variant": _translit_variant,
    "particle": lambda d, sex, rng: _on_name(d, lambda t: cn.particle(t, rng), rng),
    "middle_dropped": _middle_dropped,
    "middle_added": lambda d, sex, rng: _middle_added(d, sex, rng),
    "initial": _initial,
    "swap_order": _swap_order,
    "typo": lambda d, sex, rng: _on_name(d, lambda t: cn.typo(t, rng), rng),
    "ocr": lambda d, sex, rng: _on_name(d, lambda t: cn.ocr_slip(t, rng), rng),
    "dob_year_only": _dob_year_only,
    "dob_year_month": _dob_year_month,
    "dob_swap": _dob_swap,
    "dob_digit": lambda d, sex, rng: _dob_digit(d.dob, rng),
    "sex_missing": _sex_missing,
    "nationality_missing": _nationality_missing,
}


def _apply(d: _Draft, kind: str, sex: str, rng: random.Random) -> bool:
    """Apply one corruption to the draft; False when it does not apply."""
    corruption = _CORRUPTIONS.get(kind)
    if corruption is None:
        raise ValueError(kind)
    return corruption(d, sex, rng)


def _plan(forced: str | None, rng: random.Random) -> list[str]:
    chosen = {forced} if forced else set()
    for kind in PERSON_CORRUPTIONS:
        if kind not in chosen and rng.random() < 0.12:
            chosen.add(kind)
    for group in _EXCLUSIVE:
        clash = sorted(chosen & group)
        if len(clash) > 1:
            keep = forced if forced in clash else rng.choice(clash)
            chosen -= set(clash) - {keep}
    if "native_script" in chosen:
        chosen -= _LATIN_ONLY
    return [k for k in PERSON_CORRUPTIONS if k in chosen]


def _query(
    p: SynthPerson, d: _Draft, plan: Sequence[str], expected: int | None, rng: random.Random
) -> LabelledQuery:
    applied: list[str] = []
    for kind in plan:
        if _apply(d, kind, p.sex, rng):
            applied.append(kind)
            if kind == "typo" and rng.random() < 0.3 and _apply(d, kind, p.sex, rng):
                applied.append(kind)  # a second slip
    sep = "" if d.script in ("Hans", "Hant", "Hang") and d.eastern else " "
    first, second = (d.family, d.given) if d.eastern else (d.given, d.family)
    return LabelledQuery(
        kind="person",
        expected=expected,
        corruptions=tuple(applied),
        name=sep.join(x for x in (first, second) if x),
        given=d.given,
        family=d.family,
        dob_year=d.dob[0],
        dob_month=d.dob[1],
        dob_day=d.dob[2],
        sex=d.sex,
        nationality=d.nationality,
    )


def _true_query(persons: Sequence[SynthPerson], forced: str, rng: random.Random) -> LabelledQuery:
    plan = _plan(forced, rng)
    native = "native_script" in plan
    for _ in range(200):  # find a person the forced corruption applies to
        index = rng.randrange(len(persons))
        d = _draft(persons[index], native, rng)
        trial = replace(d, dob=list(d.dob))
        if _apply(trial, forced, persons[index].sex, random.Random(rng.getrandbits(64))):
            break
    return _query(persons[index], d, plan, index, rng)


def _compatible(a: Sequence[int | None], b: Sequence[int | None]) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def make_person_queries(
    persons: Sequence[SynthPerson], n_true: int, n_false: int, seed: int
) -> list[LabelledQuery]:
    """``n_true`` corrupted copies of persons (every corruption kind is
    forced in turn, plus random extras) and ``n_false`` newly drawn persons
    absent from ``persons``; the two kinds are interleaved at random."""
    if n_true and not persons:
        raise ValueError("true queries need at least one person")
    rng = random.Random(f"polnet-person-queries:{seed}")
    out: list[LabelledQuery] = []
    for k in range(n_true):
        out.append(_true_query(persons, PERSON_CORRUPTIONS[k % len(PERSON_CORRUPTIONS)], rng))
    index_keys: dict[str, list[tuple[int | None, ...]]] = {}
    for p in persons:
        for n in p.names:
            index_keys.setdefault(cn.normalised_key(n.full), []).append((p.dob_year, p.dob_month, p.dob_day))
    members = sorted({p.owner_country for p in persons}) or ["FR"]
    owners = Owners(members, 0, seed)
    while len(out) < n_true + n_false:
        fresh = draw_person(owners.owner(rng.randrange(4096)), rng)
        plan = _plan(None, rng)
        q = _query(fresh, _draft(fresh, "native_script" in plan, rng), plan, None, rng)
        dobs = [(q.dob_year, q.dob_month, q.dob_day), (fresh.dob_year, fresh.dob_month, fresh.dob_day)]
        keys = {cn.normalised_key(n.full) for n in fresh.names} | {cn.normalised_key(q.name or "")}
        known = [other for key in keys for other in index_keys.get(key, ())]
        if any(_compatible(dob, other) for dob in dobs for other in known):
            continue  # would really be someone in the set
        out.append(q)
    rng.shuffle(out)
    return out
