"""The demo's analysis project: a smuggling ring across three countries, worth exploring.

Called by `polnet demo` after the hits are seeded, once (nothing is done when the project
exists). Everything goes through the real services, as the bureaus would do it:

- the three demo countries' officers record the ring's members: some the same human being
  recorded twice, by different countries, with names spelt differently and dates of birth
  given in part (Marco Rossi / Marko Rosi; Youssef El Amrani / Yusuf Elamrani), sharing
  phones, e-mail addresses and a street address (`Person.identifiers`);
- a stolen passport held by one and used by another, a second passport, a stolen van;
- a Blue diffusion of the second country naming two of them, with the van;
- the first country's airport checks one of them, and a passenger list in which three of
  them travel on one flight and one booking (co-travellers), all hits at that post, that day;
- the first country's analyst opens a project with the two others; each contributes what it
  holds, and one record and one text are restricted to a single participant;
- the same analyst writes two reports: a draft assessment, and a report issued to the two
  other bureaus only, each with text, a chart of hits per week, a table and the ring's persons;
- the same analyst runs entity resolution once, so the men recorded twice wait on the
  duplicates tab as candidate pairs to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone
from rich.console import Console

from polnet.analysis import contributions, services
from polnet.analysis.models import Contribution, Project
from polnet.analysis.reports import services as reports
from polnet.analysis.reports.charts_in_reports import add_trend_chart
from polnet.analysis.reports.entities import visible_entities
from polnet.analysis.reports.models import Report
from polnet.analysis.resolution import services as resolution
from polnet.analysis.resolution.models import ResolutionRun
from polnet.analysis.trends.filters import make_filters
from polnet.core.actor import Actor
from polnet.core.purposes import Purpose
from polnet.network.actors import actor_for
from polnet.network.models import Country, User
from polnet.notices import workflow
from polnet.records import services as records
from polnet.screening import index as screening_index
from polnet.screening import services as screening
from polnet.screening.batches import runs as batches
from polnet.screening.models import BatchRow, Hit

PROJECT_NAME = "Harbour Light: a smuggling ring across three countries"
FLIGHT, BOOKING = "XY 0612", "K7Q2LM"


@dataclass
class _Ring:
    console: Console
    a: str  # whose analyst opens the project, and whose airport checks
    b: str
    c: str
    made: dict[str, Any] = field(default_factory=dict)

    def actor(self, who: str) -> Actor:
        return actor_for(User.objects.get(username=who), origin="demo")

    def officer(self, cc: str) -> Actor:
        return self.actor(f"{cc.lower()}-officer")

    def analyst(self, cc: str) -> Actor:
        return self.actor(f"{cc.lower()}-analyst")


def _access(**extra: Any) -> dict[str, Any]:
    return {
        "purpose": "investigation",
        "restriction": "all",
        "listed_countries": [],
        "bureau_only": False,
        "review_date": timezone.localdate() + timedelta(days=730),
        **extra,
    }


def _person(
    ring: _Ring,
    key: str,
    owner: str,
    names: list[tuple[str, str, str]],
    dob: str,
    sex: str,
    identifiers: list[tuple[str, str]],
    **access: Any,
) -> None:
    data = {
        "names": [{"given": g, "family": f, "script": s} for g, f, s in names],
        "date_of_birth": dob,
        "sex": sex,
        "nationalities": [owner],
        "identifiers": [{"kind": k, "value": v, "country": owner} for k, v in identifiers],
        **_access(**access),
    }
    ring.made[key] = records.create_record(ring.officer(owner), "person", data)


def _records(ring: _Ring) -> None:
    a, b, c = ring.a, ring.b, ring.c
    _person(
        ring,
        "rossi_b",
        b,
        [("Marco", "Rossi", "Latn")],
        "1978-03-14",
        "M",
        [("phone", "+39 347 555 0142"), ("email", "m.rossi78@mail.example")],
        source_reliability="A",
        information_accuracy="2",
    )
    _person(
        ring,
        "rosi_c",
        c,
        [("Marko", "Rosi", "Latn")],
        "1978",
        "M",
        [("phone", "+393475550142"), ("address", "Via del Porto 12, Bari")],
        source_reliability="B",
        information_accuracy="3",
    )
    _person(
        ring,
        "amrani_a",
        a,
        [("Youssef", "El Amrani", "Latn"), ("يوسف", "العمراني", "Arab")],
        "1985-06-02",
        "M",
        [("email", "y.elamrani@mail.example"), ("address", "14 rue des Docks, Marseille")],
    )
    _person(
        ring,
        "amrani_b",
        b,
        [("Yusuf", "Elamrani", "Latn")],
        "1985-06",
        "M",
        [("email", "Y.ElAmrani@mail.example"), ("phone", "+33 6 12 34 56 78")],
        handling_code="H1",
    )
    _person(
        ring,
        "petrova_a",
        a,
        [("Elena", "Petrova", "Latn"), ("Елена", "Петрова", "Cyrl")],
        "1990-11-23",
        "F",
        [("phone", "+33612345678")],
    )
    # Known to the third country only as the ring's driver; it shares this record with the
    # second country alone: the first country's analyst never sees it, even in the project.
    _person(
        ring,
        "kovac_c",
        c,
        [("Dragan", "Kovač", "Latn"), ("Драган", "Ковач", "Cyrl")],
        "1972-09-30",
        "M",
        [("address", "Via del Porto 12, Bari"), ("phone", "+39 320 777 0199")],
        restriction="only_listed",
        listed_countries=[b],
        handling_code="H2",
    )
    passport = {
        "number": "YA4417203",
        "kind": "passport",
        "issuing_country": c,
        "status": "stolen_blank",
        "date_reported": timezone.localdate() - timedelta(days=200),
        "holder_id": ring.made["rosi_c"].pk,
        **_access(),
    }
    ring.made["passport_c"] = records.create_record(ring.officer(c), "document", passport)
    second = {
        "number": "KX0192837",
        "kind": "passport",
        "issuing_country": b,
        "status": "revoked",
        "date_reported": timezone.localdate() - timedelta(days=40),
        "holder_id": ring.made["amrani_b"].pk,
        **_access(),
    }
    ring.made["passport_b"] = records.create_record(ring.officer(b), "document", second)
    van = {
        "vin": "1M8GDM9AXKP042788",
        "plate": "GH-482-KL",
        "plate_country": a,
        "make": "Iveco",
        "model": "Daily",
        "colour": "white",
        "year": 2019,
        **_access(),
    }
    ring.made["van_a"] = records.create_record(ring.officer(a), "vehicle", van)
    ring.console.print(f"Analysis demo: six persons, two passports and a van recorded by {a}, {b} and {c}.")


def _diffusion(ring: _Ring) -> None:
    m = ring.made
    ring.made["diffusion_b"] = workflow.send_diffusion(
        ring.officer(ring.b),
        {
            "kind": "blue",
            "language": "en",
            "names": [{"given": "Marco", "family": "Rossi", "script": "Latn"}],
            "date_of_birth": "1978-03-14",
            "sex": "M",
            "nationalities": [ring.b],
            "to_all": True,
            "facts": "Organises sea crossings with Yusuf Elamrani; uses a white Iveco van.",
            "details": {"information_sought": "Travel, addresses and associates."},
            "links": {"persons": [m["rossi_b"].pk, m["amrani_b"].pk], "vehicles": [m["van_a"].pk]},
        },
    )


def _hits(ring: _Ring) -> None:
    """At the first country's airport, on one day: a check, then a passenger list."""
    screening_index.current().refresh(force=True)  # the records just made, in this process
    airport = ring.actor(f"{ring.a.lower()}-airport")
    gate = f"{ring.a} International Airport, terminal 2"
    query = screening.person_query(given="Marco", family="Rossi", date_of_birth="1978-03-14", sex="M")
    result = screening.screen_person(airport, query, location=gate, purpose=Purpose.BORDER_MANAGEMENT)
    ring.made["check_hits"] = [c.hit_id for c in result.candidates if c.hit_id]
    passport = ring.made["passport_c"]
    rows = (
        "name,date_of_birth,document_number,document_country,flight,booking\n"
        f"Marco Rossi,1978-03-14,,,{FLIGHT},{BOOKING}\n"
        f"Youssef El Amrani,1985-06-02,{passport.number},{ring.c},{FLIGHT},{BOOKING}\n"
        f"Elena Petrova,1990-11-23,,,{FLIGHT},{BOOKING}\n"
        f"Jonas Weller,1969-02-11,,,{FLIGHT},P0Q9R8\n"
    )
    batch = batches.start_batch(
        airport, rows.encode(), "text/csv", location=gate, purpose=Purpose.BORDER_MANAGEMENT
    )
    batches.run_batch(batch.pk)  # at once, here: its queued job then finds it done
    ring.made["batch"] = batch
    ring.console.print(
        f"Analysis demo: {Hit.objects.filter(unit__isnull=False, location=gate).count()} hits at "
        f"{ring.a}'s airport, three co-travellers on flight {FLIGHT}, booking {BOOKING}."
    )


