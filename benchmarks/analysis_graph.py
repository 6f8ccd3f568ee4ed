"""The link graph at scale: 2-hop neighbourhoods and shortest paths, policy applied, on SQLite
and PostgreSQL side by side.

    .venv/bin/python benchmarks/analysis_graph.py                      # 100 k persons, 1 M documents
    .venv/bin/python benchmarks/analysis_graph.py --persons 1000000 --documents 10000000
    .venv/bin/python benchmarks/analysis_graph.py --pg-url postgresql://postgres@127.0.0.1:5432/graph_bench

The synthetic network is written with bulk SQL (executemany on SQLite, COPY on PostgreSQL),
not through the services: persons with shared phone numbers (in the graph's identifier
table), documents with holders and a few shared numbers, notices naming persons and
documents, hits at posts (one post a hub) on random days, analysts' links. Ten countries
own the records; a tenth are kept to listed countries, a tenth exclude listed countries,
some are bureau-only and some expired. Every query runs as a bureau analyst through the
graph services (project door, policy, audit), as a page or the API would.
Progress on stderr, the table on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = ["FR", "DE", "IT", "ES", "NL", "BE", "PT", "PL", "AT", "SE"]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---- the worker: one backend, one process (Django reads DATABASE_URL once) ----------------------


def _columns(model: Any, given: dict[str, Any]) -> tuple[list[str], list[Any]]:
    """Every concrete column: the given values, else the field's default."""
    names, defaults = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key and f.attname not in given:
            continue
        names.append(f.column)
        if f.attname in given:
            defaults.append(None)
        else:
            value = f.get_default()
            defaults.append(json.dumps(value) if f.get_internal_type() == "JSONField" else value)
    return names, defaults


def _insert(model: Any, fields: list[str], rows: Any, chunk: int = 50_000) -> int:
    """Insert rows (tuples in `fields` order), filling the other columns with defaults."""
    from django.db import connection

    names, defaults = _columns(model, dict.fromkeys(fields))
    at = [names.index(model._meta.get_field(f).column) for f in fields]
    table = model._meta.db_table
    columns = ", ".join(connection.ops.quote_name(n) for n in names)
    count = 0
    with connection.cursor() as cur:
        batch: list[list[Any]] = []

        def flush() -> None:
            if not batch:
                return
            if connection.vendor == "postgresql":
                buf = io.StringIO()
                for row in batch:
                    buf.write(
                        "\t".join("\\N" if v is None else str(v).replace("\t", " ") for v in row) + "\n"
                    )
                buf.seek(0)
                with cur.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    copy.write(buf.read())
            else:
                marks = ", ".join(["%s"] * len(names))
                cur.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)
            batch.clear()

        for row in rows:
            full = list(defaults)
            for i, v in zip(at, row, strict=True):
                full[i] = v
            batch.append(full)
            count += 1
            if len(batch) >= chunk:
                flush()
        flush()
    return count


def _access(rng: random.Random) -> tuple[str, str, bool, str, list[str]]:
    owner = rng.choice(COUNTRIES)
    r = rng.random()
    restriction = "all" if r < 0.8 else ("only_listed" if r < 0.9 else "all_except")
    listed = rng.sample(COUNTRIES, rng.randint(1, 3)) if restriction != "all" else []
    return owner, restriction, rng.random() < 0.05, "expired" if rng.random() < 0.03 else "active", listed


