"""Record pages and role home pages: the policy decides what shows, the forms reach the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from polnet.core import kinds as record_kinds
from polnet.core.models import AuditEntry
from polnet.records import labels
from polnet.records.models import RECORD_MODELS, Artwork, Person, TravelDocument
from polnet.records.services import update_record
from tests.factories import Network, make_record, signed_in_client

REVIEW = (date.today() + timedelta(days=400)).isoformat()


def _rows(prefix: str, total: int) -> dict[str, str]:
    """The management data of a formset, as the page sends it."""
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def _person_form(**extra: Any) -> dict[str, Any]:
    return {
        **_rows("names", 3),
        **_rows("identifiers", 2),
        "names-0-given": "Anna Maria",
        "names-0-family": "Eriksson",
        "names-0-script": "Latn",
        "names-1-full": "Анна Эрикссон",
        "names-1-script": "Cyrl",
        "names-1-is_alias": "on",
        "date_of_birth": "1974-08",
        "sex": "F",
        "nationalities": ["SE", "FI", ""],
        "identifiers-0-kind": "national_id",
        "identifiers-0-value": "740812-1234",
        "identifiers-0-country": "SE",
        "purpose": "locate_wanted",
        "handling_code": "H1",
        "source_reliability": "B",
        "information_accuracy": "2",
        "review_date": REVIEW,
        "restriction": "all",
        **extra,
    }


# ---- home pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_role_lands_on_its_own_home_page(net: Network) -> None:
    bureau = signed_in_client(net.users["FR-officer"]).get("/").content.decode()
    assert "Recent hits" in bureau and "Notices awaiting action" in bureau and "FR full" in bureau
    assert "DE full" not in bureau

    unit = signed_in_client(net.users["FR-unit-hitonly"]).get("/")
    if unit.status_code == 302:  # once the check form exists, a unit lands on it
        assert unit["Location"] == "/check/"
    else:
        assert "/check/" in unit.content.decode() or "Check a person" in unit.content.decode()

    reviewer = signed_in_client(net.users["gs-reviewer"]).get("/")
    assert reviewer.status_code == 302 or "Review queue" in reviewer.content.decode()

    analyst = signed_in_client(net.users["DE-analyst"]).get("/").content.decode()
    assert "Your projects" in analyst and 'href="/analysis/"' in analyst

    admin = signed_in_client(net.users["FR-admin"]).get("/").content.decode()
    assert "Connect a unit" in admin and "fr-officer" in admin

    sysadmin = signed_in_client(net.users["gs-sysadmin"]).get("/").content.decode()
    assert "Member bureaus" in sysadmin and 'href="/records/"' not in sysadmin


@pytest.mark.django_db
def test_navigation_leaves_a_place_for_pages_still_to_come(net: Network) -> None:
    html = signed_in_client(net.users["FR-officer"]).get("/").content.decode()
    for label in ("Check", "Notices", "Records", "Statistics"):
        assert f">{label}" in html
    assert "Bureau administration" not in html


# ---- lists and details ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_search_filters_and_pages(net: Network) -> None:
    fr = net.actor("FR-officer")
    for _ in range(27):
        make_record(fr, "artwork")
    Artwork.objects.filter(pk=Artwork.objects.order_by("id").first().pk).update(  # type: ignore[union-attr]
        title="Madonna of the Rocks", category="icon"
    )
    client = signed_in_client(net.users["FR-officer"])
    page1 = client.get("/records/artwork/")
    assert page1.context["total"] == 27 and len(page1.context["rows"]) == 25
    assert "Page 1 of 2" in page1.content.decode()
    page2 = client.get("/records/artwork/?page=2")
    assert len(page2.context["rows"]) == 2
    found = client.get("/records/artwork/?q=madonna")
    assert [r.title for r in found.context["rows"]] == ["Madonna of the Rocks"]
    filtered = client.get("/records/artwork/?category=icon&owner_country=FR")
    assert filtered.context["total"] == 1
    partial = client.get("/records/artwork/?q=madonna", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "Madonna" in partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    assert client.get("/records/person/?dob_year=abc").status_code == 200  # ignored, not an error


@pytest.mark.django_db
def test_detail_shows_handling_clearly_and_edit_only_to_the_owner(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person", restriction="all_except", listed=["IT"])
    owner = signed_in_client(net.users["FR-officer"]).get(f"/records/person/{rec.pk}/").content.decode()
    for text in (
        "France",
        "Criminal investigation",
        "H0",
        "police use only",
        "All member countries except: Italy",
    ):
        assert text in owner
    assert f'href="/records/person/{rec.pk}/edit/"' in owner
    other = signed_in_client(net.users["DE-officer"]).get(f"/records/person/{rec.pk}/").content.decode()
    assert "Ivanov" in other and "/edit/" not in other
    assert signed_in_client(net.users["DE-officer"]).get(f"/records/person/{rec.pk}/edit/").status_code == 403


@pytest.mark.django_db
def test_a_restricted_record_never_appears_for_an_excluded_country(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person", restriction="all_except", listed=["DE"])
    de = signed_in_client(net.users["DE-officer"])
    assert rec.pk not in [r.pk for r in de.get("/records/person/").context["rows"]]
    assert de.get("/records/person/?q=Ivanov").context["total"] == 0
    assert de.get(f"/records/person/{rec.pk}/").status_code == 404
    assert de.get(f"/records/person/{rec.pk}/edit/").status_code == 404
    stats = de.get("/statistics/").context["stats"]
    assert stats.totals["person"] == 0
    it = signed_in_client(net.users["IT-officer"])
    assert it.get("/statistics/").context["stats"].totals["person"] == 1


@pytest.mark.django_db
def test_statistics_count_closed_records_apart_from_active_ones(net: Network) -> None:
    from polnet.records.services import cancel_record

    fr = net.actor("FR-officer")
    make_record(fr, "person")
    closed = make_record(fr, "person")
    cancel_record(fr, "person", closed.pk, "Entered twice.")
    client = signed_in_client(net.users["FR-officer"])
    counts = client.get("/statistics/").context["stats"].per_status["person"]
    assert (counts["active"], counts["closed"]) == (1, 1)
    assert "Closed: located, recovered or cancelled" in client.get("/statistics/").content.decode()


@pytest.mark.django_db
def test_a_hit_only_unit_sees_no_details(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    unit = signed_in_client(net.users["FR-unit-hitonly"])
    for url in ("/records/", "/records/person/", f"/records/person/{rec.pk}/", "/statistics/"):
        r = unit.get(url)
        assert r.status_code == 403, url
        assert "Ivanov" not in r.content.decode()
    home = unit.get("/", follow=False)
    assert home.status_code == 302 or 'href="/records/"' not in home.content.decode()


# ---- create and edit ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_a_person_through_the_form(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    assert client.get("/records/person/new/").status_code == 200
    r = client.post("/records/person/new/", _person_form(restriction="only_listed", listed_countries=["DE"]))
    assert r.status_code == 302, r.content.decode()[:2000]
    person = Person.objects.get()
    assert r["Location"] == f"/records/person/{person.pk}/"
    assert [n.display for n in person.names.all()] == ["Anna Maria Eriksson", "Анна Эрикссон"]
    assert person.names.all()[1].is_alias and person.dob_year == 1974 and person.dob_month == 8
    assert sorted(c.code for c in person.nationalities.all()) == ["FI", "SE"]
    assert person.identifiers == [{"kind": "national_id", "value": "740812-1234", "country": "SE"}]
    assert person.restriction == "only_listed" and [c.code for c in person.listed_countries.all()] == ["DE"]
    assert person.handling_code == "H1" and person.review_date.isoformat() == REVIEW
    assert AuditEntry.objects.filter(action="create", object_type="person", object_id=str(person.pk)).exists()


@pytest.mark.django_db
def test_form_errors_are_shown_on_their_fields(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    bad = _person_form(purpose="", date_of_birth="1974-02-30", restriction="only_listed")
    bad.pop("names-0-given")
    bad.pop("names-0-family")
    bad.pop("names-1-full")
    r = client.post("/records/person/new/", bad)
    assert r.status_code == 422
    form = r.context["form"]
    assert "purpose" in form.errors and not Person.objects.exists()
    assert form.names.non_form_errors() == ["Enter at least one."]
    r = client.post(
        "/records/person/new/", _person_form(date_of_birth="1974-02-30", restriction="only_listed")
    )
    assert r.status_code == 422
    assert r.context["form"].errors["date_of_birth"] == ["This date does not exist."]
    r = client.post("/records/person/new/", _person_form(restriction="only_listed"))
    assert r.status_code == 422
    assert r.context["form"].errors["listed_countries"] == ["Choose at least one country."]
    html = r.content.decode()
    assert "Choose at least one country." in html and "The record was not saved." in html
    vehicle = client.post(
        "/records/vehicle/new/",
        {"make": "Volvo", "purpose": "investigation", "restriction": "all", **_codes()},
    )
    assert vehicle.status_code == 422 and "vin" in vehicle.context["form"].errors
    wrong_vin = client.post(
        "/records/vehicle/new/",
        {
            "make": "Volvo",
            "vin": "1M8GDM9A1KP042788",
            "purpose": "investigation",
            "restriction": "all",
            **_codes(),
        },
    )
    assert wrong_vin.status_code == 422 and "check digit" in wrong_vin.context["form"].errors["vin"][0]


def _codes() -> dict[str, str]:
    return {"handling_code": "H0", "source_reliability": "B", "information_accuracy": "2"}


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (
            "document",
            {"number": "l898902c3", "kind": "passport", "status": "stolen", "date_reported": "2026-01-05"},
        ),
        (
            "vehicle",
            {"vin": "1M8GDM9AXKP042788", "make": "Motor Coach", "plate_country": "FR", "year": "2019"},
        ),
        ("firearm", {"make": "Glock", "serial_number": "abc123", "kind": "pistol", "status": "stolen"}),
        ("artwork", {"title": "View of Delft", "category": "painting"}),
    ],
)
@pytest.mark.django_db
def test_create_every_kind_through_its_form(net: Network, kind: str, fields: dict[str, str]) -> None:
    client = signed_in_client(net.users["FR-officer"])
    assert client.get(f"/records/{kind}/new/").status_code == 200
    r = client.post(
        f"/records/{kind}/new/", {**fields, **_codes(), "purpose": "investigation", "restriction": "all"}
    )
    assert r.status_code == 302, r.context and r.context["form"].errors
    rec = RECORD_MODELS[kind].objects.get()
    assert rec.owner_country_id == "FR"
    if isinstance(rec, TravelDocument):
        assert rec.number == "L898902C3" and rec.issuing_country_id == "FR"


@pytest.mark.django_db
def test_edit_with_optimistic_locking(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["FR-officer"])
    form = client.get(f"/records/person/{rec.pk}/edit/")
    assert form.status_code == 200 and 'name="version" value="1"' in form.content.decode()
    assert form.context["form"].names.forms[0]["family"].value() == "Ivanov"
    changed = _person_form(version="1", restriction="only_listed", listed_countries=["IT", "ES"])
    r = client.post(f"/records/person/{rec.pk}/edit/", changed)
    assert r.status_code == 302, r.context and r.context["form"].errors
    rec.refresh_from_db()
    assert rec.version == 2 and rec.restriction == "only_listed"
    assert sorted(c.code for c in rec.listed_countries.all()) == ["ES", "IT"]
    assert [n.family for n in rec.names.all()] == ["Eriksson", ""]

    update_record(net.actor("FR-officer"), "person", rec.pk, {"version": 2, "sex": "U"})  # someone else
    stale = client.post(f"/records/person/{rec.pk}/edit/", {**changed, "version": "2", "sex": "M"})
    assert stale.status_code == 409
    assert "Someone changed this record since you opened it." in stale.content.decode()
    rec.refresh_from_db()
    assert rec.sex == "U" and rec.version == 3


@pytest.mark.django_db
def test_only_the_owner_may_change_or_create(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "artwork")
    de = signed_in_client(net.users["DE-officer"])
    data = {
        "title": "Stolen",
        "category": "painting",
        "purpose": "investigation",
        "restriction": "all",
        "version": "1",
    }
    assert de.post(f"/records/artwork/{rec.pk}/edit/", {**data, **_codes()}).status_code == 403
    rec.refresh_from_db()
    assert rec.title == "View of Delft"
    reviewer = signed_in_client(net.users["gs-reviewer"])
    assert reviewer.get("/records/artwork/new/").status_code == 403
    assert "/records/artwork/new/" not in reviewer.get("/records/artwork/").content.decode()


# ---- labels --------------------------------------------------------------------------------------


def test_every_model_choice_has_a_translated_label() -> None:
    from polnet.records import models as m

    groups = {
        "purpose": m.Purpose,
        "handling_code": m.HandlingCode,
        "source_reliability": m.SourceReliability,
        "information_accuracy": m.InformationAccuracy,
        "sex": m.Sex,
        "document_kind": m.DocumentKind,
        "document_status": m.DocumentStatus,
        "firearm_kind": m.FirearmKind,
        "firearm_status": m.FirearmStatus,
        "artwork_category": m.ArtworkCategory,
    }
    for group, choices in groups.items():
        assert set(labels.CHOICES[group]) == set(choices.values), group
    assert set(record_kinds.KINDS) == set(RECORD_MODELS)


def test_numbers_and_countries_follow_the_language_and_dates_read_the_same_in_all() -> None:
    from django.utils import translation

    from polnet.core.templatetags.polnet import country, num
    from polnet.records.display import day

    with translation.override("en"):
        assert num(1234567) == "1,234,567" and day(date(2031, 11, 24)) == "2031-11-24"
        assert country("DE") == "Germany"
    with translation.override("fr"):
        assert num(1234567).replace("\u202f", " ").replace("\xa0", " ") == "1 234 567"
        assert day(date(2031, 11, 24)) == "2031-11-24" and country("DE") == "Allemagne"
    with translation.override("es"):
        assert country("DE") == "Alemania" and day(date(2031, 11, 24)) == "2031-11-24"
    with translation.override("ar"):
        assert country("DE") == "ألمانيا" and day(date(2031, 11, 24)) == "2031-11-24"


@pytest.mark.django_db
def test_a_refusal_inside_a_row_lands_on_that_row(net: Network) -> None:
    """The schema counts filled rows only; the error goes back to the row the officer filled."""
    client = signed_in_client(net.users["FR-officer"])
    form = _person_form(
        **{"identifiers-0-kind": "", "identifiers-0-value": "", "identifiers-1-value": "AB123"}
    )
    r = client.post("/records/person/new/", form)
    assert r.status_code == 422 and not Person.objects.exists()
    rows = r.context["form"].identifiers.forms
    assert rows[0].errors == {} and rows[1].errors == {"kind": ["This field is required."]}
    html = r.content.decode()
    assert 'id="identifiers-1-kind"' in html and 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_a_change_clears_what_is_left_blank(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "vehicle")
    client = signed_in_client(net.users["FR-officer"])
    page = client.get(f"/records/vehicle/{rec.pk}/edit/").content.decode()
    assert 'name="vin"' in page and 'type="date"' in page
    form = {
        "version": "1",
        "vin": rec.vin,
        "make": "Volvo",
        "model": "",
        "plate_country": "",
        "year": "",
        "purpose": "investigation",
        "restriction": "all",
        **_codes(),
    }
    r = client.post(f"/records/vehicle/{rec.pk}/edit/", form)
    assert r.status_code == 302, r.context and r.context["form"].errors
    rec.refresh_from_db()
    assert (rec.make, rec.model, rec.plate_country_id, rec.year) == ("Volvo", "", None, None)
    assert rec.version == 2


@pytest.mark.django_db
def test_the_form_speaks_the_readers_language(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    client.cookies["django_language"] = "fr"
    r = client.post("/records/person/new/", _person_form(date_of_birth="1974-02-30"))
    assert r.status_code == 422
    assert r.context["form"].errors["date_of_birth"] == ["Cette date n'existe pas."]