def _project(ring: _Ring) -> Project:
    a, b, c, m = ring.a, ring.b, ring.c, ring.made
    opener = ring.analyst(a)
    project = services.open_project(
        opener,
        name=PROJECT_NAME,
        purpose="investigation",
        crime_area="people_smuggling",
        handling_code="H1",
        review_date=timezone.localdate() + timedelta(days=365),
        participants=[b],
    )
    services.invite(opener, project.pk, c)

    def give(who: Actor, kind: str, obj_id: int, note: str = "") -> None:
        contributions.contribute(who, project.pk, kind, obj_id, note)

    give(opener, "person", m["amrani_a"].pk, "Travelled on the stolen passport of the third country.")
    give(opener, "person", m["petrova_a"].pk, "Shares a phone with Yusuf Elamrani.")
    give(opener, "vehicle", m["van_a"].pk, "Named in the Blue diffusion.")
    for hit_id in m["check_hits"][:2]:
        give(opener, "hit", hit_id)
    for row in BatchRow.objects.filter(batch=m["batch"]).exclude(hit_ids=[]).order_by("row"):
        give(opener, "list_row", row.pk, "Same flight and booking.")
    contributions.contribute_text(
        opener,
        project.pk,
        text=f"Three of the ring flew together on {FLIGHT} under one booking ({BOOKING}).",
        source_reliability="A",
        information_accuracy="1",
        handling_code="H0",
    )
    second = ring.analyst(b)
    give(second, "person", m["rossi_b"].pk, "Organiser.")
    give(second, "person", m["amrani_b"].pk)
    give(second, "document", m["passport_b"].pk)
    give(second, "notice", m["diffusion_b"].pk)
    contributions.contribute_text(
        second,
        project.pk,
        text="The phone +39 347 555 0142 calls the same two numbers before each crossing.",
        source_reliability="B",
        information_accuracy="2",
        handling_code="H1",
    )
    third = ring.analyst(c)
    give(third, "person", m["rosi_c"].pk, "Probably the same man as Marco Rossi.")
    give(third, "person", m["kovac_c"].pk, "The driver: shared with the second country only.")
    give(third, "document", m["passport_c"].pk, "Stolen blank, used by Youssef El Amrani.")
    contributions.contribute_text(
        third,
        project.pk,
        text="Via del Porto 12 in Bari is used as a safe house; a source saw the van there twice.",
        source_reliability="C",
        information_accuracy="3",
        handling_code="H2",
        restriction="only_listed",
        listed_countries=[b],
    )
    return project


