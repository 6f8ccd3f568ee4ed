"""Demo notices and diffusions in every state, made through the services as the right people.

Called by `polnet demo` once the network and its demo users exist. Some notices concern
persons already in the seeded databases (same identity, linked), so that screening finds
them; Red, Yellow and UN notices have approved public extracts, so that the public pages
and the public web service have content.
"""

from __future__ import annotations

import zlib
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from rich.console import Console

from polnet.core.actor import Actor, system_actor
from polnet.network.actors import actor_for
from polnet.network.models import Country, User
from polnet.notices import images, services, workflow
from polnet.notices.images import placeholder_png
from polnet.notices.models import Notice
from polnet.notices.states import Act
from polnet.records.models import Person
from polnet.records.names import names_out

SECRETARIAT_STEPS = {Act.START_REVIEW, Act.REQUEST_INFO, Act.REFUSE, Act.CANCEL, Act.CONFIRM}


class _Demo:
    def __init__(self, members: list[str]) -> None:
        self.members = members
        self.officers = {cc: self._actor(f"{cc.lower()}-officer") for cc in members}
        self.gs = self._actor("gs-reviewer")
        self.today = timezone.localdate()
        self.made: list[Notice] = []

    @staticmethod
    def _actor(username: str) -> Actor:
        return actor_for(User.objects.get(username=username), origin="demo")

    def subject(self, cc: str, n: int) -> dict[str, Any]:
        """The identity of one of the country's seeded persons, linked, or a fixed one."""
        person = (
            Person.objects.filter(
                owner_country_id=cc,
                restriction="all",
                bureau_only=False,
                # A record that may be passed on: a public extract may show it (any seed size).
                handling_code="H0",
                dob_year__isnull=False,
            )
            .prefetch_related("names", "nationalities")
            .order_by("pk")[n : n + 1]
            .first()
        )
        if person is None:
            return {
                "names": [{"given": "Adrian", "family": f"Demo{n}", "script": "Latn"}],
                "date_of_birth": "1980-01-01",
                "sex": "M",
            }
        return {
            "names": names_out(person.names.all()),
            "date_of_birth": person.date_of_birth,
            "sex": person.sex,
            "nationalities": [c.pk for c in person.nationalities.all()],
            "place_of_birth": person.place_of_birth,
            "links": {"persons": [person.pk]},
        }

    def draft(self, cc: str | None, data: dict[str, Any]) -> Notice:
        actor = self.gs if cc is None else self.officers[cc]
        notice = services.create_notice(actor, data)
        self.made.append(notice)
        return notice

    def to(self, notice: Notice, *steps: str, reason: str = "") -> Notice:
        """Walk a notice through its lifecycle, each step as whoever takes it."""
        for step in steps:
            source = self.gs if notice.owner_country_id is None else self.officers[notice.owner_country_id]
            actor = self.gs if step in SECRETARIAT_STEPS else source
            if step == Act.PUBLISH:
                notice = workflow.publish(self.gs, notice.pk, reason=reason)
            elif step == "public":
                if notice.kind != "un":
                    workflow.request_extract(source, notice.pk, reason="Help from the public is needed.")
                    workflow.decide_extract(self.gs, notice.pk, approve=True)
            elif step == Act.SUSPEND:
                notice = workflow.perform(
                    actor, notice.pk, step, reason=reason, until=self.today + timedelta(days=90)
                )
            else:
                notice = workflow.perform(actor, notice.pk, step, reason=reason)
        return notice

    def photo(self, notice: Notice, shade: int) -> None:
        images.add_image(
            self.officers[notice.owner_country_id] if notice.owner_country_id else self.gs,
            notice.pk,
            placeholder_png(shade=shade),
            caption="Photograph",
        )


def _red(
    subject: dict[str, Any], charge: str, law: str, months: int, issuer: str, **extra: Any
) -> dict[str, Any]:
    warrant = {
        "issuing_country": issuer,
        "charge": charge,
        "law": law,
        "max_penalty_months": months,
        # A reference the arrest on a hit names (the notice's action defaults to it).
        "reference": f"AW-{zlib.crc32(charge.encode()) % 100000:05d}",
        "authority": "Investigating judge",
    }
    warrant.update(extra.pop("warrant", {}))
    return {"kind": "red", "language": "en", "warrants": [warrant], **subject, **extra}


