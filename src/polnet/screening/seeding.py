"""Demo hits, their answers and a hit report, and what follows a notice's publication.

Called by `polnet demo` after the network and the notices are seeded, once (nothing is done
when a hit exists). The airport (full results) and the land border (hit only) of the first
demo country check persons, a document and notices of the two others through the real
screening services, so each hit carries the action its record or notice asks for. The owners
then answer as they would: one hit confirmed with its hit report, one "not the same", one
withdrawn by the post, one still waiting and one overdue, escalated to the secretariat.
On notices: a sighting, a reservation, an addendum waiting for review and one approved.

Subjects are chosen by query, in id order, so the same seed gives the same story.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F, QuerySet
from django.utils import timezone
from rich.console import Console

from polnet.core.actions import HitAction
from polnet.core.actor import Actor
from polnet.core.purposes import Purpose
from polnet.network.actors import actor_for
from polnet.network.models import Country, User
from polnet.notices.after import addenda, reservations, sightings
from polnet.notices.models import Notice
from polnet.records.models import Person, TravelDocument
from polnet.screening import confirmation, hit_reports, services
from polnet.screening.models import Hit, HitState, ReportOutcome, Transport

DEMO_PURPOSE = Purpose.BORDER_MANAGEMENT  # the demo's checks are made at borders


@dataclass
class _Story:
    console: Console
    a: str  # the country whose posts check
    b: str
    c: str

    def actor(self, who: str) -> Actor:
        return actor_for(User.objects.get(username=who), origin="demo")

    def say(self, line: str) -> None:
        self.console.print(line)


def _visible(qs: QuerySet[Person]) -> QuerySet[Person]:
    """Records every member and every post sees: the demo's checks must find them."""
    return qs.filter(restriction="all", bureau_only=False, state="active", record_status="active")


def _person_check(story: _Story, who: str, person: Person, location: str) -> Hit | None:
    """Check the person's main name and birth date; the hit on that very record, if any."""
    name = person.names.filter(is_alias=False).order_by("position", "pk").first()
    if name is None:
        return None
    query = services.person_query(
        given=name.given,
        family=name.family,
        date_of_birth=person.date_of_birth or "",
        sex=person.sex if person.sex in ("M", "F") else "",
    )
    result = services.screen_person(story.actor(who), query, location=location, purpose=DEMO_PURPOSE)
    return _hit_on(result, "person", person.pk)


def _notice_check(story: _Story, who: str, notice: Notice, location: str) -> Hit | None:
    name = notice.names.filter(is_alias=False).order_by("position", "pk").first()
    if name is None:
        return None
    query = services.person_query(
        given=name.given, family=name.family, date_of_birth=notice.date_of_birth or ""
    )
    result = services.screen_person(story.actor(who), query, location=location, purpose=DEMO_PURPOSE)
    return _hit_on(result, "notice", notice.pk)


def _hit_on(result: services.ScreeningResult, kind: str, record_id: int) -> Hit | None:
    for c in result.candidates:
        if c.kind == kind and c.record_id == record_id and c.hit_id is not None:
            return Hit.objects.get(pk=c.hit_id)
    return None


def _earlier(hit: Hit, delta: timedelta) -> Hit:
    """Move a hit (its time and its deadline together) into the past, so the story has
    answers that took time and a hit past its deadline. The only write around the services,
    and only of times."""
    Hit.objects.filter(pk=hit.pk).update(at=F("at") - delta, due_at=F("due_at") - delta)
    hit.refresh_from_db()
    return hit


