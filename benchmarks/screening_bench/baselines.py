"""Person-matching baselines on a common random subset of the labelled queries.

(a) Brute force: every name of every record compared with the query by
    rapidfuzz's ``token_set_ratio`` after the engine's own normalisation
    (transliteration and canonical spelling from ``names.py``), so word order,
    missing or added middle names and spelling variants all score high. The
    score mirrors the engine's: 0.8 x name similarity plus the engine's date
    of birth evidence; candidates at or above the default threshold, best ten.
    Nothing is pruned, so this is the recall ceiling of the labelled set.
(b) nomenklatura's logic-v1 (the scorer behind OpenSanctions yente) on the 50
    records the brute force ranks best by name, at yente's default threshold.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from polnet.screening.engine.person.dates import compare_dates
from polnet.screening.engine.person.engine import DEFAULT_THRESHOLD, PersonRow
from polnet.screening.engine.person.names import analyse_token, name_forms
from polnet.synthetic import LabelledQuery

from . import data
from .inprocess import Quality, quality
from .measure import log, stopwatch
from .report import Report, fixed, integer, ratio

NAME_WEIGHT = 0.8  # the share of the engine's score a perfect name carries
LIMIT = 10  # answers per query, as the engine's default
BLOCK = 50  # records handed to nomenklatura per query
YENTE_THRESHOLD = 0.7  # yente's default match threshold
MAX_SCORED = 5_000  # records per query given date evidence, best names first
CHUNK = 16  # queries per rapidfuzz call


def pick_subset(queries: Sequence[LabelledQuery], size: int, seed: int) -> list[int]:
    """Positions of ``size`` queries, half true and half false, in random order."""
    rng = random.Random(f"screening-bench-subset:{seed}")
    true = [i for i, q in enumerate(queries) if q.expected is not None]
    false = [i for i, q in enumerate(queries) if q.expected is None]
    picked = rng.sample(true, min(len(true), size // 2)) + rng.sample(
        false, min(len(false), size - size // 2)
    )
    rng.shuffle(picked)
    return picked


def normalised(text: str) -> str:
    """A name as the engine spells it: transliterated, canonical spelling, words kept apart."""
    return " ".join(analyse_token(form).canon for form in name_forms(text))


@dataclass
class Scan:
    """For each subset query: brute-force answers, and the records with the best names."""

    answers: list[list[int]]
    shortlists: list[list[int]]
    seconds_per_query: float
    prepare_seconds: float


def brute_force(rows: Sequence[PersonRow], queries: Sequence[LabelledQuery]) -> Scan:
    log(f"brute force: normalising the names of {len(rows):,} records")
    with stopwatch() as prep:
        texts: list[str] = []
        counts = np.zeros(len(rows), dtype=np.int64)
        for i, row in enumerate(rows):
            spelt = {normalised(n.text) for n in row.names} - {""}
            texts += spelt
            counts[i] = len(spelt)
        starts = np.cumsum(counts) - counts
        has = counts > 0
    log(f"brute force: {len(queries)} queries against {len(texts):,} names")
    answers: list[list[int]] = []
    shortlists: list[list[int]] = []
    with stopwatch() as scan:
        for first in range(0, len(queries), CHUNK):
            chunk = queries[first : first + CHUNK]
            asked = [normalised(q.name or "") for q in chunk]
            scores = process.cdist(asked, texts, scorer=fuzz.token_set_ratio, dtype=np.uint8, workers=-1)
            best = np.zeros((len(chunk), len(rows)), dtype=np.uint8)
            best[:, has] = np.maximum.reduceat(scores, starts[has], axis=1)
            for q, names in zip(chunk, best, strict=True):
                answers.append(_answer(q, names, rows))
                shortlists.append(_top(names, BLOCK).tolist())
    return Scan(answers, shortlists, scan.wall / max(len(queries), 1), prep.wall)


def _top(scores: npt.NDArray[np.uint8], count: int) -> npt.NDArray[np.int64]:
    count = min(count, len(scores))
    top = np.argpartition(-scores.astype(np.int16), count - 1)[:count]
    return top[np.argsort(-scores[top].astype(np.int16), kind="stable")]


def _answer(q: LabelledQuery, names: npt.NDArray[np.uint8], rows: Sequence[PersonRow]) -> list[int]:
    # A name below this cannot reach the threshold even with the best date evidence.
    floor = int(100 * (DEFAULT_THRESHOLD - 0.15) / NAME_WEIGHT)
    candidates = np.nonzero(names >= floor)[0]
    if len(candidates) > MAX_SCORED:
        candidates = _top(names, MAX_SCORED)
    dob = data.person_query(q).date_of_birth
    scored = []
    for record in candidates.tolist():
        score = (
            NAME_WEIGHT * names[record] / 100 + compare_dates(dob, rows[record].date_of_birth).contribution
        )
        if score >= DEFAULT_THRESHOLD:
            scored.append((score, record))
    scored.sort(reverse=True)
    return [record for _, record in scored[:LIMIT]]


# ---- (b) nomenklatura logic-v1 -----------------------------------------------------------------


def _entity(
    model: Any, key: str, names: Sequence[str], dob: str, nationalities: Sequence[str], sex: str
) -> Any:
    entity = model.make_entity("Person")
    entity.id = key
    for name in names:
        entity.add("name", name)
    if dob:
        entity.add("birthDate", dob)
    for code in nationalities:
        entity.add("nationality", code.lower())
    if sex in ("M", "F"):
        entity.add("gender", "male" if sex == "M" else "female")
    return entity


def nomenklatura(
    rows: Sequence[PersonRow], queries: Sequence[LabelledQuery], shortlists: Sequence[list[int]]
) -> tuple[list[list[int]], float]:
    """Answers of logic-v1 on the shortlists, and seconds per query (entities + scoring)."""
    from followthemoney import model
    from nomenklatura.matching import get_algorithm

    algorithm = get_algorithm("logic-v1")
    if algorithm is None:
        raise RuntimeError("nomenklatura has no logic-v1 algorithm")
    config = algorithm.default_config()
    entities: dict[int, Any] = {}
    answers: list[list[int]] = []
    started = time.perf_counter()
    for n, (q, shortlist) in enumerate(zip(queries, shortlists, strict=True)):
        asked = _entity(
            model,
            f"q{n}",
            [q.name or ""],
            data.date_text(q),
            [q.nationality or ""][: bool(q.nationality)],
            q.sex or "",
        )
        scored = []
        for record in shortlist:
            if record not in entities:
                r = rows[record]
                dob = str(r.date_of_birth) if r.date_of_birth else ""
                entities[record] = _entity(
                    model, str(record), [x.text for x in r.names], dob, r.nationalities, r.sex or ""
                )
            score = algorithm.compare(asked, entities[record], config).score
            if score >= YENTE_THRESHOLD:
                scored.append((score, record))
        scored.sort(reverse=True)
        answers.append([record for _, record in scored[:LIMIT]])
    return answers, (time.perf_counter() - started) / max(len(queries), 1)


# ---- the table -------------------------------------------------------------------------------


def _row(name: str, q: Quality, ceiling: float, ms_per_query: float, notes: str) -> list[str]:
    vs = q.recall / ceiling if ceiling else float("nan")
    head = [name, integer(q.true_queries), integer(q.false_queries), ratio(q.recall), ratio(q.precision)]
    return [*head, ratio(vs), fixed(ms_per_query, 2), notes]


def run(
    report: Report,
    rows: Sequence[PersonRow],
    queries: Sequence[LabelledQuery],
    polnet_answers: Sequence[list[int]],
    size: int,
    seed: int,
) -> None:
    picked = pick_subset(queries, size, seed)
    subset = [queries[i] for i in picked]
    polnet = quality(subset, [polnet_answers[i] for i in picked])
    scan = brute_force(rows, subset)
    ceiling = quality(subset, scan.answers)
    table = report.table("baselines")
    table.rows.append(
        _row("polnet (engine, in-process)", polnet, ceiling.recall, float("nan"), "same answers as above")
    )
    table.rows.append(
        _row(
            "rapidfuzz brute force (ceiling)",
            ceiling,
            ceiling.recall,
            scan.seconds_per_query * 1e3,
            f"token_set_ratio on engine-normalised names, all cores "
            f"(+{scan.prepare_seconds:.0f} s to normalise)",
        )
    )
    report.figures["persons.subset_recall"] = polnet.recall
    report.figures["persons.ceiling_recall"] = ceiling.recall
    report.figures["persons.recall_vs_ceiling"] = (
        polnet.recall / ceiling.recall if ceiling.recall else float("nan")
    )
    blocked = quality(subset, [s[:BLOCK] for s in scan.shortlists])
    log(f"nomenklatura logic-v1 on {len(subset)} queries x {BLOCK} candidates")
    try:
        answers, per_query = nomenklatura(rows, subset, scan.shortlists)
    except ImportError as exc:
        table.rows.append(["nomenklatura logic-v1", "-", "-", "-", "-", "-", "-", f"not available: {exc}"])
    else:
        table.rows.append(
            _row(
                "nomenklatura logic-v1",
                quality(subset, answers),
                ceiling.recall,
                per_query * 1e3,
                f"threshold {YENTE_THRESHOLD}; candidates: brute-force top {BLOCK} "
                f"(contain the record for {blocked.recall:.1%} of true queries)",
            )
        )
    report.note(
        "baselines", "recall / ceiling: a method's recall divided by the brute force's on the same queries."
    )
