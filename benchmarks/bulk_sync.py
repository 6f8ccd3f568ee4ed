"""Bulk sync: generate travel documents and persons as files, import them, print rows/s on
SQLite and PostgreSQL beside the single-record API rate measured in the same run.

    PYTHONPATH=src .venv/bin/python benchmarks/bulk_sync.py --documents 1000000 --persons 100000 \
        --pg-url postgresql://postgres@127.0.0.1:5432/bench_db

Each database runs in its own process (the settings read DATABASE_URL once). Nothing asserts.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path


def _write_files(folder: Path, documents: int, persons: int) -> tuple[Path, Path]:
    review = (date.today() + timedelta(days=365)).isoformat()
    docs = folder / "documents.csv"
    with docs.open("w", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(
            ["op", "external_ref", "number", "kind", "status", "date_reported", "purpose", "review_date"]
        )
        for i in range(documents):
            w.writerow(
                [
                    "upsert",
                    f"D{i}",
                    f"P{i:08d}",
                    "passport",
                    "stolen",
                    "2026-01-05",
                    "border_management",
                    review,
                ]
            )
    people = folder / "persons.jsonl"
    with people.open("w") as handle:
        for i in range(persons):
            row = {
                "external_ref": f"P{i}",
                "purpose": "investigation",
                "names": [{"given": f"Given{i % 997}", "family": f"Family{i}"}],
                "date_of_birth": f"{1950 + i % 50}-0{1 + i % 9}-1{i % 9}",
                "nationalities": ["FR"],
            }
            handle.write(json.dumps(row) + "\n")
    return docs, people


def _one(folder: Path, documents: Path, persons: Path, singles: int) -> dict[str, float]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polnet.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from polnet.core.actor import Role, system_actor
    from polnet.feeds import services
    from polnet.network.actors import actor_for
    from polnet.network.services import create_bureau, create_user, issue_token, sync_countries
    from polnet.screening import index as screening_index
    from polnet.screening import services as screening

    call_command("migrate", interactive=False, verbosity=0)
    sync_countries()
    bureau = create_bureau(system_actor("bench"), "FR")
    user = create_user(
        system_actor("bench"),
        username="fr-bench",
        password="a-long-bench-passphrase-42",
        role=Role.BUREAU_ADMIN,
        bureau=bureau,
    )
    actor = actor_for(user, origin="bench")
    out: dict[str, float] = {}
    for label, path, kind in (("documents", documents, "document"), ("persons", persons, "person")):
        start = time.perf_counter()
        with path.open("rb") as handle:
            batch = services.submit(
                actor, kind, iter(lambda h=handle: h.read(1 << 20), b""), file_name=path.name, enqueue=False
            )
        batch = services.run(batch.pk)
        seconds = time.perf_counter() - start
        out[f"{label}_rows"] = batch.created
        out[f"{label}_seconds"] = seconds
        print(
            f"  {label}: {batch.created:,} in {seconds:.1f} s "
            f"({batch.created / seconds:,.0f} rows/s), {batch.status}",
            file=sys.stderr,
        )
    start = time.perf_counter()
    screening_index.reset()
    found = screening.screen_document(actor, "P00000000", None).hit
    out["index_seconds"] = time.perf_counter() - start
    out["index_finds_first"] = float(found)
    _, token = issue_token(actor, user, name="bench", scopes=["records:read", "records:write"])
    client = Client()
    review = (date.today() + timedelta(days=365)).isoformat()
    start = time.perf_counter()
    for i in range(singles):
        body = {
            "number": f"S{i:07d}",
            "kind": "passport",
            "status": "stolen",
            "date_reported": "2026-01-05",
            "purpose": "border_management",
            "review_date": review,
        }
        r = client.post(
            "/api/records/documents",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert r.status_code == 201, r.content
    out["single_per_second"] = singles / (time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--singles", type=int, default=200)
    parser.add_argument("--pg-url", default="")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        folder, docs, people = map(Path, args.one)
        print(json.dumps(_one(folder, docs, people, args.singles)))
        return
    folder = Path(tempfile.mkdtemp(prefix="polnet-bulk-"))
    docs, people = _write_files(folder, args.documents, args.persons)
    results = {}
    for name, url in (("SQLite", ""), ("PostgreSQL", args.pg_url)):
        if name == "PostgreSQL" and not url:
            continue
        data = folder / name
        data.mkdir()
        env = {
            **os.environ,
            "POLNET_DATA_DIR": str(data),
            "POLNET_ENV": "test",
            "DATABASE_URL": url,
            "POLNET_SECRET_KEY": "bench",
        }
        print(f"{name}:", file=sys.stderr)
        run = subprocess.run(
            [
                sys.executable,
                __file__,
                "--singles",
                str(args.singles),
                "--one",
                str(data),
                str(docs),
                str(people),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        sys.stderr.write(run.stderr[-3000:])
        results[name] = json.loads(run.stdout.strip().splitlines()[-1]) if run.returncode == 0 else {}
    print("| database | documents | rows/s | persons | rows/s | index build + check | single API creates/s |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        if not r:
            print(f"| {name} | failed | | | | | |")
            continue
        print(
            f"| {name} | {r['documents_rows']:,.0f} in {r['documents_seconds']:.1f} s "
            f"| {r['documents_rows'] / r['documents_seconds']:,.0f} "
            f"| {r['persons_rows']:,.0f} in {r['persons_seconds']:.1f} s "
            f"| {r['persons_rows'] / r['persons_seconds']:,.0f} "
            f"| {r['index_seconds']:.1f} s ({'found' if r['index_finds_first'] else 'NOT found'}) "
            f"| {r['single_per_second']:,.0f} |"
        )


if __name__ == "__main__":
    main()
