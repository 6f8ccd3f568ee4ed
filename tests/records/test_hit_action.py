"""Records carry the action their owner asks on a hit: chosen through the API and the pages,
checked for the kind, defaulted by kind and purpose."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from polnet.core.errors import InvalidInput
from polnet.records import services as records
from polnet.records.models import Person
from tests.factories import SAMPLE_FIELDS, Network, access, make_record, signed_in_client


def _post(client: Client, kind: str, body: dict[str, Any]) -> Any:
    sent = json.dumps(body, default=str)
    return client.post(f"/api/records/{kind}s", sent, content_type="application/json")


@pytest.mark.django_db
def test_a_new_record_gets_the_usual_action_of_its_kind_and_purpose(net: Network) -> None:
    owner = net.actor("FR-officer")
    assert make_record(owner, "person").hit_action == "discreet_check"  # purpose: investigation
    assert make_record(owner, "vehicle").hit_action == "seize"
    assert make_record(owner, "document").hit_action == "seize"
    data = {**SAMPLE_FIELDS["person"], **access(), "purpose": "border_management"}
    assert records.create_record(owner, "person", data).hit_action == "refuse_entry"


@pytest.mark.django_db
def test_the_owner_chooses_the_action_through_the_api(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    body = {**SAMPLE_FIELDS["person"], **access(), "hit_action": "arrest"}

    refused = _post(client, "person", body)
    assert refused.status_code == 422
    said = refused.json()
    assert (said["code"], said["field"]) == ("hit_action_warrant_required", "hit_action_reference")
    assert not Person.objects.exists()  # nothing half-written

    body |= {"hit_action_reference": "AW-2026-7 (Lyon)", "hit_action_note": "Armed: call for backup."}
    r = _post(client, "person", body)
    assert r.status_code == 201, r.content
    made = r.json()
    assert (made["hit_action"], made["hit_action_reference"]) == ("arrest", "AW-2026-7 (Lyon)")
    assert made["hit_action_note"] == "Armed: call for backup."

    wrong = {**SAMPLE_FIELDS["vehicle"], **access(), "hit_action": "arrest", "hit_action_reference": "X"}
    r = _post(client, "vehicle", wrong)
    assert r.status_code == 422 and r.json()["code"] == "hit_action_not_for_subject"


@pytest.mark.django_db
def test_a_change_is_checked_whole_and_only_the_owner_makes_it(net: Network) -> None:
    owner = net.actor("FR-officer")
    rec = make_record(owner, "person")
    with pytest.raises(InvalidInput) as refused:
        records.update_record(owner, "person", rec.pk, {"version": 1, "hit_action": "arrest"})
    assert refused.value.code == "hit_action_warrant_required"
    rec = records.update_record(
        owner, "person", rec.pk, {"version": 1, "hit_action": "arrest", "hit_action_reference": "AW-1"}
    )
    assert (rec.hit_action, rec.hit_action_reference) == ("arrest", "AW-1")
    # Clearing the warrant of an arrest is refused, whichever field is sent.
    with pytest.raises(InvalidInput):
        records.update_record(owner, "person", rec.pk, {"version": 2, "hit_action_reference": ""})
    other = signed_in_client(net.users["DE-officer"])
    r = other.patch(
        f"/api/records/persons/{rec.pk}",
        json.dumps({"version": 2, "hit_action": "locate"}),
        content_type="application/json",
    )
    assert r.status_code == 403


@pytest.mark.django_db
def test_the_page_form_sets_the_action_and_the_detail_page_shows_it(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    form = {
        "names-TOTAL_FORMS": "2",
        "names-INITIAL_FORMS": "0",
        "names-0-given": "Ivan",
        "names-0-family": "Ivanov",
        "identifiers-TOTAL_FORMS": "1",
        "identifiers-INITIAL_FORMS": "0",
        "date_of_birth": "1974-08-12",
        "sex": "M",
        "purpose": "locate_wanted",
        "handling_code": "H0",
        "source_reliability": "B",
        "information_accuracy": "2",
        "restriction": "all",
        "hit_action": "arrest",
        "hit_action_reference": "",
    }
    r = client.post("/records/person/new/", form)
    assert r.status_code == 422
    assert "An arrest needs the reference of its warrant." in r.content.decode()
    r = client.post("/records/person/new/", {**form, "hit_action_reference": "AW-9 (Paris)"})
    assert r.status_code == 302, r.content.decode()[:3000]
    rec = Person.objects.get()
    assert (rec.hit_action, rec.hit_action_reference) == ("arrest", "AW-9 (Paris)")

    client.cookies["django_language"] = "fr"
    page = client.get(f"/records/person/{rec.pk}/").content.decode()
    assert 'data-action="arrest"' in page and "AW-9 (Paris)" in page
    assert "Urgent" in page or "URGENT" in page.upper()