def _hits(story: _Story) -> None:
    a, b, c = story.a, story.b, story.c
    airport, border = f"{a.lower()}-airport", f"{a.lower()}-border"
    gate = f"{a} International Airport, gate B12"

    # An arrest on a warrant (urgent): confirmed by the owner, then reported by the post's bureau.
    wanted = _visible(Person.objects.filter(owner_country_id=b, hit_action=HitAction.ARREST)).order_by("pk")
    arrest = next((h for p in wanted[:5] if (h := _person_check(story, airport, p, gate))), None)
    if arrest is not None:
        arrest = _earlier(arrest, timedelta(minutes=45))
        confirmation.answer_hit(story.actor(f"{b.lower()}-officer"), arrest.pk, HitState.CONFIRMED)
        hit_reports.create_report(
            story.actor(f"{a.lower()}-officer"),
            arrest.pk,
            {
                "place": gate,
                "occurred_at": arrest.at + timedelta(minutes=10),
                "check_performed": HitAction.ARREST,
                "outcome": ReportOutcome.ARRESTED,
                "accompanying": "Travelling alone.",
                "transport": Transport.FLIGHT,
                "transport_identifier": "PN 417",
                "items": "Passport and two mobile phones.",
                "items_seized": True,
                "remarks": "Held at the airport police station for the extradition request.",
            },
        )
        story.say(f"Hit {arrest.pk}: arrest on a warrant, confirmed by {b}, hit report sent by {a}.")

    # A discreet check at the hit-only border: the owner says it is not the same person.
    watched = _visible(Person.objects.filter(owner_country_id=c, hit_action=HitAction.DISCREET_CHECK))
    crossing = f"{a} Land Border Crossing, lane 3"
    discreet = next(
        (h for p in watched.order_by("pk")[:5] if (h := _person_check(story, border, p, crossing))), None
    )
    if discreet is not None:
        discreet = _earlier(discreet, timedelta(hours=3))
        confirmation.answer_hit(
            story.actor(f"{c.lower()}-officer"),
            discreet.pk,
            HitState.NOT_SAME,
            "Our subject is 20 years older and was in custody at the time of the check.",
        )
        story.say(f"Hit {discreet.pk}: discreet check, answered 'not the same' by {c}.")

    # A stolen passport to seize: withdrawn by the post (a typing mistake in the number).
    documents = TravelDocument.objects.filter(
        owner_country_id=b,
        hit_action=HitAction.SEIZE,
        restriction="all",
        bureau_only=False,
        state="active",
        record_status="active",
    ).order_by("pk")
    seize = None
    for doc in documents[:5]:
        post = story.actor(airport)
        result = services.screen_document(
            post, doc.number, doc.issuing_country_id, location=gate, purpose=DEMO_PURPOSE
        )
        if seize := _hit_on(result, "document", doc.pk):
            break
    if seize is not None:
        seize = _earlier(seize, timedelta(minutes=20))
        confirmation.answer_hit(
            story.actor(airport), seize.pk, HitState.WITHDRAWN, "Number typed wrongly; the passport is valid."
        )
        story.say(f"Hit {seize.pk}: seize a document, withdrawn by {a}'s airport.")

    # A missing person's Yellow notice (protect, urgent) at the border: waiting, due soon.
    published = Notice.objects.filter(state="published").order_by("pk")
    yellow = published.filter(owner_country_id=c, kind="yellow").first()
    protect = _notice_check(story, border, yellow, crossing) if yellow else None
    if protect is not None:
        protect = _earlier(protect, timedelta(minutes=15))
        story.say(f"Hit {protect.pk}: protect on a Yellow notice, waiting for {c} (due soon).")

    # A Red notice (arrest) that its owner has not answered for hours: escalated.
    red = published.filter(owner_country_id=b, kind="red").first()
    overdue = _notice_check(story, airport, red, gate) if red else None
    if overdue is not None:
        _earlier(overdue, timedelta(hours=3))
        escalated = confirmation.escalate_overdue()
        story.say(
            f"Hit {overdue.pk}: arrest on a Red notice, overdue, escalated ({escalated}) to the secretariat."
        )


def _after_publication(story: _Story) -> None:
    a, b, c = story.a, story.b, story.c
    published = Notice.objects.filter(state="published").order_by("pk")
    red_a = published.filter(owner_country_id=a, kind="red").first()
    red_b = published.filter(owner_country_id=b, kind="red").first()
    yellow_a = published.filter(owner_country_id=a, kind="yellow").first()
    now = timezone.now()
    c_officer = story.actor(f"{c.lower()}-officer")
    if red_a is not None:
        sightings.report(
            c_officer,
            red_a.pk,
            {
                "country": c,
                "place": "Harbour district, ferry terminal",
                "seen_at": now - timedelta(days=2),
                "reliability": "B",
                "information": "Seen boarding a ferry with a woman; a hotel receipt was found.",
            },
        )
        story.say(f"Notice {red_a.pk}: a sighting reported by {c}.")
        addenda.submit(
            story.actor(f"{a.lower()}-officer"),
            red_a.pk,
            {"names": [{"given": "Alex", "family": "Marten", "script": "Latn", "is_alias": True}]},
        )
        story.say(f"Notice {red_a.pk}: a new alias waiting for the secretariat's review.")
    if red_b is not None:
        reservations.record(c_officer, red_b.pk, "The offence is not punishable under our law.")
        story.say(f"Notice {red_b.pk}: a reservation recorded by {c}.")
    if yellow_a is not None:
        addendum = addenda.submit(
            story.actor(f"{a.lower()}-officer"),
            yellow_a.pk,
            {"names": [{"given": "Sam", "family": "Rivers", "script": "Latn", "is_alias": True}]},
        )
        addenda.decide(story.actor("gs-reviewer"), addendum.pk, approve=True)
        story.say(f"Notice {yellow_a.pk}: a new alias approved (version 2).")


def seed_demo_hits(console: Console) -> None:
    """Hits in every state, a hit report, an escalation, and notices' after-publication acts; once."""
    if Hit.objects.exists():
        console.print("Demo hits already present.")
        return
    members = list(Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True))[:3]
    users = {f"{cc.lower()}-{r}" for cc in members for r in ("officer", "airport", "border")}
    if len(members) < 3 or User.objects.filter(username__in=users).count() < len(users):
        console.print("No demo network yet: hits not seeded.")
        return
    story = _Story(console, *members)
    _hits(story)
    _after_publication(story)
    console.print(f"Seeded {Hit.objects.count()} hits.")
