"""Generate `dob_evidence.jsonl`: dates of birth mistyped, and namesakes born apart.

How dates are mistyped, and nothing else: one digit replaced by the key next to it (on
the top row of a keyboard, 1-2-...-9-0, or on the numeric keypad, 789/456/123/0),
two adjacent digits transposed, day and month swapped (a month-first date read day
first), and a date known only to the year or to the month. Names are Faker's first and
last names of several locales (the lists benchmarks/person_engine_quick.py uses).

True pairs: the same person with one of those slips. False pairs: namesakes (the same
name, another person) whose year-only or year-and-month date of birth lies years apart.

    PYTHONPATH=src .venv/bin/python benchmarks/person_classes/make_dob_evidence.py
"""

from __future__ import annotations

import calendar
import json
import random
from pathlib import Path

from faker import Faker

SEED = 20
OUT = Path(__file__).with_name("dob_evidence.jsonl")
LOCALES = ["en_US", "fr_FR", "de_DE", "es_ES", "it_IT", "pl_PL", "tr_TR", "pt_BR"]
ROW = "1234567890"
PAD = {
    "7": "84", "8": "795", "9": "86", "4": "751", "5": "8462",
    "6": "953", "1": "420", "2": "5130", "3": "62", "0": "12",
}  # fmt: skip


def neighbours(digit: str) -> set[str]:
    i = ROW.index(digit)
    near = {ROW[j] for j in (i - 1, i + 1) if 0 <= j < len(ROW)}
    return near | set(PAD[digit])


def valid(year: int, month: int, day: int) -> bool:
    return 1000 <= year <= 2999 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def key_slip(rng: random.Random, text: str, positions: list[int]) -> str | None:
    """One digit at one of ``positions`` replaced by a neighbouring key."""
    pos = rng.choice(positions)
    digit = rng.choice(sorted(neighbours(text[pos])))
    return text[:pos] + digit + text[pos + 1 :]


def transpose(text: str, pos: int) -> str | None:
    if text[pos] == text[pos + 1]:
        return None
    return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]


def main() -> None:
    rng = random.Random(SEED)
    fakers = [Faker(locale) for locale in LOCALES]
    for i, fake in enumerate(fakers):
        fake.seed_instance(SEED + i)
    lines: list[dict[str, object]] = []

    def person() -> tuple[str, str, int, int, int]:
        fake = rng.choice(fakers)
        return (
            fake.first_name(),
            fake.last_name(),
            rng.randint(1945, 2004),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )

    def add(given: str, family: str, query_dob: str, record_dob: str, match: bool, why: str) -> None:
        lines.append(
            {
                "query": {"name": f"{given} {family}", "dob": query_dob},
                "record": {"names": [{"given": given, "family": family}], "dob": record_dob},
                "match": match,
                "why": why,
            }
        )

    def slipped(kind: str) -> tuple[str, str, str] | None:
        """A true pair of ``kind``: (query date, record date, why), or None when it cannot be built."""
        _, _, y, m, d = person()
        record = f"{y:04d}-{m:02d}-{d:02d}"
        text = f"{y:04d}{m:02d}{d:02d}"
        if kind == "day_key":
            typed = key_slip(rng, text, [6, 7])
        elif kind == "month_key":
            typed = key_slip(rng, text, [4, 5])
        elif kind == "year_key":
            typed = key_slip(rng, text, [2, 3])
        elif kind == "year_transposed":
            typed = transpose(text, 2)
        elif kind == "day_transposed":
            typed = transpose(text, 6)
        elif kind == "swapped":
            typed = f"{y:04d}{d:02d}{m:02d}" if d <= 12 and d != m else None
        elif kind == "year_only":
            return (f"{y:04d}", record, "a year-only date of birth, the same year")
        elif kind == "record_year_only":
            return (record, f"{y:04d}", "the record knows only the year, the same year")
        elif kind == "year_month":
            return (f"{y:04d}-{m:02d}", record, "a year-and-month date of birth, the same month")
        elif kind == "year_only_key":
            typed = key_slip(rng, text, [3])
            return (
                (typed[:4], record, "a year-only date of birth, its last digit a neighbouring key")
                if typed
                else None
            )
        else:
            raise ValueError(kind)
        if typed is None or typed == text or not valid(int(typed[:4]), int(typed[4:6]), int(typed[6:])):
            return None
        return (
            f"{typed[:4]}-{typed[4:6]}-{typed[6:]}",
            record,
            f"{kind.replace('_', ' ')} in the typed date",
        )

    true_kinds = [
        "day_key", "month_key", "year_key", "year_transposed", "day_transposed", "swapped",
        "year_only", "record_year_only", "year_month", "year_only_key",
    ]  # fmt: skip
    for kind in true_kinds:
        made = 0
        while made < 25:
            given, family, *_ = person()
            built = slipped(kind)
            if built is None:
                continue
            # ``slipped`` draws the date from one person; the pair's name is another draw.
            add(given, family, built[0], built[1], True, built[2])
            made += 1

    # False pairs: namesakes. Year-only, 1 to 20 years apart; year and month, the year apart
    # by more than a slip (not one digit, not a transposition, not one year).
    for _ in range(150):
        given, family, y, m, d = person()
        other = y + rng.choice([-1, 1]) * rng.randint(1, 20)
        add(
            given,
            family,
            f"{other:04d}",
            f"{y:04d}-{m:02d}-{d:02d}",
            False,
            f"namesake, year-only, {abs(other - y)} years apart",
        )
    made = 0
    while made < 60:
        given, family, y, m, d = person()
        other = y + rng.choice([-1, 1]) * rng.randint(2, 20)
        a, b = f"{other:04d}", f"{y:04d}"
        if sum(x != z for x, z in zip(a, b, strict=True)) == 1 or transpose(a, 2) == b:
            continue
        add(
            given,
            family,
            f"{a}-{m:02d}",
            f"{y:04d}-{m:02d}-{d:02d}",
            False,
            "namesake, year and month, another year",
        )
        made += 1

    OUT.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} pairs -> {OUT}")


if __name__ == "__main__":
    main()
