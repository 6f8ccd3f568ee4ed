"""With enough persons the model is trained (deterministically) and finds planted copies
recorded by other countries; no database needed."""

from __future__ import annotations

from benchmarks.resolution_bench.planted import pair_key, planted, scores

from polnet.analysis.resolution import splink_model


def test_training_is_deterministic_and_finds_planted_copies() -> None:
    data = planted(2500, 250, seed=3)
    first = splink_model.resolve(splink_model.arrow_table(data.rows), threshold=0.8, backend="duckdb")
    second = splink_model.resolve(splink_model.arrow_table(data.rows), threshold=0.8, backend="duckdb")
    assert first.training.trained and first.training.reason == "trained"
    assert [(p.left, p.right, round(p.probability, 9)) for p in first.pairs] == [
        (p.left, p.right, round(p.probability, 9)) for p in second.pairs
    ]
    found = {pair_key(p.left, p.right) for p in first.pairs}
    precision, recall, _f1 = scores(found, data.truth)
    assert precision >= 0.9 and recall >= 0.6, (precision, recall)
