"""The HTTP API on loopback, served as in production, loaded with wrk.

A fresh data folder is migrated and seeded with the synthetic network, a
border-crossing unit gets a ``screening`` token, and ``polnet serve`` (granian
WSGI, two workers, production settings) answers POSTs that carry the token:
authentication, access policy, query log and hit records all run. The server
is stopped at the end, whatever happens. A passenger list is then timed
through the service layer.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from polnet.synthetic import LabelledQuery

from . import data
from .http_load import Load, python_client, wrk
from .http_site import HERE, MinimalSite, Site
from .measure import log
from .report import Report, fixed, integer, ms

Client = Callable[[Site, str, list[str], str, int], Load]
WARM_SECONDS = 3
BODIES = 2_000  # labelled queries per endpoint, before the border mix keeps ~1 % of the true ones
CENSUS = 100  # bodies sent once each before the load, to name any answer other than 200
ENDPOINTS: tuple[tuple[str, Callable[[LabelledQuery], dict[str, Any]]], ...] = (
    ("document", data.document_body),
    ("person", data.person_body),
    ("vehicle", data.vehicle_body),
)


def _queries(sizes: data.Sizes, seed: int) -> dict[str, list[LabelledQuery]]:
    """Border mixes of labelled queries against the seeded network (the generator gives the
    same rows as the seed command)."""
    people, _ = data.persons(sizes.http_persons, seed)
    docs = data.documents(sizes.http_documents, sizes.http_persons, seed, keep_rows=False)
    cars, _ = data.vehicles(sizes.http_vehicles, seed)
    return {
        "person": data.border_mix(data.person_queries(people, 2 * BODIES, seed), seed),
        "document": data.border_mix(data.document_queries(docs, 2 * BODIES, seed), seed),
        "vehicle": data.border_mix(data.vehicle_queries(cars, 2 * BODIES, seed), seed),
    }


def run(report: Report, sizes: data.Sizes, seed: int, batch_rows: int, database_url: str | None) -> None:
    folder = HERE.parent / ".data" / f"http-{time.strftime('%Y%m%d-%H%M%S')}"
    folder.mkdir(parents=True)
    site = Site(folder, database_url)
    seeded = f"{sizes.http_persons:,} persons, {sizes.http_documents:,} documents, "
    seeded += f"{sizes.http_vehicles:,} vehicles"
    log(f"HTTP: migrating and seeding {folder.name}: {seeded}")
    started = time.monotonic()
    site.polnet("migrate")
    site.polnet(
        "seed",
        "--persons",
        str(sizes.http_persons),
        "--documents",
        str(sizes.http_documents),
        "--vehicles",
        str(sizes.http_vehicles),
        "--firearms",
        "0",
        "--artworks",
        "0",
        "--countries",
        str(data.COUNTRIES),
        "--seed",
        str(seed),
    )
    seed_seconds = time.monotonic() - started
    token = site.task("token")["token"]
    queries = _queries(sizes, seed)
    client = wrk if shutil.which("wrk") else python_client
    try:
        started = time.monotonic()
        site.start(timeout=3600)
        report.note(
            "http",
            f"{site.database}; seeded {seeded} in {seed_seconds:.0f} s; `polnet serve` wrote the index "
            f"snapshot and answered after {time.monotonic() - started:.0f} s. Data: {folder}",
        )
        _warm(site, token, queries)
        for kind, body in ENDPOINTS:
            bodies = [json.dumps(body(q)) for q in queries[kind]]
            path = f"/api/screening/{kind}"
            _census(report, site, path, bodies, token)
            client(site, path, bodies, token, WARM_SECONDS)
            log(f"HTTP: POST {path} for {sizes.http_seconds} s")
            cpu = site.cpu_seconds()
            result = client(site, path, bodies, token, sizes.http_seconds)
            per_cpu = result.requests / max(site.cpu_seconds() - cpu, 1e-9)
            report.figures[f"http.{kind}.rps"] = result.per_second
            report.figures[f"http.{kind}.rps_2cpu"] = 2 * per_cpu
            report.figures[f"http.{kind}.p99_ms"] = result.p99_ms
            _http_row(report, f"POST {path}", result, per_cpu)
    finally:
        site.stop()
    document_bodies = [json.dumps(data.document_body(q)) for q in queries["document"]]
    _ceiling(report, folder, document_bodies, sizes.http_seconds, client)
    _batch(report, site, queries, batch_rows)


def _http_row(report: Report, endpoint: str, result: Load, per_cpu: float) -> None:
    report.add(
        "http",
        endpoint,
        integer(result.requests),
        integer(result.per_second),
        integer(per_cpu),
        ms(result.p50_ms),
        ms(result.p99_ms),
        integer(result.errors),
        result.client,
        fixed(result.load, 2),
    )


def _ceiling(report: Report, folder: Path, bodies: list[str], seconds: int, client: Client) -> None:
    """The minimal Django site under the same server, loaded the same way: what polnet's rates
    are a share of."""
    minimal = MinimalSite(folder, None)
    try:
        minimal.start(timeout=120)
        client(minimal, MinimalSite.PATH, bodies, "", WARM_SECONDS)
        log(f"HTTP: POST {MinimalSite.PATH} (minimal Django site) for {seconds} s")
        cpu = minimal.cpu_seconds()
        result = client(minimal, MinimalSite.PATH, bodies, "", seconds)
        per_cpu = result.requests / max(minimal.cpu_seconds() - cpu, 1e-9)
    finally:
        minimal.stop()
    report.figures["http.minimal.rps"] = result.per_second
    _http_row(report, f"POST {MinimalSite.PATH} (minimal Django site)", result, per_cpu)
    shares = [
        f"{kind} {report.figures[f'http.{kind}.rps'] / result.per_second:.0%}"
        for kind, _ in ENDPOINTS
        if f"http.{kind}.rps" in report.figures and result.per_second
    ]
    report.note(
        "http",
        "The minimal Django site answers the document bodies with the same server, handler and "
        "workers, without middleware, database, authentication or engine "
        "(`screening_bench/minimal_django.py`). Each endpoint's rate as a share of it (what "
        f"polnet's request path leaves): {', '.join(shares)}.",
    )


def _census(report: Report, site: Site, path: str, bodies: list[str], token: str) -> None:
    """Post some bodies once each (this also warms the workers up); answers other than 200 go in the notes."""
    sample = bodies[:CENSUS]
    statuses = Counter(site.post(path, json.loads(b), token)[0] for b in sample)
    wrong = {status: n for status, n in statuses.items() if status != 200}
    if wrong:
        found = ", ".join(f"{n} x {status}" for status, n in sorted(wrong.items()))
        report.note(
            "http", f"POST {path}: {found} among its {len(bodies):,} distinct bodies (see server.log)."
        )


def _warm(site: Site, token: str, queries: dict[str, list[LabelledQuery]]) -> None:
    """Each worker loads its index on its first screening request: wait for both to answer."""
    log("HTTP: warming up the workers")
    deadline = time.monotonic() + 1800
    quick = 0
    while quick < 20 and time.monotonic() < deadline:
        status, seconds = site.post(
            "/api/screening/document", data.document_body(queries["document"][quick]), token
        )
        if status != 200:
            raise RuntimeError(f"screening request answered {status}; see {site.folder / 'server.log'}")
        quick = quick + 1 if seconds < 0.5 else 0


def _batch(report: Report, site: Site, queries: dict[str, list[LabelledQuery]], rows: int) -> None:
    people, docs = queries["person"], queries["document"]
    passengers = []
    for i in range(rows):
        p, d = people[i % len(people)], docs[i % len(docs)]
        row = {"name": p.name or "", "date_of_birth": data.date_text(p), "sex": p.sex or ""}
        row |= {
            "nationality": p.nationality or "",
            "document_number": d.number or "",
            "document_country": d.country or "",
        }
        passengers.append(row)
    path = site.folder / "passengers.json"
    path.write_text(json.dumps(passengers))
    log(f"passenger list: {rows:,} rows (person + document check each) through the service layer")
    result = site.task("batch", str(path))
    per_second = result["rows"] / result["seconds"]
    million = 1_000_000 / per_second
    report.figures["batch.rows_per_s"] = per_second
    report.figures["batch.million_s"] = million
    # On free cores the work spreads over the worker processes (one per core).
    report.figures["batch.million_cpu_s"] = (
        1_000_000 * result["cpu_seconds"] / result["rows"] / result["processes"]
    )
    label = "measured" if rows >= 1_000_000 else f"extrapolated from {rows:,} rows"
    report.add(
        "batch",
        integer(result["rows"]),
        str(result["processes"]),
        fixed(result["seconds"], 1),
        integer(per_second),
        integer(result["rows"] / result["cpu_seconds"]),
        f"{million / 60:.1f} min ({label})",
        fixed(result["load"], 2),
    )
    report.note(
        "batch",
        "Each row: a person check and a document check, as a running batch makes them "
        "(`batches.check_all`: worker processes for a list of "
        f"{result['min_rows']:,} rows or more), as the unit's token user; rows drawn from the border "
        f"mixes ({result['hits']:,} rows had hits). Seconds include starting the workers and "
        "loading their index; rows/CPU-s counts the workers' CPU time too.",
    )
