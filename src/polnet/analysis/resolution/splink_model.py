"""The Splink model of entity resolution: blocking rules, comparisons, training, prediction.

It reads the flat rows of `features.py` and answers scored pairs with the comparisons behind
each score. The same model runs on DuckDB (embedded, in memory: the default) or on Spark
(`POLNET_RESOLUTION_BACKEND=spark`, for a network that outgrows one machine); only the
database API handed to Splink differs, so every comparison below is written with Splink's
level library or in SQL both dialects read alike.

Each level carries a stable code as its chart label ("name:exact", "dob:year_only"): the
pages translate the code, the stored pair keeps it.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from polnet.analysis.resolution.features import ARRAY_COLUMNS, COLUMNS

SEED = 42
# Below this many persons, training has too few pairs to estimate from: the fixed priors
# below are used as they are (a project's few hundred persons).
MIN_TRAINING_ROWS = 2000
# The share of true pairs that agree on the first name key and the whole date of birth: few,
# as dates are often partial and names written in other scripts (estimates the prior).
EXACT_RULE_RECALL = 0.6
# Pairs at or above this match probability are kept by a run.
DEFAULT_THRESHOLD = 0.8

# One level of a comparison: (code, SQL level or level creator, m prior, u prior).
Level = tuple[str, Any, float, float]


def _arrays(column: str) -> Any:
    return cll.ArrayIntersectLevel(column, 1)


def _name_levels() -> list[Level]:
    family = _arrays("family_keys")
    given = _arrays("given_keys")
    swapped = cll.CustomLevel(
        "(array_size(array_intersect(family_keys_l, given_keys_r)) >= 1"
        " AND array_size(array_intersect(given_keys_l, family_keys_r)) >= 1)",
        base_dialect_str="spark",
    )
    return [
        ("exact", cll.Or(cll.ExactMatchLevel("name_key"), _arrays("full_keys")), 0.70, 0.00005),
        ("consonants", _arrays("full_ckeys"), 0.08, 0.0001),
        ("family_given", cll.Or(cll.And(family, given), swapped), 0.10, 0.0004),
        ("close", cll.JaroWinklerLevel("name_canon", 0.92), 0.05, 0.001),
        ("family_initial", cll.And(family, _arrays("initials")), 0.03, 0.002),
        ("family", _arrays("family_keys"), 0.02, 0.01),
        ("similar", cll.JaroWinklerLevel("name_canon", 0.80), 0.01, 0.06),
        ("other", cll.ElseLevel(), 0.01, 0.92645),
    ]


def _y(side: str) -> str:
    return f"dob_year_{side}"


def _dob_levels() -> list[Level]:
    y, m, d = "dob_year", "dob_month", "dob_day"
    same_year = f"{y}_l = {y}_r"

    def unknown(col: str) -> str:
        return f"({col}_l IS NULL OR {col}_r IS NULL)"

    def agree(col: str) -> str:
        return f"({unknown(col)} OR {col}_l = {col}_r)"

    levels = [
        ("exact", f"{same_year} AND {m}_l = {m}_r AND {d}_l = {d}_r", 0.60, 0.00004),
        ("year_month", f"{same_year} AND {m}_l = {m}_r AND {unknown(d)}", 0.08, 0.0003),
        ("year_only", f"{same_year} AND {unknown(m)}", 0.12, 0.014),
        ("swapped", f"{same_year} AND {m}_l = {d}_r AND {d}_l = {m}_r", 0.03, 0.00005),
        ("year_slip", f"abs({y}_l - {y}_r) <= 1 AND {agree(m)} AND {agree(d)}", 0.05, 0.001),
        ("one_part", f"{same_year} AND ({m}_l = {m}_r OR {d}_l = {d}_r)", 0.03, 0.001),
        ("same_year", same_year, 0.02, 0.012),
        ("near", f"abs({y}_l - {y}_r) <= 2", 0.03, 0.04),
        ("other", None, 0.04, 0.93161),
    ]
    return [
        (c, cll.ElseLevel() if sql is None else cll.CustomLevel(sql), mp, up) for c, sql, mp, up in levels
    ]


def _simple(column: str, agree: Any, m: tuple[float, float], u: tuple[float, float]) -> list[Level]:
    return [("agree", agree, m[0], u[0]), ("other", cll.ElseLevel(), m[1], u[1])]


# The comparisons: output name, the column whose NULL makes the null level, its levels.
def comparisons_spec() -> list[tuple[str, str, list[Level]]]:
    return [
        ("name", "full_keys", _name_levels()),
        ("dob", "dob_year", _dob_levels()),
        ("sex", "sex", _simple("sex", cll.ExactMatchLevel("sex"), (0.97, 0.03), (0.5, 0.5))),
        (
            "nationality",
            "nationalities",
            _simple("nationalities", _arrays("nationalities"), (0.9, 0.1), (0.12, 0.88)),
        ),
        (
            "identifier",
            "identifiers",
            _simple("identifiers", _arrays("identifiers"), (0.7, 0.3), (0.00001, 0.99999)),
        ),
    ]


COMPARISONS: tuple[str, ...] = ("name", "dob", "sex", "nationality", "identifier")


def _comparison(name: str, null_column: str, levels: list[Level]) -> cl.CustomComparison:
    built: list[Any] = [cll.NullLevel(null_column).configure(label_for_charts=f"{name}:unknown")]
    for code, level, m, u in levels:
        built.append(level.configure(label_for_charts=f"{name}:{code}", m_probability=m, u_probability=u))
    return cl.CustomComparison(built, output_column_name=name)


def prediction_rules() -> list[Any]:
    """Which pairs are compared at all: a shared family and given part, a shared family part
    with the year of birth, a shared identifier, or the whole date of birth (names replaced,
    or a family name changed on marriage)."""
    return [
        block_on("pair_keys", arrays_to_explode=["pair_keys"]),
        block_on("family_keys", "dob_year", arrays_to_explode=["family_keys"]),
        block_on("identifiers", arrays_to_explode=["identifiers"]),
        block_on("dob_year", "dob_month", "dob_day"),
    ]


def settings(prior_match: float) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior_match,
        comparisons=[_comparison(*spec) for spec in comparisons_spec()],
        blocking_rules_to_generate_predictions=prediction_rules(),
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["owner"],
    )


# ---- backends --------------------------------------------------------------------------------


def backend_name() -> str:
    value = os.environ.get("POLNET_RESOLUTION_BACKEND", "duckdb").strip().lower() or "duckdb"
    if value not in ("duckdb", "spark"):
        raise ValueError(f"POLNET_RESOLUTION_BACKEND must be duckdb or spark, not {value!r}")
    return value


def _duckdb_api(rows: Any) -> tuple[Any, Any]:
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:")
    connection.execute("SET enable_progress_bar = false")
    api = DuckDBAPI(connection)
    return api, api.register(rows, dataset_display_name="persons")


def spark_session() -> Any:
    """A local Spark session (`POLNET_SPARK_MASTER`, `local[2]` by default), made once per
    process; a cluster's master URL runs the same model there."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    master = os.environ.get("POLNET_SPARK_MASTER", "local[2]")
    return (
        SparkSession.builder.master(master)
        .appName("polnet-resolution")
        .config("spark.sql.shuffle.partitions", os.environ.get("POLNET_SPARK_PARTITIONS", "8"))
        .config("spark.ui.enabled", "false")
        .config("spark.jars", similarity_jar_location())  # Splink's string similarity functions
        .config("spark.driver.memory", os.environ.get("POLNET_SPARK_DRIVER_MEMORY", "2g"))
        .getOrCreate()
    )


