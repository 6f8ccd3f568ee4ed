"""The same Splink model on Spark gives the same pairs as on DuckDB (a local Spark, `local[2]`).

Skipped unless POLNET_SPARK_TESTS=1: it needs pyspark (`pip install polnet[spark]`) and a
Java runtime, and a local Spark takes about a minute to start and run.
"""

from __future__ import annotations

import os

import pytest

from polnet.analysis.resolution import splink_model
from polnet.analysis.resolution.features import Name, PersonInput, person_features

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(os.environ.get("POLNET_SPARK_TESTS") != "1", reason="set POLNET_SPARK_TESTS=1 to run"),
]

PERSONS = [
    PersonInput("person:1", "FR", (Name("Mohammed", "Al-Rashid"),), 1980, 5, 3, "M", ("SY",)),
    PersonInput(
        "person:2",
        "DE",
        (Name("Muhammad", "Rashid"), Name(full="محمد الراشد")),
        1980,
        None,
        None,
        "M",
        ("SY",),
    ),
    PersonInput("person:3", "IT", (Name("Иван", "Иванов"),), 1974, 8, 12, "M", ("RU",)),
    PersonInput("person:4", "FR", (Name(full="Iwanow Iwan"),), 1974, 8, None, None, ("RU",)),
    PersonInput("person:5", "FR", (Name("Jean", "Dupont"),), 1990, 1, 1, "M", ("FR",)),
    PersonInput("notice:6", "", (Name("Maria", "Rossi"),), 1985, 2, 2, "F", ("IT",)),
    PersonInput("person:7", "IT", (Name("Maria", "Rossi"),), 1985, 2, None, "F", ("IT",)),
]


def test_spark_and_duckdb_agree() -> None:
    table = splink_model.arrow_table(f for p in PERSONS if (f := person_features(p)))
    on_duckdb = splink_model.resolve(table, threshold=0.5, backend="duckdb")
    on_spark = splink_model.resolve(table, threshold=0.5, backend="spark")
    assert on_spark.backend == "spark"

    def found(outcome: splink_model.Outcome) -> dict[tuple[str, str], float]:
        return {tuple(sorted((p.left, p.right))): p.probability for p in outcome.pairs}  # type: ignore[misc]

    assert (
        found(on_duckdb).keys()
        == found(on_spark).keys()
        == {
            ("person:1", "person:2"),
            ("person:3", "person:4"),
            ("notice:6", "person:7"),
        }
    )
    for pair, probability in found(on_duckdb).items():
        assert found(on_spark)[pair] == pytest.approx(probability, abs=1e-9)
