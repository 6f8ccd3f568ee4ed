"""Finding everything on one person for a request from an individual, at scale.

    .venv/bin/python benchmarks/dataprotection_find.py       # 10 k persons, 100 k documents
    .venv/bin/python benchmarks/dataprotection_find.py --persons 100000 --documents 1000000
    .venv/bin/python benchmarks/dataprotection_find.py --persons 1000000 --documents 10000000
    .venv/bin/python benchmarks/dataprotection_find.py --network-url postgresql://postgres@127.0.0.1:5432/polnet_graph_bench

--network-url searches the network `benchmarks/analysis_graph.py --keep` left in PostgreSQL
(1 M persons and 10 M documents written with COPY, far faster than the inserts here): it is
migrated, the control body's officer added, and the request made for one of its persons who
holds documents and was hit.

A fresh SQLite database in a temporary data folder (or PostgreSQL with --pg-url) gets a
synthetic network written with bulk inserts: persons of ten bureaus with Latin names and
partial dates of birth, documents (a third with a holder), hits on some persons, and the
requester, written in Latin and Cyrillic, with a passport and a hit. The screening index is
built once (as a server process does at start), then the control body's search for the
requester runs --queries times through `dataprotection.requests.services.find` (finder,
query log, audit, findings written).
Progress on stderr, the figures on stdout.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = ["FR", "DE", "IT", "ES", "NL", "BE", "PT", "PL", "AT", "SE"]
SYLLABLES = [
    "an",
    "ber",
    "cor",
    "dan",
    "el",
    "fin",
    "gar",
    "hol",
    "is",
    "jon",
    "kel",
    "lor",
    "mar",
    "nov",
    "or",
    "pet",
    "quin",
    "ros",
    "sal",
    "tor",
    "ul",
    "vas",
    "wen",
    "yar",
    "zel",
]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _name(rng: random.Random) -> tuple[str, str]:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return word(), word()


def build(persons: int, documents: int, seed: int) -> tuple[int, int]:
    """The network; returns (the control body officer's user id, the request's id)."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from polnet.core.actor import Role, system_actor
    from polnet.dataprotection.requests import services
    from polnet.network.actors import actor_for
    from polnet.network.services import create_bureau, create_user, sync_countries
    from polnet.records.models import Person, PersonName, TravelDocument
    from polnet.screening.models import Hit

    rng = random.Random(seed)
    sync_countries()
    sysadmin = system_actor("bench")
    bureaus = {cc: create_bureau(sysadmin, cc) for cc in COUNTRIES}
    admin = create_user(
        sysadmin, username="fr-admin", password="x" * 16, role=Role.BUREAU_ADMIN, bureau=bureaus["FR"]
    )
    dpo = create_user(sysadmin, username="gs-dpo", password="x" * 16, role=Role.DATA_PROTECTION_OFFICER)
    review = date.today() + timedelta(days=365)
    common = {"created_by_id": admin.pk, "review_date": review, "purpose": "investigation"}
    t = time.perf_counter()
    chunk = 20_000
    for start in range(0, persons, chunk):
        n = min(chunk, persons - start)
        made = Person.objects.bulk_create(
            Person(
                owner_country_id=rng.choice(COUNTRIES),
                dob_year=rng.randint(1940, 2005),
                dob_month=rng.randint(1, 12),
                dob_day=rng.randint(1, 28),
                **common,
            )
            for _ in range(n)
        )
        PersonName.objects.bulk_create(
            PersonName(person_id=p.pk, given=g, family=f, script="Latn")
            for p in made
            for g, f in [_name(rng)]
        )
        log(f"persons {start + n}")
    ids = list(Person.objects.values_list("pk", flat=True))
    target = Person.objects.create(owner_country_id="DE", dob_year=1974, dob_month=8, dob_day=12, **common)
    PersonName.objects.bulk_create(
        [
            PersonName(person=target, given="Ivan", family="Petrov", script="Latn"),
            PersonName(
                person=target, given="Иван", family="Петров", script="Cyrl", language="ru", position=1
            ),
        ]
    )
    for start in range(0, documents, chunk * 5):
        n = min(chunk * 5, documents - start)
        TravelDocument.objects.bulk_create(
            (
                TravelDocument(
                    owner_country_id=(cc := rng.choice(COUNTRIES)),
                    issuing_country_id=cc,
                    number=f"B{start + i:09d}",
                    kind="passport",
                    status="stolen",
                    date_reported=date(2025, 1, 1),
                    holder_id=rng.choice(ids) if rng.random() < 0.33 else None,
                    **common,
                )
                for i in range(n)
            ),
            batch_size=5000,
        )
        log(f"documents {start + n}")
    TravelDocument.objects.create(
        owner_country_id="DE",
        issuing_country_id="DE",
        number="P1234567",
        kind="passport",
        status="stolen",
        date_reported=date(2025, 1, 1),
        holder=target,
        **common,
    )
    hits = [rng.choice(ids) for _ in range(min(10_000, persons // 10))] + [target.pk]
    Hit.objects.bulk_create(
        (
            Hit(
                kind="person",
                record_id=pk,
                owner_country_id="DE",
                score=0.9,
                screened_by_id=admin.pk,
                screening_country_id="IT",
            )
            for pk in hits
        ),
        batch_size=5000,
    )
    log(f"network written in {time.perf_counter() - t:.0f} s")
    req = services.register(
        actor_for(dpo, origin="bench"),
        kind="access",
        names=["Иван Петров", "PETROV Ivan"],
        date_of_birth="1974-08",
        language="en",
        received_on=date.today(),
        document_number="P1234567",
    )
    return dpo.pk, req.pk


def existing(url: str) -> tuple[int, int, int, int]:
    """A request for a person of an existing network: (officer id, request id, persons, documents)."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db.models import Count

    from polnet.core.actor import Role, system_actor
    from polnet.dataprotection.requests import services
    from polnet.network.actors import actor_for
    from polnet.network.models import User
    from polnet.network.services import create_user
    from polnet.records.models import Person, TravelDocument
    from polnet.screening.models import Hit

    dpo = User.objects.filter(username="gs-dpo").first() or create_user(
        system_actor("bench"), username="gs-dpo", password="x" * 16, role=Role.DATA_PROTECTION_OFFICER
    )
    hit = set(Hit.objects.filter(kind="person").values_list("record_id", flat=True)[:5000])
    holder = (
        TravelDocument.objects.filter(holder_id__in=hit)
        .values("holder_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "holder_id")
        .first()
    )
    if holder is None:
        raise SystemExit("No hit person holding a document in that network.")
    person = Person.objects.prefetch_related("names").get(pk=holder["holder_id"])
    names = [n.display for n in person.names.all()]
    born = person.date_of_birth or "no date"
    log(f"requester: person {person.pk} ({names[0]}, {born}), {holder['n']} documents")
    req = services.register(
        actor_for(dpo, origin="bench"),
        kind="access",
        names=names,
        date_of_birth=person.date_of_birth,
        language="en",
        received_on=date.today(),
    )
    return dpo.pk, req.pk, Person.objects.count(), TravelDocument.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg-url", default="", help="a PostgreSQL database to fill (it is emptied first)")
    parser.add_argument("--network-url", default="", help="search an existing network instead (see above)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="dp-find-")
    os.environ["POLNET_DATA_DIR"] = folder
    if args.pg_url or args.network_url:
        os.environ["DATABASE_URL"] = args.network_url or args.pg_url
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polnet.settings")
    if args.network_url:
        user_id, request_id, args.persons, args.documents = existing(args.network_url)
    else:
        user_id, request_id = build(args.persons, args.documents, args.seed)

    from polnet.dataprotection.requests import services
    from polnet.network.actors import actor_for
    from polnet.network.models import User
    from polnet.screening import index as screening_index

    t = time.perf_counter()
    screening_index.current()
    index_s = time.perf_counter() - t
    log(f"screening index built in {index_s:.1f} s")
    actor = actor_for(User.objects.get(pk=user_id), origin="bench")
    times, found = [], []
    for _ in range(args.queries):
        t = time.perf_counter()
        rows = services.find(actor, request_id)
        times.append((time.perf_counter() - t) * 1000)
        found.append(len(rows))
    kinds = sorted({f.item_kind for f in services.open_request(actor, request_id).findings.all()})
    first = times[0]
    times.sort()
    backend = "postgresql" if args.pg_url or args.network_url else "sqlite"
    print(f"find all data on one person ({backend}, {args.persons:,} persons, {args.documents:,} documents)")
    print(f"  screening index build   {index_s:8.1f} s (once per server process)")
    print(f"  find, first             {first:8.1f} ms")
    print(f"  find, median            {statistics.median(times):8.1f} ms")
    print(f"  find, p95               {times[int(0.95 * (len(times) - 1))]:8.1f} ms")
    print(f"  items found             {found[-1]} ({', '.join(kinds)})")


if __name__ == "__main__":
    main()