def _spark_api(rows: Any) -> tuple[Any, Any]:
    from splink import SparkAPI

    session = spark_session()
    default = os.path.join(tempfile.gettempdir(), "polnet-spark")
    checkpoints = os.environ.get("POLNET_SPARK_CHECKPOINTS") or default
    session.sparkContext.setCheckpointDir(checkpoints)
    api = SparkAPI(spark_session=session, num_partitions_on_repartition=4)  # type: ignore[no-untyped-call]
    frame = session.createDataFrame(rows)
    return api, api.register(frame, dataset_display_name="persons")


# ---- the run ---------------------------------------------------------------------------------


@dataclass
class Training:
    trained: bool
    reason: str  # "trained", "too_few_persons", "failed: ..."
    prior_match: float
    seconds: float = 0.0


@dataclass
class Pair:
    left: str
    right: str
    probability: float
    weight: float
    left_owner: str
    right_owner: str
    levels: dict[str, tuple[str, float]]  # comparison -> (level code, Bayes factor)


@dataclass
class Outcome:
    persons: int
    pairs: list[Pair]
    training: Training
    backend: str
    model: dict[str, Any] = field(default_factory=dict)  # the trained Splink model, as JSON
    seconds: dict[str, float] = field(default_factory=dict)


def arrow_table(rows: Iterable[dict[str, Any]]) -> Any:
    """The feature rows as an Arrow table with fixed types (arrays of strings, small ints)."""
    import pyarrow as pa

    columns: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for row in rows:
        for c in COLUMNS:
            columns[c].append(row[c])
    types = {
        c: pa.list_(pa.string())
        if c in ARRAY_COLUMNS
        else pa.int16()
        if c.startswith("dob_")
        else pa.string()
        for c in COLUMNS
    }
    table = pa.table({c: pa.array(columns[c], type=types[c]) for c in COLUMNS})
    return add_name_key(table)


