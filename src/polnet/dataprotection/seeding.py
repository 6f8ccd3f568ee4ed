"""The demo's data protection: two requests from individuals, an alert to look into, and the
review-date warnings. Called by `polnet demo` after the analysis demo, once.

- A man of the analysis demo's ring (Marco Rossi) asks the secretariat's control body what
  the network holds on him: the request is registered, everything that may concern him is
  found across the bureaus, and each owner bureau is consulted; the first answers (it refuses
  disclosure, an investigation is open), the others have yet to.
- Youssef El Amrani asks, in Arabic, for his data to be deleted: registered and searched,
  waiting for the control body to consult the owners.
- An officer of the first demo bureau ran seven near-identical person searches in one hour
  yesterday (written to the query log as the screening service writes a check, with the time
  of yesterday): the console raises a fishing alert on it.
- The owner bureaus are told of their records and notices whose review date comes within the
  notice period.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from rich.console import Console

from polnet.core.actor import Actor, system_actor
from polnet.dataprotection import retention
from polnet.dataprotection.console import alerts
from polnet.dataprotection.requests import services as requests
from polnet.dataprotection.requests.models import Consultation, DataRequest
from polnet.network.actors import actor_for
from polnet.network.models import Country, User
from polnet.screening.querylog import writer as query_log

# The names an officer tried, one after another, within an hour: a fishing expedition.
FISHING_NAMES = [
    "Marco Rossi",
    "Marko Rossi",
    "Marco Rosi",
    "Marko Rosi",
    "Mario Rossi",
    "Marco Russi",
    "Marco Rossa",
]


def _actor(username: str) -> Actor:
    return actor_for(User.objects.get(username=username), origin="demo")


def _fishing(officer: Actor) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    start = timezone.make_aware(datetime.combine(yesterday, time(10, 5)))
    for n, name in enumerate(FISHING_NAMES):
        query = {"names": [name], "date_of_birth": "", "sex": "", "nationalities": []}
        result = {"hit": False, "records": [], "hits": [], "disclosed": True}
        query_log.add(
            officer, "person", query, result, at=start + timedelta(minutes=6 * n), purpose="identification"
        )
    query_log.flush()


def _requests(console: Console) -> None:
    control = _actor("gs-dpo")
    today = timezone.localdate()
    rossi = requests.register(
        control,
        kind="access",
        names=["Marco Rossi"],
        date_of_birth="1978-03-14",
        language="fr",
        received_on=today - timedelta(days=12),
        document_type="passport",
        document_number="YA1234567",
        details="Letter received by post; copy of the passport attached to the paper file.",
    )
    requests.find(control, rossi.pk)
    consulted = requests.consult(control, rossi.pk)
    first: Consultation | None = consulted[0] if consulted else None
    if first is not None:
        owner_dpo = User.objects.filter(username=f"{str(first.owner_country_id).lower()}-dpo").first()
        if owner_dpo is not None:
            requests.answer_consultation(
                actor_for(owner_dpo, origin="demo"),
                first.pk,
                answer="refuse",
                reasons="An investigation is open; disclosure would harm it.",
            )
    amrani = requests.register(
        control,
        kind="deletion",
        names=["يوسف العمراني", "Youssef El Amrani"],
        date_of_birth="1985-06",
        language="ar",
        received_on=today - timedelta(days=3),
    )
    requests.find(control, amrani.pk)
    console.print(
        f"Data protection demo: requests {rossi.reference} (consulting {len(consulted)} bureaus) "
        f"and {amrani.reference} (found, to consult)."
    )


def seed_demo_dataprotection(console: Console) -> None:
    """The requests, the alert and the warnings, once."""
    if DataRequest.objects.exists():
        console.print("Demo data-protection requests already present.")
        return
    members = list(Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True))
    officer = f"{members[0].lower()}-officer" if members else ""
    if User.objects.filter(username__in=["gs-dpo", officer]).count() < 2:
        console.print("No demo network yet: data protection not seeded.")
        return
    _requests(console)
    _fishing(_actor(officer))
    raised = alerts.scan(days=2)
    warned = retention.warn(system_actor("demo"))
    console.print(
        f"Data protection demo: {len(raised)} alert(s) raised; review-date warnings: {vars(warned)}."
    )
