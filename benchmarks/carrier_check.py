"""A carrier's per-passenger check (`POST /api/screening/carrier-check`) on loopback: latency.

It seeds a network with `polnet seed`'s generator (as `live_feed.py` does), issues a carrier's
token (scope carrier:check) to a machine account of one bureau, starts the real `polnet serve`
(granian, 2 workers) and sends ``--calls`` checks one after another on a kept-alive connection:
synthetic passengers (names, dates of birth, passports), a few of them carrying a document on
the records (do not board). Prints p50/p95/p99 and the statuses; the target is p99 <= 50 ms.

    .venv/bin/python benchmarks/carrier_check.py [--calls 2000] [--documents 200000] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))

import live_feed  # noqa: E402  (the seeding step and the server harness)

HOST = live_feed.HOST


def step_prepare() -> dict[str, Any]:
    """A carrier's machine account and token, issued by the first bureau's administrator, and
    the passengers to check."""
    from polnet.core.actor import Role, system_actor
    from polnet.network.actors import actor_for
    from polnet.network.models import Bureau
    from polnet.network.services import create_user, issue_token
    from polnet.records.models import TravelDocument
    from polnet.synthetic import paxlst

    bureau = Bureau.objects.order_by("country_id").first()
    assert bureau is not None
    admin = actor_for(
        create_user(
            system_actor("bench"),
            username="carrier-admin",
            password=None,
            role=Role.BUREAU_ADMIN,
            bureau=bureau,
        ),
        origin="bench",
    )
    airline = create_user(
        admin, username="carrier-xy", password=None, role=Role.BUREAU_OFFICER, bureau=bureau, is_machine=True
    )
    _, token = issue_token(admin, airline, name="XY airline", scopes=["carrier:check"], days=1)
    stolen = list(TravelDocument.objects.values_list("number", "issuing_country_id")[:100])
    return {"token": token, "stolen": stolen, "passengers": [_row(p) for p in paxlst.passengers(500, seed=3)]}


def _row(p: Any) -> dict[str, str]:
    return {
        "document_number": p.document_number,
        "document_country": p.document_country,
        "family": p.family,
        "given": p.given,
        "date_of_birth": p.date_of_birth.isoformat(),
        "sex": p.sex,
        "nationality": p.nationality,
        "flight": "XY123",
        "flight_date": "2025-03-14",
    }


class Site(live_feed.Site):
    def step(self, *args: str) -> dict[str, Any]:
        out = self.run(sys.executable, str(HERE), "--step", *args)
        return dict(json.loads(out.strip().splitlines()[-1]))


def measure(port: int, token: str, bodies: list[dict[str, str]]) -> tuple[list[float], Counter[str]]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Host": HOST}
    took: list[float] = []
    answers: Counter[str] = Counter()
    for body in bodies:
        data = json.dumps(body).encode()
        start = time.perf_counter()
        conn.request("POST", "/api/screening/carrier-check", body=data, headers=headers)
        answer = conn.getresponse()
        payload = answer.read()
        took.append((time.perf_counter() - start) * 1000)
        answers[json.loads(payload).get("status") or f"http {answer.status}"] += 1
    conn.close()
    return took, answers


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--pg-url", default=None, help="an empty PostgreSQL database instead of SQLite")
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        live_feed._django()
        name, *rest = args.step
        steps = {"seed": live_feed.step_seed, "prepare": step_prepare}
        print(json.dumps(steps[name](*rest), default=str))
        return
    folder = Path(tempfile.mkdtemp(prefix="carrier-bench-"))
    site = Site(folder, args.pg_url)
    live_feed.log(f"data in {folder}; seeding {args.documents:,} documents")
    site.run(str(live_feed.BIN / "polnet"), "migrate")
    site.step("seed", str(args.documents))
    data = site.step("prepare")
    rng = random.Random(5)
    bodies = []
    for i in range(args.calls + args.warmup):
        body = dict(rng.choice(data["passengers"]))
        if i % 50 == 7:  # one passenger in fifty travels on a reported document
            body["document_number"], body["document_country"] = rng.choice(data["stolen"])
        bodies.append(body)
    site.start(os.environ.get("POLNET_INTERFACE", "asgi"))
    try:
        measure(site.port, data["token"], bodies[: args.warmup])
        took, answers = measure(site.port, data["token"], bodies[args.warmup :])
    finally:
        site.stop()
    print(f"carrier check, {len(took):,} calls one after another on loopback, {args.documents:,} documents")
    print(f"database: {'PostgreSQL' if args.pg_url else 'SQLite'}")
    for q in (50, 95, 99):
        print(f"p{q}: {_percentile(took, q):.1f} ms")
    print(f"max: {max(took):.1f} ms; mean: {statistics.fmean(took):.1f} ms")
    print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(answers.items())))


if __name__ == "__main__":
    main()
