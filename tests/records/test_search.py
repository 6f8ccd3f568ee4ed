"""The records lists' search: names as a border check reads them, a year or date of birth beside
the name, identifiers with look-alike characters; never a record the reader may not see."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from polnet.core import search
from polnet.core.errors import Forbidden
from polnet.core.models import AuditEntry
from polnet.records import services as records
from polnet.screening import index as screening_index
from tests.factories import Network, access, signed_in_client


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


def _person(net: Network, owner: str, given: str, family: str, dob: str, **acc: Any) -> Any:
    data = {
        "names": [{"given": given, "family": family, "script": "Latn"}],
        "date_of_birth": dob,
        "sex": "M",
        "nationalities": ["GB"],
        **access(**acc),
    }
    return records.create_record(net.actor(owner), "person", data)


def _ids(page: records.RecordPage) -> list[int]:
    return [r.pk for r in page.rows]


@pytest.mark.django_db
def test_a_misspelt_name_finds_the_person_with_a_reason(net: Network) -> None:
    frank = _person(net, "FR-officer", "Frank", "Barker", "1962-04-02")
    _person(net, "FR-officer", "Maria", "Lopez", "1980")
    officer = net.actor("DE-officer")
    page = records.find_records(
        officer, "person", text="Frnak Barkr", filters={"state": "active"}, purpose="investigation"
    )
    assert _ids(page) == [frank.pk] and page.total == 1
    found = page.ranked[frank.pk]
    assert 0.6 <= found.score < 1 and "Name" in found.reason
    entry = AuditEntry.objects.filter(action="search", object_type="person").latest("id")
    assert entry.detail["ids"] == [frank.pk] and entry.detail["ranked"] == 1


@pytest.mark.django_db
def test_a_year_beside_the_name_ranks_the_one_born_that_year_first(net: Network) -> None:
    older = _person(net, "FR-officer", "Frank", "Barker", "1958-01-01")
    born_1962 = _person(net, "IT-officer", "Frank", "Barker", "1962-04-02")
    younger = _person(net, "ES-officer", "Franck", "Barker", "1964")
    officer = net.actor("DE-officer")
    page = records.find_records(
        officer, "person", text="Barker 1962", filters={"state": "active"}, purpose="investigation"
    )
    assert _ids(page)[0] == born_1962.pk
    assert born_1962.pk not in page.ranked  # found exactly as typed: the name and the year
    assert set(_ids(page)) >= {born_1962.pk}
    assert set(_ids(page)) <= {born_1962.pk, older.pk, younger.pk}
    fuzzy = records.find_records(
        officer, "person", text="Frank Barkr 1962", filters={"state": "active"}, purpose="investigation"
    )
    assert _ids(fuzzy)[0] == born_1962.pk and born_1962.pk in fuzzy.ranked
    scores = [fuzzy.ranked[pk].score for pk in _ids(fuzzy)]
    assert scores == sorted(scores, reverse=True)
    assert "Date of birth" in fuzzy.ranked[born_1962.pk].reason
    months = records.find_records(
        officer, "person", text="Barker 1962-04", filters={"state": "active"}, purpose="investigation"
    )
    assert _ids(months)[0] == born_1962.pk


@pytest.mark.django_db
def test_another_countrys_restricted_record_never_appears(net: Network) -> None:
    hidden = _person(net, "FR-officer", "Frank", "Barker", "1962", restriction="only_listed", listed=["IT"])
    seen = _person(net, "ES-officer", "Frank", "Barker", "1962")
    for who in ("DE-officer", "DE-unit-full"):
        for text in ("Frank Barker", "Frnak Barkr", "Barker 1962"):
            page = records.find_records(
                net.actor(who), "person", text=text, filters={"state": "active"}, purpose="investigation"
            )
            assert hidden.pk not in _ids(page) and seen.pk in _ids(page), (who, text)
            assert page.total == 1
    page = records.find_records(
        net.actor("IT-officer"),
        "person",
        text="Frnak Barkr",
        filters={"state": "active"},
        purpose="investigation",
    )
    assert set(_ids(page)) == {hidden.pk, seen.pk}  # a listed country sees it


@pytest.mark.django_db
def test_a_unit_reads_only_its_databases_and_a_hit_only_unit_is_refused(net: Network) -> None:
    _person(net, "FR-officer", "Frank", "Barker", "1962")
    with pytest.raises(Forbidden) as refused:
        records.find_records(
            net.actor("DE-unit-hitonly"), "person", text="Frnak Barkr", purpose="investigation"
        )
    assert refused.value.code == "hit_only_scope"
    page = records.find_records(
        net.actor("DE-unit-docsonly"), "person", text="Frnak Barkr", purpose="investigation"
    )
    assert page.rows == []


@pytest.mark.django_db
def test_closed_records_only_on_request(net: Network) -> None:
    frank = _person(net, "FR-officer", "Frank", "Barker", "1962")
    records.locate_record(net.actor("FR-officer"), "person", frank.pk, "Found in Lyon")
    officer = net.actor("FR-officer")
    assert (
        records.find_records(
            officer, "person", text="Frnak Barkr", filters={"state": "active"}, purpose="investigation"
        ).rows
        == []
    )
    located = records.find_records(
        officer, "person", text="Frnak Barkr", filters={"state": "located"}, purpose="investigation"
    )
    assert _ids(located) == [frank.pk] and frank.pk in located.ranked
    anything = records.find_records(
        officer, "person", text="Frnak Barkr", filters={}, purpose="investigation"
    )
    assert _ids(anything) == [frank.pk]
    hidden = _person(net, "FR-officer", "Frank", "Barker", "1962", restriction="only_listed", listed=["IT"])
    records.cancel_record(officer, "person", hidden.pk, "Entered by mistake")
    de = net.actor("DE-officer")
    assert hidden.pk not in _ids(
        records.find_records(de, "person", text="Frnak Barkr", filters={}, purpose="investigation")
    )


@pytest.mark.django_db
def test_exact_matches_come_first_and_paging_goes_on_through_the_ranked(net: Network) -> None:
    exact = [_person(net, "FR-officer", "Frank", "Barker", str(1950 + n)) for n in range(3)]
    near = [_person(net, "FR-officer", "Franck", "Barkker", str(1960 + n)) for n in range(3)]
    officer = net.actor("FR-officer")
    first = records.find_records(
        officer, "person", text="Frank Barker", filters={"state": "active"}, limit=2, purpose="investigation"
    )
    assert first.total == 6
    assert _ids(first) == [exact[2].pk, exact[1].pk] and first.ranked == {}
    second = records.find_records(
        officer,
        "person",
        text="Frank Barker",
        filters={"state": "active"},
        limit=2,
        offset=2,
        purpose="investigation",
    )
    assert _ids(second)[0] == exact[0].pk and _ids(second)[1] in {r.pk for r in near}
    assert list(second.ranked) == [_ids(second)[1]]
    third = records.find_records(
        officer,
        "person",
        text="Frank Barker",
        filters={"state": "active"},
        limit=2,
        offset=4,
        purpose="investigation",
    )
    assert set(_ids(second)[1:] + _ids(third)) == {r.pk for r in near}


@pytest.mark.django_db
def test_a_document_number_with_an_o_for_a_zero(net: Network) -> None:
    owner = net.actor("FR-officer")
    doc = records.create_record(
        owner,
        "document",
        {
            "number": "AB1024O7",
            "kind": "passport",
            "status": "stolen",
            "date_reported": "2026-01-05",
            **access(),
        },
    )
    other = records.create_record(
        owner,
        "document",
        {
            "number": "ZZ999999",
            "kind": "passport",
            "status": "stolen",
            "date_reported": "2026-01-05",
            **access(),
        },
    )
    officer = net.actor("DE-officer")
    page = records.find_records(
        officer, "document", text="AB1O24O7", filters={"state": "active"}, purpose="investigation"
    )
    assert _ids(page) == [doc.pk] and doc.pk in page.ranked and other.pk not in _ids(page)
    typed = records.find_records(
        officer, "document", text="ab 1024o7", filters={"state": "active"}, purpose="investigation"
    )
    assert _ids(typed) == [doc.pk] and typed.ranked == {}  # as typed: exact


@pytest.mark.django_db
def test_a_vin_with_a_look_alike_and_a_firearm_serial(net: Network) -> None:
    owner = net.actor("FR-officer")
    car = records.create_record(
        owner,
        "vehicle",
        {"vin": "1M8GDM9AXKP042788", "plate": "AB-123-CD", "plate_country": "FR", **access()},
    )
    gun = records.create_record(
        owner,
        "firearm",
        {
            "make": "Glock",
            "model": "17",
            "serial_number": "ABC1O23",
            "kind": "pistol",
            "status": "stolen",
            **access(),
        },
    )
    officer = net.actor("DE-officer")
    page = records.find_records(
        officer, "vehicle", text="1M8GDM9AXKPO42788", filters={"state": "active"}, purpose="investigation"
    )
    assert _ids(page) == [car.pk] and car.pk in page.ranked
    plate = records.find_records(
        officer, "vehicle", text="AB-I23-CD", filters={"state": "active"}, purpose="investigation"
    )
    assert _ids(plate) == [car.pk]
    serial = records.find_records(
        officer, "firearm", text="ABC1023", filters={"state": "active"}, purpose="investigation"
    )
    assert _ids(serial) == [gun.pk]


@pytest.mark.django_db
def test_without_a_matcher_the_list_searches_exactly(net: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    frank = _person(net, "FR-officer", "Frank", "Barker", "1962")
    monkeypatch.setattr(search, "_MATCHERS", {})
    officer = net.actor("FR-officer")
    assert records.find_records(officer, "person", text="Frnak Barkr", purpose="investigation").rows == []
    page = records.find_records(officer, "person", text="Barker 1962", purpose="investigation")
    assert _ids(page) == [frank.pk] and not page.fuzzy


def test_the_text_splits_into_a_name_and_a_date_of_birth() -> None:
    assert search.person_terms("Barker 1962") == search.PersonTerms("Barker", "1962")
    assert search.person_terms("1962-04-02 Frank  Barker") == search.PersonTerms("Frank Barker", "1962-04-02")
    assert search.person_terms("Barker 1962 1962-04").date_of_birth == "1962-04"
    assert search.person_terms("Agent 007 1899 2101").name == "Agent 007 1899 2101"
    assert search.person_terms("Barker 2100").parts == (2100, None, None)


@pytest.mark.django_db
def test_the_api_ranks_a_misspelt_name_and_hides_the_restricted(net: Network) -> None:
    frank = _person(net, "ES-officer", "Frank", "Barker", "1962-04-02")
    hidden = _person(net, "FR-officer", "Frank", "Barker", "1962", restriction="only_listed", listed=["IT"])
    de = signed_in_client(net.users["DE-officer"])
    body = de.get("/api/records/persons?search_purpose=investigation&q=Frnak%20Barkr").json()
    assert [i["id"] for i in body["items"]] == [frank.pk] and body["count"] == 1
    assert body["matches"][0]["id"] == frank.pk and body["matches"][0]["score"] >= 0.6
    exact = de.get("/api/records/persons?search_purpose=investigation&q=Frank%20Barker").json()
    assert [i["id"] for i in exact["items"]] == [frank.pk] and exact["matches"] == []
    hitonly = signed_in_client(net.users["DE-unit-hitonly"])
    refused = hitonly.get("/api/records/persons?search_purpose=investigation&q=Frnak%20Barkr")
    assert refused.status_code == 403 and refused.json()["code"] == "hit_only_scope"
    assert hidden.pk not in [
        i["id"]
        for i in de.get("/api/records/persons?search_purpose=investigation&q=Barker%201962&state=").json()[
            "items"
        ]
    ]


@pytest.mark.django_db
def test_the_page_shows_the_match_column_and_refuses_a_hit_only_unit(net: Network) -> None:
    frank = _person(net, "ES-officer", "Frank", "Barker", "1962-04-02")
    hidden = _person(net, "FR-officer", "Frank", "Barker", "1962", restriction="only_listed", listed=["IT"])
    de = signed_in_client(net.users["DE-officer"])
    html = de.get("/records/person/?search_purpose=investigation&q=Frnak+Barkr").content.decode()
    assert (
        f'href="/records/person/{frank.pk}/"' in html and f'href="/records/person/{hidden.pk}/"' not in html
    )
    assert '<th scope="col">Match</th>' in html and 'class="why">Name' in html
    plain = de.get("/records/person/").content.decode()
    assert '<th scope="col">Match</th>' not in plain
    refused = signed_in_client(net.users["DE-unit-hitonly"]).get(
        "/records/person/?search_purpose=investigation&q=Frnak+Barkr"
    )
    assert refused.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["person", "document", "vehicle", "firearm", "artwork"])
def test_odd_text_finds_nothing_or_exactly_without_failing(net: Network, kind: str) -> None:
    frank = _person(net, "FR-officer", "Frank", "Barker", "1962")
    officer = net.actor("FR-officer")
    for text in ("!!!", "-", "ß", "فرانك باركر", "x" * 500, "1962", "2101 1899", "Barker 1962-13"):
        page = records.find_records(officer, kind, text=text, filters={"state": ""}, purpose="investigation")
        assert all(0 <= f.score <= 1 for f in page.ranked.values())
        if kind == "person" and text == "1962":
            assert _ids(page) == [frank.pk] and page.ranked == {}  # a year alone: born that year