def add_name_key(table: Any) -> Any:
    """The first consonant key of the names, a plain column that EM training blocks on."""
    import pyarrow as pa
    import pyarrow.compute as pc

    first = pc.list_element(pc.fill_null(table["full_ckeys"], pa.scalar([""], pa.list_(pa.string()))), 0)
    return table.append_column("name_key", pc.if_else(pc.equal(first, ""), None, first))


def _prior_for(persons: int) -> float:
    """One person in ten recorded twice, when nothing better is known; a small set is not
    assumed denser in duplicates than a large one (at most one pair in ten thousand)."""
    return min(1e-4, 0.1 / max(persons - 1, 1))


def _train(linker: Linker, persons: int, log: Callable[[str], None]) -> Training:
    prior = _prior_for(persons)
    started = time.perf_counter()
    if persons < MIN_TRAINING_ROWS:
        return Training(False, "too_few_persons", prior)
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("name_key", "dob_year", "dob_month", "dob_day")], recall=EXACT_RULE_RECALL
        )
        log("u")
        linker.training.estimate_u_using_random_sampling(max_pairs=min(5e6, persons * 20.0), seed=SEED)
        log("em_dob")
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("dob_year", "dob_month", "dob_day"), max_pairs=2e6
        )
        log("em_name")
        # Blocked on the name alone, a large network's pairs are mostly namesakes of one
        # country, and EM learns "same origin" instead of "same person": the year of birth
        # narrows the block (the date's m then keeps its prior).
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("name_key", "dob_year"), max_pairs=2e6
        )
    except Exception as exc:  # Splink refuses data it cannot estimate from: keep the priors
        return Training(False, f"failed: {type(exc).__name__}", prior, time.perf_counter() - started)
    return Training(True, "trained", prior, time.perf_counter() - started)


def level_codes(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """Each comparison's levels by their comparison vector value (-1: the null level)."""
    out: dict[str, dict[int, str]] = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        values: dict[int, str] = {}
        rank = sum(1 for lv in levels if not lv.get("is_null_level"))
        for lv in levels:
            if lv.get("is_null_level"):
                values[-1] = lv["label_for_charts"].split(":", 1)[1]
            else:
                rank -= 1
                values[rank] = lv["label_for_charts"].split(":", 1)[1]
        out[comparison["output_column_name"]] = values
    return out


def resolve(
    table: Any,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    backend: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Outcome:
    """Train (or keep the priors), then score every blocked pair; the pairs at or above the
    threshold come back with their comparisons. ``table`` is an Arrow table of `arrow_table`."""
    backend = backend or backend_name()
    log = progress or (lambda stage: None)
    logging.getLogger("splink").setLevel(logging.ERROR)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    persons = table.num_rows
    if persons < 2:
        return Outcome(persons, [], Training(False, "too_few_persons", 0.0), backend)
    _api, registered = (_spark_api if backend == "spark" else _duckdb_api)(table)
    linker = Linker(registered, settings(_prior_for(persons)), log_level=logging.ERROR)
    log("training")
    training = _train(linker, persons, log)
    timings["training"] = time.perf_counter() - started
    log("predicting")
    at = time.perf_counter()
    predicted = linker.inference.predict(threshold_match_probability=threshold)
    model = linker.misc.save_model_to_json()
    codes = level_codes(model)
    records = predicted.as_record_list()
    timings["predicting"] = time.perf_counter() - at
    pairs = [_pair(r, codes) for r in records]
    pairs.sort(key=lambda p: (-p.probability, p.left, p.right))
    timings["total"] = time.perf_counter() - started
    return Outcome(persons, pairs, training, backend, model, timings)


def _pair(record: dict[str, Any], codes: dict[str, dict[int, str]]) -> Pair:
    levels: dict[str, tuple[str, float]] = {}
    for name in COMPARISONS:
        gamma = int(record[f"gamma_{name}"])
        weight = float(record[f"mw_{name}"])
        levels[name] = (codes[name].get(gamma, str(gamma)), 2.0**weight if math.isfinite(weight) else 1.0)
    left, right = str(record["unique_id_l"]), str(record["unique_id_r"])
    return Pair(
        left=left,
        right=right,
        probability=float(record["match_probability"]),
        weight=float(record["match_weight"]),
        left_owner=str(record.get("owner_l") or ""),
        right_owner=str(record.get("owner_r") or ""),
        levels=levels,
    )
