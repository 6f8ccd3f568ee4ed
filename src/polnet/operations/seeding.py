"""The demo's joint operations: one finished, with its final report and public summary, and one
in its active phase around today, for the live board (docs/operations.md, "The demo").

Called by `polnet demo` after the learning centre (whose partner organisation observes), every
time: each step is done once, through the operations' and screening's own services, as the
coordinator, the bureaus and the posts would do it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rich.console import Console

from polnet.network.actors import actor_for
from polnet.operations.seeding_active import seed_active
from polnet.operations.seeding_cast import cast
from polnet.operations.seeding_closed import seed_closed


def seed_demo_operations(console: Console) -> None:
    players = cast(console)
    reviewer = get_user_model().objects.filter(username="gs-reviewer").first()
    if players is None or reviewer is None:
        console.print("No demo network yet: operations not seeded.")
        return
    seed_closed(players, actor_for(reviewer, origin="demo"))
    seed_active(players)
