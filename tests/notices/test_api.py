"""The notices API: every action is an endpoint in the OpenAPI schema, input is checked and
refusals are clear; what is internal to the source and the secretariat stays there."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from polnet.network.services import issue_token
from polnet.notices.images import placeholder_png
from polnet.notices.models import Notice, NoticeImage
from tests.factories import Network, signed_in_client
from tests.notices.helpers import RED, YELLOW, content, draft, published, review, submit


def _post(client: Client, url: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
    return client.post(url, json.dumps(body or {}, default=str), content_type="application/json", **headers)


def _patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, json.dumps(body, default=str), content_type="application/json")


@pytest.mark.django_db
def test_every_action_is_in_the_openapi_schema(net: Network) -> None:
    schema = Client().get("/api/openapi.json").json()
    ops = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    expected = {
        "list_notices",
        "create_notice",
        "send_diffusion",
        "get_notice",
        "update_notice",
        "notice_history",
        "notice_precheck",
        "notice_related",
        "notice_submit",
        "notice_start_review",
        "notice_publish",
        "notice_request_info",
        "notice_refuse",
        "notice_suspend",
        "notice_resume",
        "notice_withdraw",
        "notice_cancel",
        "notice_confirm",
        "extract_request",
        "extract_approve",
        "extract_refuse",
        "extract_withdraw",
        "notice_add_image",
        "notice_image",
        "review_queue",
        "notice_notifications",
        "notification_read",
        "notifications_read_all",
        "article3_terms",
        "article3_term_add",
        "article3_term_update",
    }
    assert expected <= ops
    assert Client().get("/api/notices/").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "violet"}, "kind"),
        ({"date_of_birth": "1981-02-30"}, "date_of_birth"),
        ({"nationalities": ["XX"]}, "nationalities.0"),
        ({"restriction": "only_listed"}, ""),
        ({"listed_countries": ["DE"]}, ""),
        ({"languages_spoken": ["english"]}, "languages_spoken"),
        ({"eye_colours": ["PINK"]}, "eye_colours.0"),
        ({"warrants": [{"issuing_country": "QQ", "charge": "x"}]}, "warrants.0.issuing_country"),
        (
            {"warrants": [{"issuing_country": "FR", "max_penalty_months": -1}]},
            "warrants.0.max_penalty_months",
        ),
        ({"subject_type": "object"}, "subject_type"),
        ({"details": {"nonsense": 1}}, "details.nonsense"),
        ({"links": {"persons": [999999]}}, "links.persons"),
    ],
)
def test_bad_input_is_refused_naming_the_field(net: Network, change: dict[str, Any], field: str) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    r = _post(fr, "/api/notices/", content(RED, **change))
    assert r.status_code == 422, r.content
    if field:
        assert r.json()["field"] == field
    assert Notice.objects.count() == 0


@pytest.mark.django_db
def test_links_only_to_records_the_source_may_see(net: Network) -> None:
    from tests.factories import make_record

    fr_owner = net.actor("FR-officer")
    seen = make_record(net.actor("DE-officer"), "person")
    hidden = make_record(net.actor("DE-officer"), "person", restriction="only_listed", listed=["IT"])
    fr = signed_in_client(net.users["FR-officer"])
    r = _post(fr, "/api/notices/", content(RED, links={"persons": [hidden.pk]}))
    assert r.status_code == 422 and r.json()["field"] == "links.persons"
    r = _post(fr, "/api/notices/", content(RED, links={"persons": [seen.pk]}))
    assert r.status_code == 201
    assert r.json()["links"] == [{"kind": "person", "id": seen.pk, "label": str(seen)}]
    assert fr_owner.country == "FR"


@pytest.mark.django_db
def test_the_source_edits_only_while_writing_and_with_the_version_it_read(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    pk = _post(fr, "/api/notices/", content(RED)).json()["id"]
    r = _patch(fr, f"/api/notices/{pk}", {"version": 1, "facts": "New facts."})
    assert r.status_code == 200 and r.json()["version"] == 2
    assert _patch(fr, f"/api/notices/{pk}", {"version": 1, "facts": "Stale."}).status_code == 409
    assert _post(fr, f"/api/notices/{pk}/submit").status_code == 200
    assert _patch(fr, f"/api/notices/{pk}", {"version": 2, "facts": "Late."}).status_code == 409
    illegal = _post(fr, f"/api/notices/{pk}/submit")
    assert illegal.status_code == 409 and illegal.json()["error"] == "illegal_transition"


@pytest.mark.django_db
def test_reasons_and_precheck_are_for_the_source_and_the_secretariat(net: Network) -> None:
    notice = review(net, submit(net, draft(net, warrants=[{**RED["warrants"][0], "max_penalty_months": 6}])))
    gs = signed_in_client(net.users["gs-reviewer"])
    assert _post(gs, f"/api/notices/{notice.pk}/publish", {"reason": "Internal note"}).status_code == 200
    fr = signed_in_client(net.users["FR-officer"])
    de = signed_in_client(net.users["DE-officer"])
    assert fr.get(f"/api/notices/{notice.pk}/history").json()[-1]["reason"] == "Internal note"
    assert de.get(f"/api/notices/{notice.pk}/history").json()[-1]["reason"] is None
    assert [f["code"] for f in fr.get(f"/api/notices/{notice.pk}").json()["precheck"]] == ["minimum_penalty"]
    assert de.get(f"/api/notices/{notice.pk}").json()["precheck"] is None
    assert de.get(f"/api/notices/{notice.pk}/precheck").status_code == 403
    rerun = gs.get(f"/api/notices/{notice.pk}/precheck").json()
    assert rerun[0]["code"] == "minimum_penalty" and "24" in rerun[0]["message"]


@pytest.mark.django_db
def test_allowed_acts_tell_each_party_what_it_may_do(net: Network) -> None:
    notice = published(net)
    fr = signed_in_client(net.users["FR-officer"]).get(f"/api/notices/{notice.pk}").json()
    gs = signed_in_client(net.users["gs-reviewer"]).get(f"/api/notices/{notice.pk}").json()
    de = signed_in_client(net.users["DE-officer"]).get(f"/api/notices/{notice.pk}").json()
    assert set(fr["allowed_acts"]) == {"suspend", "withdraw", "extract_request"}
    assert set(gs["allowed_acts"]) == {"cancel"}
    assert de["allowed_acts"] == []


@pytest.mark.django_db
def test_review_queue_is_for_reviewers_oldest_first_then_by_kind(net: Network) -> None:
    yellow = submit(net, draft(net, base=YELLOW))
    red = submit(net, draft(net))
    Notice.objects.filter(pk=red.pk).update(submitted_at=yellow.submitted_at)
    older = submit(net, draft(net, base=YELLOW))
    Notice.objects.filter(pk=older.pk).update(submitted_at=yellow.submitted_at.replace(year=2020))  # type: ignore[union-attr]
    gs = signed_in_client(net.users["gs-reviewer"])
    assert [i["id"] for i in gs.get("/api/notices/queue").json()] == [older.pk, red.pk, yellow.pk]
    assert signed_in_client(net.users["FR-officer"]).get("/api/notices/queue").status_code == 403


@pytest.mark.django_db
def test_related_notices_on_the_same_person(net: Network) -> None:
    earlier = published(net)
    other = draft(net, names=[{"given": "Someone", "family": "Else"}])
    request = review(net, submit(net, draft(net, "DE-officer"), "DE-officer"))
    gs = signed_in_client(net.users["gs-reviewer"])
    queue = {i["id"]: i for i in gs.get("/api/notices/queue").json()}
    assert [r["id"] for r in queue[request.pk]["related"]] == [earlier.pk]
    related = gs.get(f"/api/notices/{request.pk}/related").json()["items"]
    assert [r["id"] for r in related] == [earlier.pk] and other.pk not in [r["id"] for r in related]


@pytest.mark.django_db
def test_images_are_checked_by_content_and_size(net: Network) -> None:
    notice = draft(net)
    fr = signed_in_client(net.users["FR-officer"])
    url = f"/api/notices/{notice.pk}/images"
    fake = SimpleUploadedFile("photo.png", b"<html>not an image</html>", content_type="image/png")
    r = fr.post(url, {"file": fake})
    assert r.status_code == 422 and r.json()["field"] == "file"
    big = SimpleUploadedFile(
        "big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), content_type="image/png"
    )
    assert fr.post(url, {"file": big}).status_code == 422
    good = SimpleUploadedFile("x.bin", placeholder_png(), content_type="application/octet-stream")
    r = fr.post(url, {"file": good, "caption": "Front", "in_public_extract": "false"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["content_type"], body["caption"], body["in_public_extract"]) == ("image/png", "Front", False)
    image = fr.get(body["url"])
    assert image.status_code == 200 and image.content == placeholder_png()
    de = signed_in_client(net.users["DE-officer"])
    assert de.get(body["url"]).status_code == 404  # a draft is the bureau's own
    assert de.post(url, {"file": SimpleUploadedFile("y.png", placeholder_png())}).status_code == 404
    stored = NoticeImage.objects.get()
    assert (
        stored.sha256 and stored.file.name.startswith("notices/") and not stored.file.name.endswith("x.bin")
    )


@pytest.mark.django_db
def test_notifications_api(net: Network) -> None:
    published(net)
    de = signed_in_client(net.users["DE-officer"])
    [n] = de.get("/api/notices/notifications?unread=true").json()
    assert n["kind"] == "published" and n["read_at"] is None and n["message"]
    assert _post(de, f"/api/notices/notifications/{n['id']}/read").json() == {"marked": 1}
    assert de.get("/api/notices/notifications?unread=true").json() == []
    it = signed_in_client(net.users["IT-officer"])
    assert _post(it, f"/api/notices/notifications/{n['id']}/read").status_code == 404  # DE's, not IT's
    assert _post(it, "/api/notices/notifications/read-all").json() == {"marked": 1}
    assert signed_in_client(net.users["IT-unit-full"]).get("/api/notices/notifications").status_code == 403
    gs = signed_in_client(net.users["gs-reviewer"])
    assert [x["kind"] for x in gs.get("/api/notices/notifications").json()] == ["new_request"]


@pytest.mark.django_db
def test_diffusions_through_the_api(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    body = {k: v for k, v in content(RED).items() if k not in ("restriction", "listed_countries")}
    assert _post(fr, "/api/notices/diffusions", body).status_code == 422  # no recipients
    r = _post(fr, "/api/notices/diffusions", {**body, "recipients": ["DE", "IT"]})
    assert r.status_code == 201, r.content
    d = r.json()
    assert (d["channel"], d["state"], d["listed_countries"]) == ("diffusion", "circulated", ["DE", "IT"])
    gs = signed_in_client(net.users["gs-reviewer"])
    assert _post(gs, f"/api/notices/{d['id']}/confirm").json()["reviewed_at"] is not None
    assert _post(gs, f"/api/notices/{d['id']}/confirm").status_code == 409
    assert gs.get("/api/notices/queue").json() == []
    un = _post(
        signed_in_client(net.users["gs-reviewer"]), "/api/notices/diffusions", {**body, "to_all": True}
    )
    assert un.status_code == 403  # the secretariat does not send diffusions


@pytest.mark.django_db
def test_article3_terms_api(net: Network) -> None:
    gs = signed_in_client(net.users["gs-reviewer"])
    terms = gs.get("/api/notices/article3-terms?language=ar").json()
    assert terms and {t["language"] for t in terms} == {"ar"}
    r = _post(
        gs,
        "/api/notices/article3-terms",
        {"term": "نشر أخبار كاذبة", "language": "ar", "category": "political"},
    )
    assert r.status_code == 201
    again = _post(
        gs,
        "/api/notices/article3-terms",
        {"term": "نشر  أخبار كاذبة", "language": "ar", "category": "political"},
    )
    assert again.status_code == 422
    r = _patch(gs, f"/api/notices/article3-terms/{r.json()['id']}", {"active": False})
    assert r.json()["active"] is False and r.json()["updated_by"] == "gs-reviewer"
    fr = signed_in_client(net.users["FR-officer"])
    assert fr.get("/api/notices/article3-terms").status_code == 403


@pytest.mark.django_db
def test_tokens_need_the_write_scope_to_act(net: Network) -> None:
    user = net.users["FR-officer"]
    admin = net.actor("FR-admin")
    _, read_only = issue_token(admin, user, name="r", scopes=["records:read"])
    _, writer = issue_token(admin, user, name="w", scopes=["records:read", "records:write"])
    client = Client()
    ro = _post(client, "/api/notices/", content(RED), HTTP_AUTHORIZATION=f"Bearer {read_only}")
    assert ro.status_code == 403
    rw = _post(client, "/api/notices/", content(RED), HTTP_AUTHORIZATION=f"Bearer {writer}")
    assert rw.status_code == 201
    listing = client.get("/api/notices/", HTTP_AUTHORIZATION=f"Bearer {read_only}")
    assert [i["id"] for i in listing.json()["items"]] == [rw.json()["id"]]


@pytest.mark.django_db
def test_numbers_past_the_databases_integers_answer_422(net: Network) -> None:
    notice = draft(net)
    fr = signed_in_client(net.users["FR-officer"])
    url = f"/api/notices/{notice.pk}"
    for kind in ("persons", "documents", "vehicles", "firearms"):
        for huge in (2**63, 10**30):
            r = _patch(fr, url, {"version": notice.version, "links": {kind: [huge]}})
            assert r.status_code == 422 and r.json()["field"] == f"links.{kind}.0", r.content
    for query in ("offset=99999999999999999999", "limit=99999999999999999999"):
        r = fr.get(f"/api/notices/?{query}")
        assert r.status_code == 422 and r.json()["field"] == query.split("=")[0], r.content
    assert fr.get("/notices/?page=99999999999999999999").status_code == 422
    assert Notice.objects.get(pk=notice.pk).version == notice.version
