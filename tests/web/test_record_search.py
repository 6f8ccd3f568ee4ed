"""The persons list's search box in a real browser: a misspelt name finds the person, a year
beside the name ranks the one born that year first, each found record says how well it
matches and why; another country's restricted record never shows; a document number typed
with an O for a zero is found. In English and Arabic, at desktop and phone width."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote_plus

import pytest

from polnet.records import services as records
from polnet.screening import index as screening_index
from tests.factories import Network, access
from tests.web.test_record_lifecycle import _fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


def _person(net: Network, owner: str, dob: str, **acc: Any) -> Any:
    data = {
        "names": [{"given": "Frank", "family": "Barker", "script": "Latn"}],
        "date_of_birth": dob,
        "sex": "M",
        "nationalities": ["GB"],
        **access(**acc),
    }
    return records.create_record(net.actor(owner), "person", data)


def _barkers(net: Network) -> tuple[Any, Any, Any]:
    older = _person(net, "IT-officer", "1958-01-01")
    born_1962 = _person(net, "ES-officer", "1962-04-02")
    hidden = _person(net, "FR-officer", "1962-04-02", restriction="only_listed", listed=["IT"])
    return older, born_1962, hidden


def _search(tab: Any, text: str) -> None:
    """Type into the search box and send it; the results are swapped in and the address follows."""
    page = tab.page
    page.fill("#q", text)
    if page.locator("#search_purpose").count():  # a search of persons states its purpose
        page.select_option("#search_purpose", "investigation")
    page.locator("form.search .search-line button[type=submit]").click()
    page.wait_for_url(lambda url: f"q={text}&" in unquote_plus(url))


def _found(tab: Any) -> list[str]:
    return tab.page.locator("#results tbody th a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def test_a_misspelt_name_and_a_year_find_frank_barker(net: Network, tab_factory: Any) -> None:
    older, born_1962, hidden = _barkers(net)
    tab = tab_factory()
    sign_in(tab, net.users["DE-officer"])
    page = tab.page
    tab.go("/records/person/")
    assert (
        "Barker 1962" in page.locator("#q-hint").inner_text()
        and "for example" in page.locator("#q-hint").inner_text()
    )
    _search(tab, "Frnak Barkr")
    page.locator(f"#results a[href='/records/person/{born_1962.pk}/']").wait_for()
    assert set(_found(tab)) == {f"/records/person/{older.pk}/", f"/records/person/{born_1962.pk}/"}
    assert f"/records/person/{hidden.pk}/" not in _found(tab)
    assert "Match" in page.locator("#results thead").inner_text()
    cell = page.locator("#results tbody tr").first.locator("td.match")
    assert "%" in cell.locator(".score").inner_text() and "Name" in cell.locator(".why").inner_text()
    tab.shot("search-01-misspelt-name-en")

    _search(tab, "Barker 1962")
    page.locator(f"#results tbody tr:first-child a[href='/records/person/{born_1962.pk}/']").wait_for()
    assert _found(tab)[0] == f"/records/person/{born_1962.pk}/"
    assert f"/records/person/{hidden.pk}/" not in _found(tab)
    assert page.locator("#results tbody tr").first.locator("td.match").inner_text() == "As typed"
    tab.shot("search-02-name-and-year-en")

    tab.narrow()
    tab.go("/records/person/?search_purpose=investigation&q=Frnak+Barkr")
    assert f"/records/person/{born_1962.pk}/" in _found(tab)
    assert page.locator("#results td.match .why").first.is_visible()
    _fits(tab)
    tab.shot("search-03-misspelt-name-en-narrow")


def test_a_document_number_with_an_o_for_a_zero(net: Network, tab_factory: Any) -> None:
    doc = records.create_record(
        net.actor("FR-officer"),
        "document",
        {
            "number": "AB1024O7",
            "kind": "passport",
            "status": "stolen",
            "date_reported": "2026-01-05",
            **access(),
        },
    )
    tab = tab_factory()
    sign_in(tab, net.users["DE-officer"])
    tab.go("/records/document/")
    _search(tab, "AB1O24O7")
    tab.page.locator(f"#results a[href='/records/document/{doc.pk}/']").wait_for()
    why = tab.page.locator("#results td.match .why").first.inner_text()
    assert "Document number" in why and "look-alike" in why
    tab.shot("search-04-document-look-alike-en")


def test_in_arabic_on_a_phone_and_a_desktop(net: Network, tab_factory: Any) -> None:
    _older, born_1962, hidden = _barkers(net)
    tab = tab_factory()
    tab.go("/login/")
    tab.page.select_option("#language", "ar")
    with tab.page.expect_navigation():
        tab.page.click("form.lang button")
    sign_in(tab, net.users["DE-officer"])
    page = tab.page
    tab.narrow()
    tab.go("/records/person/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "سنة الميلاد" in page.locator("#q-hint").inner_text()
    _search(tab, "Frnak Barkr")
    page.locator(f"#results a[href='/records/person/{born_1962.pk}/']").wait_for()
    assert f"/records/person/{hidden.pk}/" not in _found(tab)
    assert "التطابق" in page.locator("#results thead").inner_text()
    assert "الاسم" in page.locator("#results td.match .why").first.inner_text()
    _fits(tab)
    tab.shot("search-05-misspelt-name-ar-narrow")

    page.set_viewport_size({"width": 1280, "height": 900})
    _search(tab, "Barker 1962")
    page.locator(f"#results tbody tr:first-child a[href='/records/person/{born_1962.pk}/']").wait_for()
    assert page.locator("#results tbody tr").first.locator("td.match").inner_text() == "كما كُتب"
    assert f"/records/person/{hidden.pk}/" not in _found(tab)
    tab.shot("search-06-name-and-year-ar")
