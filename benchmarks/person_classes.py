"""Person matching per class of difficulty: labelled pairs kept in the repository, one file
per class (`benchmarks/person_classes/<class>.jsonl`), each pair built from a published rule
(a romanization table, a date rule) that the file's lines name in `why`.

A line is one pair: what an officer typed (`query`) and a stored record (`record`), and
whether they are the same person (`match`). Every record of a class sits in one index, with
`--background` synthetic persons beside them, so retrieval is exercised too; a pair counts
as alerted when its record is among the query's answers at the engine's default threshold.
For each class the table gives recall (true pairs alerted) and the false-alert rate (false
pairs alerted).

    PYTHONPATH=src .venv/bin/python benchmarks/person_classes.py [--class NAME] [--show-misses]

A line: {"query": {"name": "Chang Wei", "dob": "1980-03-02"},
         "record": {"names": [{"given": "Wei", "family": "Zhang"}], "dob": "1980-03-02"},
         "match": true, "why": "Wade-Giles Chang = pinyin Zhang"}
`query` also takes "sex", "nationality"; `record` "sex", "nationalities"; a name entry
"full", "script" and "is_alias". Nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polnet.screening.engine.person.engine import (
    DEFAULT_THRESHOLD,
    NameEntry,
    PersonIndex,
    PersonQuery,
    PersonRow,
    parse_date,
)

SETS = Path(__file__).parent / "person_classes"
BACKGROUND_ID = 10_000_000


@dataclass
class Pair:
    line: int
    query: PersonQuery
    record: PersonRow
    match: bool
    why: str


@dataclass
class Tally:
    true_pairs: int = 0
    found: int = 0
    false_pairs: int = 0
    alerted: int = 0
    misses: list[tuple[Pair, float]] = field(default_factory=list)

    def recall(self) -> float:
        return self.found / self.true_pairs if self.true_pairs else float("nan")

    def false_alerts(self) -> float:
        return self.alerted / self.false_pairs if self.false_pairs else float("nan")


def _row(record_id: int, data: dict[str, Any]) -> PersonRow:
    names = tuple(
        NameEntry(
            given=n.get("given", ""),
            family=n.get("family", ""),
            full=n.get("full", ""),
            script=n.get("script", ""),
            is_alias=bool(n.get("is_alias", False)),
        )
        for n in data["names"]
    )
    dob = parse_date(data["dob"]) if data.get("dob") else None
    return PersonRow(record_id, names, dob, data.get("sex"), tuple(data.get("nationalities", ())), ())


def load(path: Path, first_id: int) -> list[Pair]:
    pairs = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        item = json.loads(text)
        q = item["query"]
        query = PersonQuery(
            q["name"],
            date_of_birth=q.get("dob") or None,
            sex=q.get("sex"),
            nationality=q.get("nationality", ()),
        )
        pairs.append(
            Pair(number, query, _row(first_id + len(pairs), item["record"]), bool(item["match"]), item["why"])
        )
    return pairs


def background(count: int, seed: int) -> list[PersonRow]:
    """Synthetic persons of many countries, for the records of a class to be found among."""
    from faker import Faker

    locales = ["en_US", "fr_FR", "de_DE", "es_ES", "zh_CN", "ko_KR", "ru_RU", "ar_AA", "tr_TR", "vi_VN"]
    fakers = [Faker(locale) for locale in locales]
    rng = random.Random(seed)
    for i, fake in enumerate(fakers):
        fake.seed_instance(seed + i)
    rows = []
    for i in range(count):
        fake = fakers[i % len(fakers)]
        dob = f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append(
            PersonRow(
                BACKGROUND_ID + i,
                (NameEntry(given=fake.first_name(), family=fake.last_name()),),
                parse_date(dob),
            )
        )
    return rows


def measure(pairs: list[Pair], extra: list[PersonRow], threshold: float) -> Tally:
    index = PersonIndex.build([p.record for p in pairs] + extra)
    tally = Tally()
    for pair in pairs:
        answers = {m.record_id: m.score for m in index.search(pair.query, threshold=0.0, limit=50)}
        score = answers.get(pair.record.record_id, 0.0)
        hit = score >= threshold
        if pair.match:
            tally.true_pairs += 1
            tally.found += hit
        else:
            tally.false_pairs += 1
            tally.alerted += hit
        if hit != pair.match:
            tally.misses.append((pair, score))
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--class", dest="only", default="", help="one class (a file's stem)")
    parser.add_argument("--background", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    extra = background(args.background, args.seed)
    files = sorted(SETS.glob("*.jsonl"))
    if args.only:
        files = [f for f in files if f.stem == args.only]
    print(f"threshold {args.threshold:.2f}, {args.background:,} background persons")
    print("| class | true pairs | recall | false pairs | false alerts |")
    print("| --- | --- | --- | --- | --- |")
    total = Tally()
    for path in files:
        pairs = load(path, first_id=1)
        tally = measure(pairs, extra, args.threshold)
        for name in ("true_pairs", "found", "false_pairs", "alerted"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
        print(
            f"| {path.stem} | {tally.true_pairs} | {tally.recall():.3f} "
            f"| {tally.false_pairs} | {tally.false_alerts():.3f} |"
        )
        if args.show_misses:
            for pair, score in tally.misses:
                kind = "missed" if pair.match else "false alert"
                print(f"    {kind} line {pair.line} score {score:.3f}: {pair.why}")
    print(
        f"| all | {total.true_pairs} | {total.recall():.3f} "
        f"| {total.false_pairs} | {total.false_alerts():.3f} |"
    )


if __name__ == "__main__":
    main()
