"""Addenda to a published notice: submitted by the source, reviewed by the secretariat (pre-check,
approve or refuse, four eyes for a Red notice), applied once approved with a new version, members
told, and screening following the change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings

from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.notices import screening_feed
from polnet.notices.after import addenda
from polnet.notices.after.kinds import AFTER_KINDS
from polnet.notices.images import placeholder_png
from polnet.notices.models import Addendum, Article3Term, NoticeEvent, NoticeVersion
from polnet.notifications.models import Notification
from tests.factories import Network, signed_in_client
from tests.notices.helpers import published
from tests.notices.test_four_eyes import _second_reviewer

ALIAS = {"given": "Vitya", "family": "Petrov", "script": "Latn", "is_alias": True}
WARRANT = {
    "issuing_country": "FR",
    "authority": "Tribunal judiciaire de Paris",
    "reference": "PAR-2026-77",
    "charge": "Aggravated fraud",
    "law": "Code pénal, article 313-2",
    "max_penalty_months": 120,
}


def _names(feed_rows: list[Any], notice_id: int) -> set[str]:
    return {n.family for r in feed_rows if r.notice_id == notice_id for n in r.names}


@pytest.mark.django_db
def test_an_approved_addendum_is_applied_with_a_new_version_and_members_are_told(
    net: Network, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    notice = published(net)
    assert list(notice.versions.values_list("number", "act")) == [(1, "publish")]
    feed = screening_feed.published_person_subjects()
    fr, gs = net.actor("FR-officer"), net.actor("gs-reviewer")
    with django_capture_on_commit_callbacks(execute=True):
        addendum = addenda.submit(
            fr, notice.pk, {"names": [ALIAS], "warrants": [WARRANT], "information": "Seen in Marseille."}
        )
    assert addendum.state == "pending" and addendum.precheck == []
    assert Notification.objects.filter(kind="notice_addendum_new", recipient_bureau__isnull=True).exists()
    # Not shown to members before review, nor applied.
    assert "Petrov" not in _names(screening_feed.published_person_subjects().rows, notice.pk)
    assert addenda.for_notice(net.actor("DE-officer"), notice) == []
    assert [a.pk for a in addenda.queue(gs)] == [addendum.pk]

    with django_capture_on_commit_callbacks(execute=True):
        addenda.decide(gs, addendum.pk, approve=True, reason="Compliant.")
    addendum.refresh_from_db()
    assert addendum.state == "approved" and addendum.version == 2
    assert notice.names.filter(family="Petrov", is_alias=True).exists()
    assert notice.warrants.filter(reference="PAR-2026-77").exists()
    version = NoticeVersion.objects.get(notice=notice, number=2)
    assert {c["what"] for c in version.changes} == {"names", "warrants", "information"}
    assert "Vitya Petrov" in version.changes[0]["added"]
    first = NoticeVersion.objects.get(notice=notice, number=1)
    assert all(n["family"] != "Petrov" for n in first.content["names"])  # the old version stays
    told = set(
        Notification.objects.filter(kind="notice_addendum").values_list(
            "recipient_bureau__country_id", flat=True
        )
    )
    assert told == {"DE", "IT", "ES"}
    assert Notification.objects.filter(
        kind="notice_addendum_decided", recipient_bureau__country_id="FR"
    ).exists()
    # Screening follows the change: the alias is in the feed after the position read before.
    later = screening_feed.published_person_subjects(since_seq=feed.last_seq)
    assert "Petrov" in _names(later.rows, notice.pk)
    assert [a.pk for a in addenda.for_notice(net.actor("DE-officer"), notice)] == [addendum.pk]
    acts = list(NoticeEvent.objects.filter(notice=notice).values_list("act", flat=True))
    assert "addendum_submit" in acts and "addendum_approve" in acts
    assert set(Notification.objects.values_list("kind", flat=True)) <= set(AFTER_KINDS)  # each has its words


@pytest.mark.django_db
def test_a_refused_addendum_is_never_shown_nor_applied(net: Network) -> None:
    notice = published(net)
    addendum = addenda.submit(net.actor("FR-officer"), notice.pk, {"names": [ALIAS]})
    with pytest.raises(InvalidInput) as no_reason:
        addenda.decide(net.actor("gs-reviewer"), addendum.pk, approve=False)
    assert no_reason.value.code == "reason_missing"
    addenda.decide(net.actor("gs-reviewer"), addendum.pk, approve=False, reason="Not the same person.")
    assert not notice.names.filter(family="Petrov").exists()
    assert list(notice.versions.values_list("number", flat=True)) == [1]
    assert addenda.for_notice(net.actor("DE-officer"), notice) == []
    with pytest.raises(NotFound):
        addenda.get(net.actor("DE-officer"), addendum.pk)
    assert addenda.get(net.actor("FR-officer"), addendum.pk).reason == "Not the same person."
    with pytest.raises(Conflict) as again:
        addenda.decide(net.actor("gs-reviewer"), addendum.pk, approve=True)
    assert again.value.code == "addendum_decided"


@pytest.mark.django_db
def test_the_precheck_runs_on_what_an_addendum_adds(net: Network) -> None:
    Article3Term.objects.get_or_create(
        term="opposition party", language="en", defaults={"category": "political"}
    )
    notice = published(net)
    weak = {**WARRANT, "max_penalty_months": 6, "law": "", "charge": "Member of the opposition party"}
    addendum = addenda.submit(net.actor("FR-officer"), notice.pk, {"warrants": [weak]})
    codes = {(f["code"], f["field"]) for f in addendum.precheck}
    assert ("minimum_penalty", "warrant.max_penalty_months") in codes
    assert ("missing", "warrant.law") in codes
    assert ("article3", "warrants.1.charge") in codes


@pytest.mark.django_db
def test_only_the_source_adds_and_only_a_reviewer_decides(net: Network) -> None:
    notice = published(net)
    for who in ("DE-officer", "FR-unit-writer", "FR-analyst"):
        with pytest.raises((Forbidden, NotFound)):
            addenda.submit(net.actor(who), notice.pk, {"information": "x"})
    with pytest.raises(InvalidInput) as empty:
        addenda.submit(net.actor("FR-officer"), notice.pk, {})
    assert empty.value.code == "addendum_empty"
    addendum = addenda.submit(net.actor("FR-officer"), notice.pk, {"information": "More."})
    for who in ("FR-officer", "DE-officer", "gs-analyst"):
        with pytest.raises((Forbidden, NotFound)):
            addenda.decide(net.actor(who), addendum.pk, approve=True)
    assert Addendum.objects.get(pk=addendum.pk).state == "pending"


@pytest.mark.django_db
def test_a_draft_takes_no_addendum(net: Network) -> None:
    from tests.notices.helpers import draft

    notice = draft(net)
    with pytest.raises(Conflict) as state:
        addenda.submit(net.actor("FR-officer"), notice.pk, {"information": "More."})
    assert state.value.code == "addendum_notice_state"


@pytest.mark.django_db
@override_settings(POLNET_FOUR_EYES=True)
def test_an_addendum_to_a_red_notice_needs_two_reviewers_under_four_eyes(net: Network) -> None:
    _second_reviewer(net)
    from polnet.notices import workflow
    from tests.notices.helpers import draft, review, submit

    notice = review(net, submit(net, draft(net)))
    workflow.publish(net.actor("gs-reviewer"), notice.pk)
    workflow.publish(net.actor("gs-reviewer-2"), notice.pk)
    addendum = addenda.submit(net.actor("FR-officer"), notice.pk, {"names": [ALIAS]})
    once = addenda.decide(net.actor("gs-reviewer"), addendum.pk, approve=True)
    assert once.state == "pending" and once.approved_at is not None
    assert not notice.names.filter(family="Petrov").exists()
    with pytest.raises(Conflict) as same:
        addenda.decide(net.actor("gs-reviewer"), addendum.pk, approve=True)
    assert same.value.code == "four_eyes_same_reviewer"
    assert addenda.decide(net.actor("gs-reviewer-2"), addendum.pk, approve=True).state == "approved"
    assert notice.names.filter(family="Petrov").exists()


@pytest.mark.django_db
def test_a_new_photo_is_shown_once_approved(net: Network) -> None:
    notice = published(net)
    photo = placeholder_png()
    addendum = addenda.submit(net.actor("FR-officer"), notice.pk, {"photo_caption": "2026"}, photo=photo)
    assert notice.images.count() == 0
    de = signed_in_client(net.users["DE-officer"])
    assert de.get(f"/api/notices/addenda/{addendum.pk}/photo").status_code == 404
    fr = signed_in_client(net.users["FR-officer"])
    assert fr.get(f"/api/notices/addenda/{addendum.pk}/photo").content == photo
    addenda.decide(net.actor("gs-reviewer"), addendum.pk, approve=True)
    image = notice.images.get()
    assert image.caption == "2026" and not image.in_public_extract
    assert de.get(f"/api/notices/{notice.pk}/images/{image.pk}").content == photo


@pytest.mark.django_db
def test_the_api_path_of_an_addendum_and_the_versions(net: Network) -> None:
    notice = published(net)
    fr = signed_in_client(net.users["FR-officer"])
    gs = signed_in_client(net.users["gs-reviewer"])
    de = signed_in_client(net.users["DE-officer"])
    bad = fr.post(
        f"/api/notices/{notice.pk}/addenda", {"names": [{"script": "Latn"}]}, content_type="application/json"
    )
    assert bad.status_code == 422
    unknown = fr.post(
        f"/api/notices/{notice.pk}/addenda",
        {"warrants": [{**WARRANT, "issuing_country": "QQ"}]},
        content_type="application/json",
    )
    assert unknown.status_code == 422 and unknown.json()["field"] == "warrants.0.issuing_country"
    with_warrant = fr.post(
        f"/api/notices/{notice.pk}/addenda",
        {"warrants": [{**WARRANT, "issued_on": "2026-03-01"}], "information": "New warrant from Paris."},
        content_type="application/json",
    )
    assert with_warrant.status_code == 201 and with_warrant.json()["warrants"][0]["issued_on"] == "2026-03-01"
    assert (
        gs.post(
            f"/api/notices/addenda/{with_warrant.json()['id']}/approve", {}, content_type="application/json"
        ).json()["version"]
        == 2
    )
    assert str(notice.warrants.get(reference="PAR-2026-77").issued_on) == "2026-03-01"
    r = fr.post(f"/api/notices/{notice.pk}/addenda", {"names": [ALIAS]}, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert de.post(f"/api/notices/addenda/{pk}/approve", {}, content_type="application/json").status_code in (
        403,
        404,
    )
    queue = gs.get("/api/notices/addenda/queue").json()
    assert [a["id"] for a in queue] == [pk]
    assert de.get("/api/notices/addenda/queue").status_code == 403
    refused = gs.post(f"/api/notices/addenda/{pk}/refuse", {}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["code"] == "reason_missing"
    ok = gs.post(f"/api/notices/addenda/{pk}/approve", {"reason": "Fine"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 3
    assert de.get(f"/api/notices/addenda/{pk}").json()["reason"] is None  # the reviewer's words stay inside
    versions = de.get(f"/api/notices/{notice.pk}/versions").json()
    assert [v["number"] for v in versions] == [3, 2, 1]
    assert versions[0]["changes"] == [{"what": "names", "added": ["Vitya Petrov"]}]
    assert (
        signed_in_client(net.users["IT-officer"]).get(f"/api/notices/{notice.pk}/versions").status_code == 200
    )


@pytest.mark.django_db
def test_a_photo_through_the_api_is_checked_by_its_bytes(net: Network) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    notice = published(net)
    fr = signed_in_client(net.users["FR-officer"])
    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    refused = fr.post(f"/api/notices/{notice.pk}/addenda/photo", {"file": fake})
    assert refused.status_code == 422 and not Addendum.objects.exists()
    photo = SimpleUploadedFile("photo.png", placeholder_png(), content_type="image/png")
    r = fr.post(f"/api/notices/{notice.pk}/addenda/photo", {"file": photo, "caption": "Taken in 2026"})
    assert r.status_code == 201, r.content
    assert r.json()["photo_url"] == f"/api/notices/addenda/{r.json()['id']}/photo"
    assert r.json()["photo_caption"] == "Taken in 2026" and r.json()["state"] == "pending"
    de = signed_in_client(net.users["DE-officer"])
    again = SimpleUploadedFile("photo.png", placeholder_png(), content_type="image/png")
    assert de.post(f"/api/notices/{notice.pk}/addenda/photo", {"file": again}).status_code == 403
