"""Generate `siblings.jsonl`: brothers and sisters born the same day, and the same person.

Siblings (twins) share the family name, the date of birth and the father's name as
their naming convention writes it, and differ in the given name:
- Russian: given name, patronymic (father's name + -ovich/-evich, -ovna/-evna), family name;
- Azerbaijani: given name, father's name + oglu (son) / qizi (daughter), family name;
- Arabic: given name, bin/bint + father's name, bin + grandfather's name, family name;
- Spanish: given name, father's first surname, mother's first surname;
- Icelandic: given name, middle name, father's name + -son/-dottir (no family name).
Names are Faker's lists of those locales (ru_RU, az_AZ, ar_AA, es_ES, is_IS). Russian
records are in Cyrillic and queried in Latin letters, as a border officer types them.

True pairs: the same person with a realistic change of the given name (a one-letter
typo, an initial, the Latin spelling of a Cyrillic record). False pairs: a sibling with
another given name, everything else the same.

    PYTHONPATH=src .venv/bin/python benchmarks/person_classes/make_siblings.py
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from anyascii import anyascii
from faker import Faker

SEED = 20
OUT = Path(__file__).with_name("siblings.jsonl")


def typo(rng: random.Random, name: str) -> str:
    """One letter changed, dropped or doubled inside the name (never the first)."""
    pos = rng.randint(1, len(name) - 1)
    kind = rng.choice(["swap", "drop", "double"])
    if kind == "drop":
        return name[:pos] + name[pos + 1 :]
    if kind == "double":
        return name[:pos] + name[pos] + name[pos:]
    if pos < len(name) - 1 and name[pos] != name[pos + 1]:
        return name[:pos] + name[pos + 1] + name[pos] + name[pos + 2 :]
    return name[:pos] + name[pos] + name[pos:]


def main() -> None:  # one builder per naming convention
    rng = random.Random(SEED)
    fakes = {loc: Faker(loc) for loc in ("ru_RU", "az_AZ", "ar_AA", "es_ES", "is_IS")}
    for i, fake in enumerate(fakes.values()):
        fake.seed_instance(SEED + i)
    lines: list[dict[str, object]] = []

    def distinct(draw: Callable[[], str], first: str) -> str:
        while True:
            other = draw()
            if other[:2].lower() != first[:2].lower() and other != first:
                return other

    def add(query: str, record: str, dob: str, sex: str, match: bool, why: str) -> None:
        lines.append(
            {
                "query": {"name": query, "dob": dob, "sex": sex},
                "record": {"names": [{"full": record}], "dob": dob, "sex": sex},
                "match": match,
                "why": why,
            }
        )

    def dob() -> str:
        return f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def variant(given: str) -> tuple[str, str]:
        kind = rng.choice(["typo", "initial", "same"]) if len(given) >= 5 else rng.choice(["initial", "same"])
        if kind == "typo":
            return typo(rng, given), "one-letter typo in the given name"
        if kind == "initial":
            return given[0] + ".", "given name as an initial"
        return given, "the same given name"

    for n in range(260):
        convention = ("russian", "azerbaijani", "arabic", "spanish", "icelandic")[n % 5]
        male = rng.random() < 0.6
        sex = "M" if male else "F"
        born = dob()
        if convention == "russian":
            fake = fakes["ru_RU"]
            first = fake.first_name_male if male else fake.first_name_female
            middle = fake.middle_name_male() if male else fake.middle_name_female()
            family = fake.last_name_male() if male else fake.last_name_female()
            given = first()
            record = f"{given} {middle} {family}"

            def query(g: str, middle: str = middle, family: str = family) -> str:
                return anyascii(f"{g} {middle} {family}")

            rule = "Russian: given name, patronymic, family name"
        elif convention == "azerbaijani":
            fake = fakes["az_AZ"]
            draw = fake.first_name_male if male else fake.first_name_female

            def first(draw: Callable[[], str] = draw) -> str:
                return anyascii(draw())

            father = anyascii(fake.first_name_male())
            family = anyascii(fake.last_name_male() if male else fake.last_name_female())
            given = anyascii(first())
            link = "oglu" if male else "qizi"
            record = f"{given} {father} {link} {family}"

            def query(g: str, father: str = father, link: str = link, family: str = family) -> str:
                return f"{g} {father} {link} {family}"

            rule = "Azerbaijani: given name, father's name + oglu/qizi, family name"
        elif convention == "arabic":
            fake = fakes["ar_AA"]
            first = fake.first_name_male if male else fake.first_name_female
            father, grandfather, family = fake.first_name_male(), fake.first_name_male(), fake.last_name()
            given = first()
            link = "بن" if male else "بنت"
            record = f"{given} {link} {father} بن {grandfather} {family}"

            def query(
                g: str,
                link: str = link,
                father: str = father,
                grandfather: str = grandfather,
                family: str = family,
            ) -> str:
                return f"{g} {link} {father} بن {grandfather} {family}"

            rule = "Arabic: given name, bin/bint father, bin grandfather, family name"
        elif convention == "spanish":
            fake = fakes["es_ES"]
            first = fake.first_name_male if male else fake.first_name_female
            paternal, maternal = fake.last_name(), fake.last_name()
            given = first()
            record = f"{given} {paternal} {maternal}"

            def query(g: str, paternal: str = paternal, maternal: str = maternal) -> str:
                return f"{g} {paternal} {maternal}"

            rule = "Spanish: given name, paternal and maternal surnames"
        else:
            fake = fakes["is_IS"]
            first = fake.first_name_male if male else fake.first_name_female
            middle = fake.first_name_male() if male else fake.first_name_female()
            family = fake.last_name_male() if male else fake.last_name_female()
            given = first()
            record = f"{given} {middle} {family}"

            def query(g: str, middle: str = middle, family: str = family) -> str:
                return f"{g} {middle} {family}"

            rule = "Icelandic: given name, middle name, father's name + son/dottir"
        if n % 2:
            changed, how = variant(given if convention != "russian" else anyascii(given))
            add(query(changed), record, born, sex, True, f"{rule}; same person, {how}")
        else:
            sibling = distinct(first, given)
            add(query(sibling), record, born, sex, False, f"{rule}; twin with another given name")

    OUT.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} pairs -> {OUT}")


if __name__ == "__main__":
    main()