def build(persons: int, documents: int, seed: int) -> dict[str, Any]:
    import django
    from django.core.management import call_command
    from django.db import connection, transaction

    django.setup()
    call_command("migrate", verbosity=0)
    from polnet.analysis.graph.models import GraphFeedPosition, IdentifierEntry
    from polnet.analysis.models import AnalystLink
    from polnet.analysis.services import open_project
    from polnet.core.actor import Role, system_actor
    from polnet.network.actors import actor_for
    from polnet.network.services import create_bureau, create_unit, create_user, sync_countries
    from polnet.notices.models import Notice
    from polnet.records.models import Person, PersonName, RecordChange, TravelDocument
    from polnet.screening.models import Hit

    rng = random.Random(seed)
    sync_countries()
    sysadmin = system_actor("bench")
    users, units = {}, []
    for cc in COUNTRIES:
        bureau = create_bureau(sysadmin, cc)
        admin = create_user(
            sysadmin, username=f"{cc}-admin", password="x" * 20, role=Role.BUREAU_ADMIN, bureau=bureau
        )
        a = actor_for(admin)
        users[cc] = create_user(
            a, username=f"{cc}-officer", password="x" * 20, role=Role.BUREAU_OFFICER, bureau=bureau
        )
        users[f"{cc}-analyst"] = create_user(
            a, username=f"{cc}-analyst", password="x" * 20, role=Role.ANALYST, bureau=bureau
        )
        for n in range(5):
            units.append(
                create_unit(
                    a,
                    bureau,
                    name=f"{cc} post {n}",
                    kind="airport",
                    databases=["person", "document"],
                    result_level="full",
                )
            )
    project = open_project(
        actor_for(users["FR-analyst"]),
        name="Bench",
        purpose="threat_analysis",
        crime_area="drugs",
        review_date=date.today() + timedelta(days=300),
        participants=COUNTRIES[1:],
    )
    now = datetime.now(UTC)
    review = date.today() + timedelta(days=300)
    t0 = time.perf_counter()
    restricted: list[tuple[str, int, list[str]]] = []

    def person_rows() -> Any:
        for pk in range(1, persons + 1):
            owner, restriction, bureau_only, status, listed = _access(rng)
            if listed:
                restricted.append(("person", pk, listed))
            yield (
                pk,
                owner,
                users[owner].pk,
                now,
                now,
                review,
                restriction,
                bureau_only,
                status,
                "investigation",
                "[]",
            )

    fields = [
        "id",
        "owner_country_id",
        "created_by_id",
        "created_at",
        "updated_at",
        "review_date",
        "restriction",
        "bureau_only",
        "record_status",
        "purpose",
        "identifiers",
    ]
    with transaction.atomic():
        _insert(Person, fields, person_rows())
        _insert(
            PersonName,
            ["person_id", "given", "family", "position"],
            ((pk, f"Given{pk}", f"Family{pk % 50000}", 0) for pk in range(1, persons + 1)),
        )
    log(f"persons: {persons:,} in {time.perf_counter() - t0:.0f} s")
    t0 = time.perf_counter()
    phones = max(persons // 3, 1)
    with transaction.atomic():
        _insert(
            IdentifierEntry,
            ["kind", "record_id", "type", "value"],
            (("person", pk, "phone", f"+3361{rng.randrange(phones):07d}") for pk in range(1, persons + 1)),
        )
    log(f"identifiers: {persons:,} phones in {time.perf_counter() - t0:.0f} s")

    t0 = time.perf_counter()

    def document_rows() -> Any:
        for pk in range(1, documents + 1):
            owner, restriction, bureau_only, status, listed = _access(rng)
            if listed:
                restricted.append(("document", pk, listed))
            holder = rng.randint(1, persons) if rng.random() < 0.8 else None
            shared = pk > 1 and rng.random() < 0.01  # the previous document's number, issued elsewhere
            number = f"D{pk - 1:09d}" if shared else f"D{pk:09d}"
            yield (
                pk,
                owner,
                users[owner].pk,
                now,
                now,
                review,
                restriction,
                bureau_only,
                status,
                "investigation",
                number,
                "passport",
                "BR" if shared else COUNTRIES[pk % 10],
                "stolen",
                date(2025, 1, 1) + timedelta(days=pk % 700),
                holder,
            )

    fields_d = [*fields[:-1], "number", "kind", "issuing_country_id", "status", "date_reported", "holder_id"]
    with transaction.atomic():
        _insert(TravelDocument, fields_d, document_rows())
    log(f"documents: {documents:,} in {time.perf_counter() - t0:.0f} s")

    t0 = time.perf_counter()
    with transaction.atomic():
        for kind, model in (("person", Person), ("document", TravelDocument)):
            through = model.listed_countries.through
            own = f"{model._meta.model_name}_id"
            _insert(
                through,
                [own, "country_id"],
                ((pk, c) for k, pk, listed in restricted if k == kind for c in listed),
            )
        notices = max(persons // 100, 1)
        _insert(
            Notice,
            [
                "id",
                "owner_country_id",
                "created_by_id",
                "created_at",
                "updated_at",
                "review_date",
                "kind",
                "state",
                "restriction",
                "bureau_only",
            ],
            (
                (
                    pk,
                    (o := rng.choice(COUNTRIES)),
                    users[o].pk,
                    now,
                    now,
                    review,
                    "red",
                    "published",
                    "all",
                    False,
                )
                for pk in range(1, notices + 1)
            ),
        )
        _insert(
            Notice.persons.through,
            ["notice_id", "person_id"],
            ((n, p) for n in range(1, notices + 1) for p in {rng.randint(1, persons) for _ in range(3)}),
        )
        _insert(
            Notice.documents.through,
            ["notice_id", "traveldocument_id"],
            ((n, rng.randint(1, documents)) for n in range(1, notices + 1)),
        )
        hits = max(persons // 10, 1)
        hub = units[0]
        days = [now - timedelta(days=d) for d in range(365)]

        def hit_rows() -> Any:
            for pk in range(1, hits + 1):
                unit = hub if rng.random() < 0.3 else rng.choice(units)
                cc = unit.bureau.country_id
                if rng.random() < 0.7:
                    kind, rid = "person", rng.randint(1, persons)
                else:
                    kind, rid = "document", rng.randint(1, documents)
                owner = rng.choice(COUNTRIES)
                yield (
                    kind,
                    rid,
                    owner,
                    0.9,
                    users[cc].pk,
                    unit.pk,
                    cc,
                    rng.choice(days) + timedelta(minutes=pk % 600),
                    "[]",
                    "{}",
                    "pending",
                    "reported",
                )

        _insert(
            Hit,
            [
                "kind",
                "record_id",
                "owner_country_id",
                "score",
                "screened_by_id",
                "unit_id",
                "screening_country_id",
                "at",
                "explanation",
                "query",
                "outcome",
                "state",
            ],
            hit_rows(),
        )
        _insert(
            AnalystLink,
            ["project_id", "source", "target", "reason", "note", "created_by_id", "created_at"],
            (
                (
                    project.pk,
                    f"person:{rng.randint(1, persons)}",
                    f"person:{rng.randint(1, persons)}",
                    "manual",
                    "bench",
                    users["FR-analyst"].pk,
                    now,
                )
                for _ in range(max(persons // 1000, 1))
            ),
        )
        RecordChange.objects.create(kind="person", record_id=1, last_record_id=persons)
        GraphFeedPosition.objects.update_or_create(
            pk=1, defaults={"seq": RecordChange.objects.order_by("-seq").first().seq}
        )
    log(f"notices {notices:,}, hits {hits:,} (30 % at one post), links in {time.perf_counter() - t0:.0f} s")
    t0 = time.perf_counter()
    with connection.cursor() as cur:  # the planner's statistics, as a maintained database has them
        for model in (Person, TravelDocument, IdentifierEntry, Hit, Notice):
            cur.execute(f"ANALYZE {model._meta.db_table}")
    log(f"ANALYZE in {time.perf_counter() - t0:.0f} s")
    return {"project": project.pk, "hub": units[0].pk}


def run_queries(project_id: int, persons: int, queries: int, seed: int) -> dict[str, Any]:
    from polnet.analysis.graph import services
    from polnet.analysis.graph.services import GraphQuery
    from polnet.core.errors import NotFound
    from polnet.network.actors import actor_for
    from polnet.network.models import User

    actor = actor_for(User.objects.get(username="FR-analyst"), origin="bench")
    rng = random.Random(seed + 1)
    hood: list[float] = []
    sizes: list[int] = []
    starts: list[str] = []
    while len(hood) < queries:
        start = f"person:{rng.randint(1, persons)}"
        t = time.perf_counter()
        try:
            answer = services.neighbourhood(actor, project_id, start, GraphQuery(hops=2))
        except NotFound:  # a person FR may not see: the same answer as none
            continue
        hood.append((time.perf_counter() - t) * 1000)
        sizes.append(len(answer.nodes))
        starts.append(start)
    near: list[float] = []
    far: list[float] = []
    found = 0
    for i in range(queries // 2):
        a = starts[i]
        answer = services.neighbourhood(actor, project_id, a, GraphQuery(hops=3, max_nodes=300))
        b = rng.choice(list(answer.nodes))
        t = time.perf_counter()
        services.path(actor, project_id, a, b)
        near.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        result = services.path(actor, project_id, a, starts[-1 - i])
        far.append((time.perf_counter() - t) * 1000)
        found += result is not None
    return {"hood": hood, "sizes": sizes, "near": near, "far": far, "far_found": found}


def worker(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polnet.settings")
    t0 = time.perf_counter()
    if args.reuse:  # the network a previous --keep run left: time the queries again
        import django

        django.setup()
        from polnet.analysis.models import Project

        made = {"project": Project.objects.get(name="Bench").pk}
    else:
        made = build(args.persons, args.documents, args.seed)
    built = time.perf_counter() - t0
    out = run_queries(made["project"], args.persons, args.queries, args.seed)
    out["build_seconds"] = built
    print(json.dumps(out))


# ---- the driver ------------------------------------------------------------------------------------


def _stats(ms: list[float]) -> tuple[float, float, float]:
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered), p95, ordered[-1]


def _cell(p50: float, p95: float, top: float) -> str:
    return f"p50 {p50:.1f}  p95 {p95:.1f}  max {top:.0f}"


@contextlib.contextmanager
def _data_folder(args: argparse.Namespace) -> Iterator[str]:
    """A kept folder (named by the scale) for --keep/--reuse, else a temporary one."""
    data = ROOT / "benchmarks" / ".data"
    if args.keep or args.reuse:
        kept = data / f"graph-{args.persons}"
        if not args.reuse:
            shutil.rmtree(kept, ignore_errors=True)
        kept.mkdir(exist_ok=True)
        yield str(kept)
        return
    with tempfile.TemporaryDirectory(prefix="graph-bench-", dir=data) as folder:
        yield folder


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--persons", type=int, default=100_000)
    p.add_argument("--documents", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/polnet_graph_bench")
    p.add_argument("--backends", default="sqlite,postgresql")
    p.add_argument(
        "--reuse",
        action="store_true",
        help="query the network a previous --keep run left (same --persons), without rebuilding it",
    )
    p.add_argument(
        "--keep",
        action="store_true",
        help="keep the network (SQLite file under benchmarks/.data/, PostgreSQL database) for --reuse",
    )
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        worker(args)
        return
    results: dict[str, dict[str, Any]] = {}
    (ROOT / "benchmarks" / ".data").mkdir(exist_ok=True)
    for backend in args.backends.split(","):
        with _data_folder(args) as folder:
            env = {**os.environ, "POLNET_DATA_DIR": folder, "PYTHONPATH": str(ROOT / "src")}
            env.pop("DATABASE_URL", None)
            if backend == "postgresql" and args.reuse:
                env["DATABASE_URL"] = args.pg_url
            elif backend == "postgresql":
                base, _, name = args.pg_url.rpartition("/")
                admin = f"{base}/postgres"
                subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
                subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
                env["DATABASE_URL"] = args.pg_url
            log(f"{backend}: building {args.persons:,} persons and {args.documents:,} documents")
            cmd = [
                sys.executable,
                __file__,
                "--worker",
                "--persons",
                str(args.persons),
                "--documents",
                str(args.documents),
                "--queries",
                str(args.queries),
                "--seed",
                str(args.seed),
                *(["--reuse"] if args.reuse else []),
            ]
            done = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True)
            results[backend] = json.loads(done.stdout.strip().splitlines()[-1])
    scale = f"{args.persons:,} persons, {args.documents:,} documents"
    print(f"\nLink graph, {scale}, as a bureau analyst, policy applied")
    print(f"{'':34}" + "".join(f"{b:>30}" for b in results))
    rows = [
        ("2-hop neighbourhood (ms)", "hood"),
        ("shortest path, near pair (ms)", "near"),
        ("shortest path, random pair (ms)", "far"),
    ]
    for title, k in rows:
        cells = "".join(f"{_cell(*_stats(r[k])):>30}" for r in results.values())
        print(f"{title:34}{cells}")
    print(
        f"{'entities per neighbourhood (p50)':34}"
        + "".join(f"{statistics.median(r['sizes']):>30.0f}" for r in results.values())
    )
    print(
        f"{'random pairs joined':34}"
        + "".join(f"{r['far_found']:>23} of {len(r['far']):<4}" for r in results.values())
    )
    print(f"{'build (s)':34}" + "".join(f"{r['build_seconds']:>30.0f}" for r in results.values()))


if __name__ == "__main__":
    main()
