"""Run in a subprocess by the kill test: the schema, two bureaus, one officer each, second factors.

Prints JSON {username: TOTP key hex}. Uses the settings of the server under test (environment).
"""

from __future__ import annotations

import json
import sys

from polnet.cli import setup_django


def main(password: str) -> None:
    setup_django()
    from django.core.management import call_command

    from polnet.core.actor import Role, system_actor
    from polnet.network.actors import actor_for
    from polnet.network.services import add_totp_device, create_bureau, create_user, sync_countries

    call_command("migrate", interactive=False, verbosity=0)
    sync_countries()
    sysadmin = system_actor("test")
    keys = {}
    for cc in ("FR", "DE"):
        bureau = create_bureau(sysadmin, cc)
        admin = create_user(
            sysadmin, username=f"{cc.lower()}-admin", password=password, role=Role.BUREAU_ADMIN, bureau=bureau
        )
        officer = create_user(
            actor_for(admin, origin="test"),
            username=f"{cc.lower()}-officer",
            password=password,
            role=Role.BUREAU_OFFICER,
            bureau=bureau,
        )
        keys[officer.username] = add_totp_device(officer).key
    print(json.dumps(keys))


if __name__ == "__main__":
    main(sys.argv[1])
