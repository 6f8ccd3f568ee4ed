"""Run in a subprocess by the batch kill test, with the settings of the server under test.

`setup ROWS`: the schema, two bureaus with an officer each, the FR bureau's person record, and
a passenger list of ROWS rows sent by the DE officer, stored as `start_batch` stores it, with
its job queued (the server's job worker picks it up). Prints the list's id and its hit rows.
`state ID`: the list's status, progress and hits in the database, as JSON.
"""

from __future__ import annotations

import json
import sys

from polnet.cli import setup_django

IVAN_EVERY = 250  # every 250th row hits the record


def setup(rows: int) -> None:
    from django.core.management import call_command

    from polnet.core.actor import Role, system_actor
    from polnet.network.actors import actor_for
    from polnet.network.services import create_bureau, create_user, sync_countries
    from polnet.screening.batches import input as batch_input
    from polnet.screening.batches import runs as batches
    from polnet.screening.models import ScreeningBatch
    from polnet.screening.tasks import check_passenger_list
    from tests.factories import PASSWORD, make_record

    call_command("migrate", interactive=False, verbosity=0)
    sync_countries()
    officers = {}
    for cc in ("FR", "DE"):
        bureau = create_bureau(system_actor("test"), cc)
        admin = create_user(
            system_actor("test"),
            username=f"{cc.lower()}-admin",
            password=PASSWORD,
            role=Role.BUREAU_ADMIN,
            bureau=bureau,
        )
        officers[cc] = create_user(
            actor_for(admin, origin="test"),
            username=f"{cc.lower()}-officer",
            password=PASSWORD,
            role=Role.BUREAU_OFFICER,
            bureau=bureau,
        )
    make_record(actor_for(officers["FR"], origin="test"), "person")  # Ivan Ivanov, born 1974-08-12
    batch = ScreeningBatch.objects.create(
        created_by=officers["DE"], origin="web", total=rows, purpose="border_management"
    )
    hit_rows = [n for n in range(1, rows + 1) if n % IVAN_EVERY == 0]
    with batches.input_path(batch.pk).open("w", encoding="utf-8") as out:
        for n in range(1, rows + 1):
            name, dob = ("Ivan Ivanov", "1974-08-12") if n in hit_rows else (f"Traveller Number{n}", "1980")
            row = {**dict.fromkeys(batch_input.COLUMNS, ""), "name": name, "date_of_birth": dob}
            out.write(json.dumps(row) + "\n")
    check_passenger_list.enqueue(batch.pk)
    print(json.dumps({"id": batch.pk, "hit_rows": hit_rows}))


def state(batch_id: int) -> None:
    from polnet.screening.models import Hit, ScreeningBatch

    batch = ScreeningBatch.objects.get(pk=batch_id)
    hits = Hit.objects.filter(batch=batch).count()
    print(
        json.dumps({"status": batch.status, "done": batch.done, "hit_count": batch.hit_count, "hits": hits})
    )


if __name__ == "__main__":
    setup_django()
    if sys.argv[1] == "setup":
        setup(int(sys.argv[2]))
    else:
        state(int(sys.argv[2]))