DRAFT_TITLE = "Harbour Light: interim assessment"
ISSUED_TITLE = "Harbour Light: the ring travels together"


def _ring_persons(analyst: Actor, project: Project) -> list[str]:
    """The persons contributed to the project that the analyst may read, as node keys."""
    ids = Contribution.objects.filter(project=project, kind="person", withdrawn_at__isnull=True)
    keys = [f"person:{pk}" for pk in ids.order_by("id").values_list("object_id", flat=True)]
    seen = visible_entities(analyst, keys)
    return [k for k in keys if k in seen]


def _write_report(analyst: Actor, project: Project, title: str, summary: str) -> Report:
    report = reports.create_report(analyst, project.pk, title=title, summary=summary, handling_code="H1")
    persons = _ring_persons(analyst, project)
    add = reports.add_section
    add(
        analyst,
        report.pk,
        kind="text",
        title="Assessment",
        body=(
            "A smuggling ring moves people across three countries by sea and by air. Two of its "
            "members are recorded twice, by different countries, under other spellings.\n\n"
            f"Three of them flew together on {FLIGHT} under one booking ({BOOKING}), one on a "
            "stolen blank passport of the third country."
        ),
        sources=persons[:2],
    )
    note = "The airport's hits stand out this week."
    add_trend_chart(analyst, report.pk, "hits", make_filters(), body=note)
    add(
        analyst,
        report.pk,
        kind="table",
        title=f"Co-travellers on flight {FLIGHT}",
        data={
            "columns": ["Passenger", "Date of birth", "Flight", "Booking"],
            "rows": [
                ["Marco Rossi", "1978-03-14", FLIGHT, BOOKING],
                ["Youssef El Amrani", "1985-06-02", FLIGHT, BOOKING],
                ["Elena Petrova", "1990-11-23", FLIGHT, BOOKING],
            ],
        },
    )
    add(analyst, report.pk, kind="entities", title="Persons of the ring", data={"keys": persons})
    add(
        analyst,
        report.pk,
        kind="text",
        title="Recommendations",
        body=(
            "Confirm the two pairs of records as the same men, and watch bookings made with "
            "the ring's phones."
        ),
    )
    return report


