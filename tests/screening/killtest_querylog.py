"""Run in a subprocess by the query-log kill test, with the settings of the server under test.

`setup`: the schema, the FR and DE bureaus, an FR stolen passport (so some checks hit), and a
DE officer's API token for screening. Prints {"token": …, "hit_number": …}.
`logged`: the document numbers in the screening query log, as a JSON list.
`seal`: what `polnet serve` does first: seal the rows the kill left unsealed. Prints how many.
"""

from __future__ import annotations

import json
import sys

from polnet.cli import setup_django


def setup() -> None:
    from django.core.management import call_command

    from polnet.core.actor import Role, system_actor
    from polnet.network.actors import actor_for
    from polnet.network.services import create_bureau, create_user, issue_token, sync_countries
    from tests.factories import PASSWORD, make_record

    call_command("migrate", interactive=False, verbosity=0)
    sync_countries()
    officers, admins = {}, {}
    for cc in ("FR", "DE"):
        bureau = create_bureau(system_actor("test"), cc)
        admins[cc] = actor_for(
            create_user(
                system_actor("test"),
                username=f"{cc.lower()}-admin",
                password=PASSWORD,
                role=Role.BUREAU_ADMIN,
                bureau=bureau,
            ),
            origin="test",
        )
        officers[cc] = create_user(
            admins[cc],
            username=f"{cc.lower()}-officer",
            password=PASSWORD,
            role=Role.BUREAU_OFFICER,
            bureau=bureau,
        )
    passport = make_record(actor_for(officers["FR"], origin="test"), "document")
    _, secret = issue_token(
        admins["DE"], officers["DE"], name="border", scopes=["screening"], default_purpose="border_management"
    )
    print(json.dumps({"token": secret, "hit_number": passport.number}))


def logged() -> None:
    from polnet.screening.models import QueryLog

    print(
        json.dumps(
            [q["number"] for q in QueryLog.objects.filter(kind="document").values_list("query", flat=True)]
        )
    )


def seal() -> None:
    from polnet.screening.querylog import seal_pending

    print(json.dumps(seal_pending()))


if __name__ == "__main__":
    setup_django()
    {"setup": setup, "logged": logged, "seal": seal}[sys.argv[1]]()
