"""An error reads in the language of whoever reads it: the officer's page language, the API
client's Accept-Language, English otherwise; the reason code stays the same in all of them."""

from __future__ import annotations

import html
from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from polnet.network.services import issue_token
from tests.factories import Network, signed_in_client

NO_RECORD = {
    "en": "There is no such record, or it is not shared with you.",
    "fr": "Cette fiche n'existe pas ou n'est pas partagée avec vous.",
    "ar": "هذا السجل غير موجود أو غير متاح لك.",
    "es": "Este registro no existe o no se comparte con usted.",
}
BAD_PAGE = {
    "fr": "Le numéro de page n'est pas valide.",
    "ar": "رقم الصفحة غير صالح.",
}


@pytest.fixture
def token_client(net: Network) -> Client:
    _, secret = issue_token(
        net.actor("FR-admin"), net.users["FR-officer"], name="api", scopes=["records:read"]
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def thread_in_arabic() -> Iterator[None]:
    """What a page request served just before on the same thread leaves behind."""
    translation.activate("ar")
    yield
    translation.deactivate()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ar", "es"])
def test_the_api_answers_in_the_language_the_client_asks_for(token_client: Client, language: str) -> None:
    response = token_client.get("/api/records/persons/999999", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "code": "record_not_found",
        "detail": NO_RECORD[language],
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("thread_in_arabic")
def test_the_api_answers_in_english_when_the_client_asks_nothing(token_client: Client) -> None:
    body = token_client.get("/api/records/persons/999999").json()
    assert body["detail"] == NO_RECORD["en"] and body["code"] == "record_not_found"


@pytest.mark.django_db
def test_a_refused_field_is_named_with_its_reason(net: Network) -> None:
    browser = signed_in_client(net.users["FR-officer"])
    body = {"purpose": "investigation", "names": [{"family": "Doe"}], "review_date": "2001-01-01"}
    response = browser.post("/api/records/persons", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json() == {
        "error": "invalid",
        "code": "review_date_past",
        "detail": "review_date: The review date is in the past.",
        "field": "review_date",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_page_shows_the_error_in_the_officers_language(net: Network, language: str) -> None:
    client = signed_in_client(net.users["FR-officer"])
    client.cookies["django_language"] = language
    missing = client.get("/records/person/999999/")
    assert missing.status_code == 404
    assert NO_RECORD[language] in html.unescape(missing.content.decode())
    bad_page = client.get("/records/person/?page=second")
    assert bad_page.status_code == 422
    page = html.unescape(bad_page.content.decode())
    assert BAD_PAGE[language] in page and "The page number is not valid." not in page


@pytest.mark.django_db
def test_the_refusals_of_the_libraries_are_translated_by_their_code(net: Network) -> None:
    browser = signed_in_client(net.users["FR-officer"])
    person = {"name": "Ivan Ivanov", "date_of_birth": "1974-13-01"}
    r = browser.post(
        "/api/screening/person", person, content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert r.status_code == 422, r.content
    assert r.json() == {
        "error": "invalid",
        "code": "date_out_of_range",
        "detail": "date_of_birth: Saisissez la date de naissance sous la forme AAAA-MM-JJ, AAAA-MM ou AAAA.",
        "field": "date_of_birth",
    }
    vehicle = {"purpose": "investigation", "vin": "1M8GDM9A1KP042788", "make": "Motor Coach"}
    r = browser.post("/api/records/vehicles", vehicle, content_type="application/json")
    assert r.status_code == 422, r.content
    body = r.json()
    assert (body["code"], body["field"]) == ("vin_check_digit", "vin")
    assert body["detail"] == "vin: The check digit (9th character) of this VIN is wrong."