def seed_demo_notices(console: Console) -> None:
    """Notices and diffusions in every state, once."""
    if Notice.objects.exists():
        console.print("Demo notices already present.")
        return
    members = list(Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True))[:3]
    if len(members) < 3 or not User.objects.filter(username="gs-reviewer").exists():
        console.print("No demo network yet: notices not seeded.")
        return
    a, b, c = members
    d = _Demo(members)
    to_published = (Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH)
    with transaction.atomic():
        # Published, with approved public extracts.
        n = d.draft(
            a,
            _red(
                d.subject(a, 0),
                "Armed robbery of a jewellery shop",
                "Penal code, art. 311-8",
                240,
                a,
                facts="Robbed a jewellery shop with a handgun and fled abroad.",
                height_cm=182,
                weight_kg=80,
                eye_colours=["BRO"],
                hair_colours=["BLA"],
                languages_spoken=["ENG"],
            ),
        )
        d.photo(n, 0)
        d.to(n, *to_published, "public")
        n = d.draft(
            b,
            _red(
                d.subject(b, 0),
                "Trafic de stupéfiants en bande organisée",
                "Code pénal, art. 222-36",
                360,
                b,
                language="fr",
                facts="Importation de 400 kg de cocaïne par conteneur.",
                warrant={
                    "charge_translation": "Drug trafficking by an organised group",
                    "charge_translation_language": "en",
                },
            ),
        )
        d.photo(n, 20)
        d.to(n, *to_published, "public")
        n = d.draft(
            c,
            {
                "kind": "yellow",
                "language": "es",
                **d.subject(c, 0),
                "facts": "Desaparecido tras salir de su domicilio.",
                "hit_action_note": "Menor: no informe a quien le acompañe; avise a la oficina central.",
                "distinguishing_marks": "Cicatriz en la mano izquierda",
                "details": {
                    "disappearance_date": str(d.today - timedelta(days=40)),
                    "disappearance_place": "Sevilla",
                    "disappearance_country": c,
                },
            },
        )
        d.photo(n, 40)
        d.to(n, *to_published, "public")
        n = d.draft(
            a,
            {
                "kind": "yellow",
                "language": "en",
                **d.subject(a, 1),
                "facts": "Missing since a school trip.",
                "details": {
                    "disappearance_date": str(d.today - timedelta(days=12)),
                    "disappearance_place": "Central station",
                    "disappearance_country": a,
                },
            },
        )
        d.to(n, *to_published, "public")
        for i, (given, family, ref) in enumerate(
            (("Tariq", "Al-Masri", "QDi.901"), ("Ivan", "Sokolov", "QDi.902"))
        ):
            n = d.draft(
                None,
                {
                    "kind": "un",
                    "language": "en",
                    "names": [{"given": given, "family": family, "script": "Latn"}],
                    "date_of_birth": f"{1970 + i}",
                    "sex": "M",
                    "facts": "Listed by the Security Council sanctions committee.",
                    "details": {
                        "un_reference": ref,
                        "sanctions_committee": "1267 Committee",
                        "listed_on": str(d.today - timedelta(days=400)),
                    },
                },
            )
            d.to(n, *to_published)
        n = d.draft(
            None,
            {
                "kind": "un",
                "subject_type": "entity",
                "names": [{"full": "Northern Star Trading LLC"}],
                "subject_description": "Front company financing a listed group.",
                "facts": "Listed by the Security Council.",
                "details": {"un_reference": "QDe.950", "sanctions_committee": "1267 Committee"},
            },
        )
        d.to(n, *to_published)
        # Published, restricted: only the first country may see it.
        n = d.draft(
            b,
            {
                "kind": "orange",
                "subject_type": "event",
                "subject_description": "Planned attack on a port",
                "facts": "Information on a planned attack on the port during a festival.",
                "details": {"threat": "Explosives in a delivery van."},
                "restriction": "only_listed",
                "listed_countries": [a],
            },
        )
        d.to(n, *to_published)
        # Every other state.
        d.draft(c, _red(d.subject(c, 1), "Fraud", "", 60, c, facts="Investment fraud."))  # draft, incomplete
        n = d.draft(
            b,
            _red(
                d.subject(b, 1),
                "Shoplifting",
                "Criminal code, s. 242",
                12,
                b,
                facts="Stole goods worth 300 euros.",
            ),
        )
        d.to(n, Act.SUBMIT)  # requested, below the Red minimum
        n = d.draft(
            a,
            {
                "kind": "blue",
                **d.subject(a, 2),
                "facts": "Suspected of insulting the head of state online.",
                "hit_action": "discreet_check",
                "hit_action_note": "Report where and with whom; do not question the person.",
                "details": {"information_sought": "Current location."},
            },
        )
        d.to(n, Act.SUBMIT)  # requested, with an Article 3 flag
        n = d.draft(
            b,
            {
                "kind": "green",
                **d.subject(b, 2),
                "facts": "Repeated sexual offences against children.",
                "details": {"criminal_history": "Three convictions, 2012-2021."},
            },
        )
        d.to(n, Act.SUBMIT, Act.START_REVIEW)  # in review
        n = d.draft(
            c,
            {
                "kind": "black",
                "facts": "Body found on a beach.",
                "details": {"found_date": str(d.today - timedelta(days=5)), "found_place": "Beach"},
            },
        )
        d.to(n, Act.SUBMIT, Act.START_REVIEW)
        d.to(n, Act.REQUEST_INFO, reason="Please describe the body: height, age range, marks.")
        n = d.draft(
            a,
            _red(
                d.subject(a, 3),
                "Membership of an opposition party",
                "Law on associations, art. 4",
                60,
                a,
                facts="Organised an illegal demonstration.",
            ),
        )
        d.to(n, Act.SUBMIT, Act.START_REVIEW)
        d.to(n, Act.REFUSE, reason="Article 3: the charge concerns political activity.")
        n = d.draft(
            c,
            _red(
                d.subject(c, 2),
                "Homicide",
                "Código penal, art. 138",
                180,
                c,
                language="es",
                facts="Homicidio en una riña.",
            ),
        )
        d.to(n, *to_published)
        d.to(n, Act.SUSPEND, reason="The prosecutor is checking new evidence.")
        n = d.draft(
            a,
            {
                "kind": "purple",
                "subject_type": "method",
                "subject_description": "Cash hidden in tyres",
                "facts": "Banknotes vacuum-packed inside spare tyres.",
                "details": {"modus_operandi": "Spare tyres opened and resealed."},
            },
        )
        d.to(n, *to_published)
        d.to(n, Act.WITHDRAW, reason="Superseded by a newer analysis.")
        n = d.draft(
            b,
            {
                "kind": "silver",
                **d.subject(b, 3),
                "facts": "Proceeds of fraud invested in property.",
                "details": {"assets": [{"description": "Villa", "country": b, "estimated_value": "2 M EUR"}]},
            },
        )
        d.to(n, *to_published)
        d.to(n, Act.CANCEL, reason="The underlying judgment was quashed.")
        n = d.draft(
            a,
            _red(
                d.subject(a, 4),
                "Kidnapping",
                "Penal code, art. 224-1",
                240,
                a,
                facts="Kidnapped a businessman for ransom.",
                review_date=d.today,
            ),
        )
        d.to(n, *to_published)
        # Diffusions: sent at once; one confirmed, one cancelled by the secretariat.
        workflow.send_diffusion(
            d.officers[a],
            {
                "kind": "red",
                **d.subject(a, 5),
                "facts": "Escaped from custody.",
                "warrants": [
                    {
                        "issuing_country": a,
                        "charge": "Escape",
                        "law": "Penal code, art. 434-27",
                        "max_penalty_months": 36,
                    }
                ],
                "recipients": [b],
            },
        )
        n = workflow.send_diffusion(
            d.officers[b],
            {
                "kind": "blue",
                **d.subject(b, 4),
                "to_all": True,
                "facts": "Travelling with false documents.",
                "details": {"information_sought": "Sightings."},
            },
        )
        d.to(n, Act.CONFIRM)
        n = workflow.send_diffusion(
            d.officers[c],
            {
                "kind": "yellow",
                **d.subject(c, 3),
                "recipients": [a, b],
                "facts": "Missing hiker.",
                "details": {"disappearance_date": str(d.today), "disappearance_place": "Mountains"},
            },
        )
        d.to(n, Act.CANCEL, reason="Found safe.")
    # Expiry is the system's own act, on a notice whose review date is today.
    counts = workflow.expire_overdue(system_actor("demo"), d.today + timedelta(days=1))
    console.print(
        f"Seeded {Notice.objects.count()} notices and diffusions "
        f"({Notice.objects.public().count()} public extracts, {counts['expired']} expired)."
    )