def seed_demo_reports(console: Console, project: Project) -> None:
    """A draft and an issued report of the project's opener, once."""
    if Report.objects.filter(project=project).exists():
        return
    members = sorted(project.participations.values_list("country_id", flat=True))
    opener_cc = project.owner_country_id
    analyst = actor_for(project.opened_by, origin="demo")
    _write_report(analyst, project, DRAFT_TITLE, "Work in progress: what the three bureaus hold on the ring.")
    issued = _write_report(
        analyst, project, ISSUED_TITLE, "For the bureaus taking part: the ring, its travel and its members."
    )
    others = [cc for cc in members if cc and cc != opener_cc]
    reports.issue_report(
        analyst, issued.pk, restriction="only_listed", listed_countries=others, bureau_only=True
    )
    console.print(f"Analysis demo: a draft report, and a report issued to {', '.join(others)}.")


def seed_demo_resolution(console: Console, project: Project) -> None:
    """One entity resolution run of the project's opener, at once, unless the project has one:
    its pairs wait on the duplicates tab, to be confirmed or rejected."""
    if ResolutionRun.objects.filter(project=project).exists():
        return
    analyst = actor_for(project.opened_by, origin="demo")
    run = resolution.start_run(analyst, project.pk, at_once=True)
    console.print(
        f"Analysis demo: entity resolution compared {run.persons} persons; "
        f"{run.pairs_found} candidate pairs wait to be confirmed."
    )


def seed_demo_analysis(console: Console) -> Project | None:
    """The ring, its hits, the project and its reports, once."""
    existing = Project.objects.filter(name=PROJECT_NAME).first()
    if existing is not None:
        seed_demo_reports(console, existing)  # a demo seeded before the reports were
        seed_demo_resolution(console, existing)  # or before entity resolution
        console.print("Demo analysis project already present.")
        return None
    members = list(Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True))[:3]
    wanted = {f"{cc.lower()}-{r}" for cc in members for r in ("officer", "analyst", "airport")}
    if len(members) < 3 or User.objects.filter(username__in=wanted).count() < len(wanted):
        console.print("No demo network yet: analysis project not seeded.")
        return None
    ring = _Ring(console, members[0], members[1], members[2])
    _records(ring)
    _diffusion(ring)
    _hits(ring)
    project = _project(ring)
    console.print(f"Analysis demo: project {project.pk} opened by {ring.a} with {ring.b} and {ring.c}.")
    seed_demo_reports(console, project)
    seed_demo_resolution(console, project)
    return project
