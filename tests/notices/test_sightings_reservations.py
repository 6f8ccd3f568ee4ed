"""Sightings of a notice's subject, reservations of member countries (and how a post sees them at
a hit), and a diffusion turned into a notice request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from polnet.core.audit import AuditEntry
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.notices import workflow
from polnet.notices.after import addenda, conversion, reservations, sightings
from polnet.notices.models import Notice, NoticeEvent
from polnet.notifications.models import Notification
from polnet.screening import index as screening_index
from polnet.screening.models import Hit
from polnet.screening.web.display import hit_public
from tests.factories import Network, signed_in_client
from tests.notices.helpers import RED, content, published

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.get_current_timezone())


def _sighting(**changes: Any) -> dict[str, Any]:
    return {
        "country": "DE",
        "place": "Hamburg central station",
        "seen_at": NOW - timedelta(hours=3),
        "reliability": "B",
        "information": "Seen boarding a train to Copenhagen.",
        **changes,
    }


def _only_germany(net: Network) -> Notice:
    return published(net, restriction="only_listed", listed_countries=["DE"])


@pytest.mark.django_db
def test_a_sighting_by_another_bureau_tells_the_source(
    net: Network, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    notice = _only_germany(net)
    with django_capture_on_commit_callbacks(execute=True):
        s = sightings.report(net.actor("DE-officer"), notice.pk, _sighting(), now=NOW)
    told = Notification.objects.get(kind="notice_sighting")
    assert (told.recipient_bureau.country_id, told.subject, told.subject_id) == ("FR", "notice", notice.pk)
    assert AuditEntry.objects.filter(object_type="sighting", object_id=str(s.pk), action="create").exists()
    inbox = signed_in_client(net.users["FR-officer"]).get("/notifications/").content.decode()
    assert "The subject of one of your notices was reported seen (DE)" in inbox
    assert f'href="/notices/{notice.pk}/"' in inbox
    italy = signed_in_client(net.users["IT-officer"]).get("/notifications/").content.decode()
    assert "reported seen" not in italy
    assert [x.pk for x in sightings.list_sightings(net.actor("FR-officer"), notice.pk)[1]] == [s.pk]
    assert [x.pk for x in sightings.list_sightings(net.actor("gs-reviewer"), notice.pk)[1]] == [s.pk]
    assert [x.pk for x in sightings.list_sightings(net.actor("DE-officer"), notice.pk)[1]] == [s.pk]


@pytest.mark.django_db
def test_a_bureau_that_cannot_see_the_notice_neither_reports_nor_reads(net: Network) -> None:
    notice = _only_germany(net)
    sightings.report(net.actor("DE-officer"), notice.pk, _sighting(), now=NOW)
    with pytest.raises(NotFound):
        sightings.report(net.actor("IT-officer"), notice.pk, _sighting(country="IT"), now=NOW)
    with pytest.raises(NotFound):
        sightings.list_sightings(net.actor("IT-officer"), notice.pk)
    it = signed_in_client(net.users["IT-officer"])
    assert it.get(f"/api/notices/{notice.pk}/sightings").status_code == 404
    body = {**_sighting(country="IT"), "seen_at": (NOW - timedelta(hours=1)).isoformat()}
    assert (
        it.post(f"/api/notices/{notice.pk}/sightings", body, content_type="application/json").status_code
        == 404
    )


@pytest.mark.django_db
def test_other_members_do_not_read_a_bureaus_sighting(net: Network) -> None:
    notice = published(net)  # all members see it
    sightings.report(net.actor("DE-officer"), notice.pk, _sighting(), now=NOW)
    assert sightings.list_sightings(net.actor("IT-officer"), notice.pk)[1] == []
    assert sightings.list_sightings(net.actor("DE-unit-full"), notice.pk)[1] == []
    with pytest.raises(Forbidden):
        sightings.report(net.actor("DE-unit-writer"), notice.pk, _sighting(), now=NOW)


@pytest.mark.django_db
def test_a_sighting_with_bad_input_is_refused_and_nothing_written(net: Network) -> None:
    notice = published(net)
    with pytest.raises(InvalidInput) as future:
        sightings.report(
            net.actor("DE-officer"), notice.pk, _sighting(seen_at=NOW + timedelta(hours=1)), now=NOW
        )
    assert future.value.code == "sighting_future"
    with pytest.raises(InvalidInput) as where:
        sightings.report(net.actor("DE-officer"), notice.pk, _sighting(country="XX"), now=NOW)
    assert where.value.field == "country"
    de = signed_in_client(net.users["DE-officer"])
    r = de.post(
        f"/api/notices/{notice.pk}/sightings",
        {**_sighting(reliability="Z"), "seen_at": NOW.isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert not notice.sightings.exists()
    ok = de.post(
        f"/api/notices/{notice.pk}/sightings",
        {**_sighting(), "seen_at": (timezone.now() - timedelta(hours=1)).isoformat()},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["reporting_country"] == "DE"
    naive = (timezone.localtime() - timedelta(hours=2)).replace(tzinfo=None).isoformat()
    local = de.post(
        f"/api/notices/{notice.pk}/sightings",
        {**_sighting(), "seen_at": naive},
        content_type="application/json",
    )
    assert local.status_code == 201  # a time without an offset is read as local time


@pytest.mark.django_db
def test_a_reservation_is_recorded_shown_to_the_source_and_lifted(
    net: Network, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    notice = published(net)
    de = net.actor("DE-officer")
    with pytest.raises(InvalidInput) as no_reason:
        reservations.record(de, notice.pk, "  ")
    assert no_reason.value.code == "reason_missing"
    with django_capture_on_commit_callbacks(execute=True):
        reservations.record(de, notice.pk, "Statute of limitations has run in Germany.")
    assert Notification.objects.filter(kind="notice_reservation", recipient_bureau__country_id="FR").exists()
    with pytest.raises(Conflict) as twice:
        reservations.record(net.actor("DE-admin"), notice.pk, "Again")
    assert twice.value.code == "reservation_exists"
    with pytest.raises(InvalidInput):
        reservations.record(net.actor("FR-officer"), notice.pk, "Own notice")
    with pytest.raises(Forbidden):
        reservations.record(net.actor("IT-unit-writer"), notice.pk, "A unit")
    fr = signed_in_client(net.users["FR-officer"])
    listed = fr.get(f"/api/notices/{notice.pk}/reservations").json()
    assert [(r["country"], r["reason"]) for r in listed] == [
        ("DE", "Statute of limitations has run in Germany.")
    ]
    assert (
        signed_in_client(net.users["gs-reviewer"]).get(f"/api/notices/{notice.pk}/reservations").json()
        == listed
    )
    assert (
        signed_in_client(net.users["IT-officer"]).get(f"/api/notices/{notice.pk}/reservations").json() == []
    )
    assert reservations.reserved([notice.pk], "DE") == {
        notice.pk: "Statute of limitations has run in Germany."
    }
    assert reservations.reserved([notice.pk], "IT") == {}
    with pytest.raises(NotFound):
        reservations.lift(net.actor("IT-officer"), notice.pk)
    lifted = signed_in_client(net.users["DE-officer"]).post(
        f"/api/notices/{notice.pk}/reservations/lift", {"reason": "Reopened"}, content_type="application/json"
    )
    assert lifted.status_code == 200 and lifted.json()["lifted_at"] is not None
    assert reservations.reserved([notice.pk], "DE") == {}
    assert fr.get(f"/api/notices/{notice.pk}/reservations").json() == []
    acts = list(NoticeEvent.objects.filter(notice=notice).values_list("act", flat=True))
    assert "reservation" in acts and "reservation_lift" in acts
    # Which countries hold reservations is for the source and the secretariat: not in others' history.
    assert "reservation" in {e["act"] for e in fr.get(f"/api/notices/{notice.pk}/history").json()}
    italy = signed_in_client(net.users["IT-officer"]).get(f"/api/notices/{notice.pk}/history").json()
    assert not {"reservation", "reservation_lift"} & {e["act"] for e in italy}
    # A new reservation after the lift is allowed.
    reservations.record(de, notice.pk, "Again, for a new reason.")


def _check(client: Any, **fields: str) -> str:
    r = client.post("/check/", {"check": "person", "purpose": "identification", **fields})
    assert r.status_code == 200, r.content.decode()[:2000]
    return r.content.decode()


RESERVED = "Your country holds a reservation on this notice"


@pytest.mark.django_db
def test_a_post_of_the_reserving_country_sees_the_reservation_at_a_hit_and_others_do_not(
    net: Network,
) -> None:
    notice = published(net)
    reservations.record(net.actor("DE-officer"), notice.pk, "No extradition for this offence.")
    germany = _check(
        signed_in_client(net.users["DE-unit-full"]), name="Viktor Petrenko", date_of_birth="1981-04-17"
    )
    assert ">Hit</h2>" in germany and RESERVED in germany and "No extradition for this offence." in germany
    italy = _check(
        signed_in_client(net.users["IT-unit-full"]), name="Viktor Petrenko", date_of_birth="1981-04-17"
    )
    assert ">Hit</h2>" in italy and RESERVED not in italy and "No extradition" not in italy
    # A unit that sees no details of the notice still reads its country's reservation at the hit.
    hit_only = _check(
        signed_in_client(net.users["DE-unit-hitonly"]), name="Viktor Petrenko", date_of_birth="1981-04-17"
    )
    assert ">Hit</h2>" in hit_only and RESERVED in hit_only and "No extradition for this offence." in hit_only
    assert 'class="candidates"' not in hit_only  # and nothing of the notice itself
    de_hit = Hit.objects.filter(screening_country_id="DE", unit=net.units["DE-full"]).get()
    it_hit = Hit.objects.get(screening_country_id="IT")
    assert hit_public(net.actor("DE-unit-full"), de_hit)["reservation"] == "No extradition for this offence."
    assert (
        hit_public(net.actor("DE-unit-hitonly"), de_hit)["reservation"] == "No extradition for this offence."
    )
    assert hit_public(net.actor("IT-unit-full"), it_hit)["reservation"] == ""
    [listed] = signed_in_client(net.users["DE-unit-full"]).get("/api/screening/hits").json()
    assert listed["reservation"] == "No extradition for this offence."
    [other] = signed_in_client(net.users["IT-unit-full"]).get("/api/screening/hits").json()
    assert other["reservation"] == ""
    hit_page = signed_in_client(net.users["DE-unit-full"]).get(f"/check/hits/{de_hit.pk}/").content.decode()
    assert RESERVED in hit_page and "No extradition for this offence." in hit_page
    italy_page = signed_in_client(net.users["IT-unit-full"]).get(f"/check/hits/{it_hit.pk}/").content.decode()
    assert RESERVED not in italy_page
    reservations.lift(net.actor("DE-officer"), notice.pk)
    again = _check(
        signed_in_client(net.users["DE-unit-full"]), name="Viktor Petrenko", date_of_birth="1981-04-17"
    )
    assert RESERVED not in again


@pytest.mark.django_db
def test_a_new_alias_hits_at_the_border_once_the_addendum_is_approved(net: Network) -> None:
    notice = published(net)
    alias = {"given": "Vitya", "family": "Petrovsky", "script": "Latn", "is_alias": True}
    addendum = addenda.submit(net.actor("FR-officer"), notice.pk, {"names": [alias]})
    client = signed_in_client(net.users["DE-unit-full"])
    before = _check(client, name="Vitya Petrovsky", date_of_birth="1981-04-17")
    assert f'href="/notices/{notice.pk}/"' not in before
    addenda.decide(net.actor("gs-reviewer"), addendum.pk, approve=True)
    screening_index.current().refresh(force=True)  # the server follows the feed every half second
    after = _check(client, name="Vitya Petrovsky", date_of_birth="1981-04-17")
    assert ">Hit</h2>" in after and f'href="/notices/{notice.pk}/"' in after


@pytest.mark.django_db
def test_a_diffusion_becomes_a_request_keeping_its_history(net: Network) -> None:
    fr = net.actor("FR-officer")
    diffusion = workflow.send_diffusion(fr, {**content(RED), "recipients": ["DE"]})
    with pytest.raises(Forbidden):
        conversion.to_request(net.actor("gs-reviewer"), diffusion.pk)
    with pytest.raises(NotFound):
        conversion.to_request(net.actor("IT-officer"), diffusion.pk)
    request = conversion.to_request(fr, diffusion.pk)
    assert (
        request.channel == "notice" and request.state == "draft" and request.from_diffusion_id == diffusion.pk
    )
    assert list(request.names.values_list("family", flat=True)) == ["Petrenko", "Петренко"]
    assert request.warrants.get().charge == "Armed robbery"
    assert sorted(request.listed_codes()) == ["DE"] and request.restriction == "only_listed"
    assert NoticeEvent.objects.filter(notice=diffusion, act="to_request").exists()
    assert NoticeEvent.objects.filter(notice=request, act="from_diffusion").exists()
    with pytest.raises(Conflict) as twice:
        conversion.to_request(fr, diffusion.pk)
    assert twice.value.code == "to_request_exists"
    client = signed_in_client(net.users["FR-officer"])
    assert client.get(f"/api/notices/{diffusion.pk}").json()["requests"] == [request.pk]
    assert client.get(f"/api/notices/{request.pk}").json()["from_diffusion"] == diffusion.pk
    assert (
        signed_in_client(net.users["DE-officer"]).get(f"/api/notices/{diffusion.pk}").json()["requests"] == []
    )
    # A recipient may hold a reservation on a diffusion too; another member never saw it.
    reservations.record(net.actor("DE-officer"), diffusion.pk, "Not an offence here.")
    assert reservations.reserved([diffusion.pk], "DE") == {diffusion.pk: "Not an offence here."}
    with pytest.raises(NotFound):
        reservations.record(net.actor("IT-officer"), diffusion.pk, "Never received it.")
    # The request follows the usual path; submitted, it reaches the secretariat.
    assert workflow.perform(fr, request.pk, "submit").state == "requested"
    notice = published(net)
    r = client.post(f"/api/notices/{notice.pk}/to-request", {}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "to_request_diffusion_only"
