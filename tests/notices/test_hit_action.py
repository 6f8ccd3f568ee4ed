"""Notices carry the action their source asks on a hit: a Red notice an arrest on its warrant,
a Yellow notice protection, others their kind's usual action unless the source chooses."""

from __future__ import annotations

import json

import pytest

from polnet.core.errors import InvalidInput
from polnet.notices import services
from tests.factories import Network, signed_in_client
from tests.notices.helpers import RED, YELLOW, content, draft

BLUE = {**content(YELLOW), "kind": "blue", "details": {"information_sought": "Where she lives now."}}


@pytest.mark.django_db
def test_a_red_notice_asks_for_an_arrest_on_its_warrant(net: Network) -> None:
    warrants = [{**RED["warrants"][0], "reference": "2025/311"}]
    notice = draft(net, warrants=warrants)
    assert notice.hit_action == "arrest"
    assert notice.hit_action_reference == "2025/311 (Tribunal judiciaire de Lyon, FR)"
    # A new warrant, and the reference follows it (the source named none of its own).
    changed = services.update_notice(
        net.actor("FR-officer"),
        notice.pk,
        {"version": 1, "warrants": [{**warrants[0], "reference": "2026/12", "authority": ""}]},
    )
    assert changed.hit_action_reference == "2026/12 (FR)"


@pytest.mark.django_db
def test_a_red_draft_without_a_warrant_yet_waits_for_it_but_a_chosen_arrest_needs_one(net: Network) -> None:
    notice = draft(net)  # the warrant has no reference yet
    assert (notice.hit_action, notice.hit_action_reference) == ("arrest", "")
    with pytest.raises(InvalidInput) as refused:
        draft(net, hit_action="arrest")
    assert refused.value.code == "hit_action_warrant_required"
    chosen = draft(net, hit_action="arrest", hit_action_reference="Mandat 77")
    assert chosen.hit_action_reference == "Mandat 77"


@pytest.mark.django_db
def test_kinds_default_and_the_source_may_choose_another_that_fits(net: Network) -> None:
    assert draft(net, base=YELLOW).hit_action == "protect"
    assert draft(net, base=BLUE).hit_action == "locate"
    chosen = draft(net, base=BLUE, hit_action="discreet_check", hit_action_note="Do not approach.")
    assert (chosen.hit_action, chosen.hit_action_note) == ("discreet_check", "Do not approach.")
    with pytest.raises(InvalidInput) as refused:
        draft(net, base=BLUE, hit_action="seize")
    assert (refused.value.code, refused.value.field) == ("hit_action_not_for_subject", "hit_action")


@pytest.mark.django_db
def test_the_api_takes_and_shows_the_action(net: Network) -> None:
    client = signed_in_client(net.users["FR-officer"])
    body = {**content(YELLOW), "hit_action_note": "Minor: tell no one travelling with her."}
    r = client.post("/api/notices/", json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    made = r.json()
    assert (made["hit_action"], made["hit_action_note"]) == ("protect", body["hit_action_note"])
    page = client.get(f"/notices/{made['id']}/").content.decode()
    assert 'data-action="protect"' in page and body["hit_action_note"] in page
