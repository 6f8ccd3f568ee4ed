"""The public notice web service: the contract its existing clients rely on, and the promise
that nothing which was not approved for public view ever appears there."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.utils import timezone

from polnet.notices import images, services, workflow
from polnet.notices.images import placeholder_png
from polnet.notices.kinds import NoticeKind
from polnet.notices.models import ExtractStatus, Notice
from polnet.notices.states import Act, Channel, State
from tests.factories import Network
from tests.notices.helpers import RED, YELLOW, act, content, draft, published, review, submit

ENTITY = re.compile(r"^\d{4}/\d{5}$")
SLASH_DATE = re.compile(r"^\d{4}(/\d{2}(/\d{2})?)?$")
LIST_ITEM = {"forename", "date_of_birth", "entity_id", "nationalities", "name", "_links"}
RED_DETAIL = LIST_ITEM | {
    "arrest_warrants",
    "sex_id",
    "height",
    "weight",
    "eyes_colors_id",
    "hairs_id",
    "distinguishing_marks",
    "languages_spoken_ids",
    "place_of_birth",
    "country_of_birth_id",
    "_embedded",
}


def public_red(net: Network, **changes: Any) -> Notice:
    notice = published(net, **changes)
    workflow.request_extract(net.actor("FR-officer"), notice.pk)
    return workflow.decide_extract(net.actor("gs-reviewer"), notice.pk, approve=True)


@pytest.mark.django_db
def test_red_list_and_detail_contract(net: Network) -> None:
    notice = draft(
        net,
        height_cm=182,
        weight_kg=80,
        eye_colours=["BRO"],
        hair_colours=["BLA"],
        languages_spoken=["eng", "ukr"],
        place_of_birth="Kharkiv",
        country_of_birth="UA",
        distinguishing_marks="Scar on the chin",
    )
    images.add_image(net.actor("FR-officer"), notice.pk, placeholder_png(), caption="front")
    submit(net, notice)
    review(net, notice)
    workflow.publish(net.actor("gs-reviewer"), notice.pk)
    workflow.request_extract(net.actor("FR-officer"), notice.pk)
    workflow.decide_extract(net.actor("gs-reviewer"), notice.pk, approve=True)
    notice.refresh_from_db()

    client = Client()
    body = client.get("/notices/v1/red").json()
    assert set(body) == {"total", "query", "_embedded", "_links"}
    assert body["total"] == 1 and body["query"] == {"page": 1, "resultPerPage": 20}
    [item] = body["_embedded"]["notices"]
    assert set(item) == LIST_ITEM
    assert item == {
        "forename": "Viktor",
        "name": "Petrenko",
        "date_of_birth": "1981/04/17",
        "entity_id": notice.entity_id,
        "nationalities": ["UA"],
        "_links": item["_links"],
    }
    assert ENTITY.match(item["entity_id"])
    url_id = item["entity_id"].replace("/", "-")
    assert item["_links"]["self"]["href"] == f"http://testserver/notices/v1/red/{url_id}"
    assert item["_links"]["images"]["href"] == f"http://testserver/notices/v1/red/{url_id}/images"
    assert item["_links"]["thumbnail"]["href"].startswith(
        f"http://testserver/notices/v1/red/{url_id}/images/"
    )

    detail = client.get(f"/notices/v1/red/{url_id}").json()
    assert set(detail) == RED_DETAIL
    assert detail["arrest_warrants"] == [
        {"issuing_country_id": "FR", "charge": "Armed robbery", "charge_translation": None}
    ]
    assert (detail["sex_id"], detail["height"], detail["weight"]) == ("M", 1.82, 80)
    assert (detail["eyes_colors_id"], detail["hairs_id"]) == (["BRO"], ["BLA"])
    assert detail["languages_spoken_ids"] == ["ENG", "UKR"]
    assert (detail["place_of_birth"], detail["country_of_birth_id"]) == ("Kharkiv", "UA")
    assert detail["_embedded"] == {"links": []} and detail["_links"]["self"] == item["_links"]["self"]

    pictures = client.get(f"/notices/v1/red/{url_id}/images").json()
    [picture] = pictures["_embedded"]["images"]
    assert set(picture) == {"picture_id", "_links"} and isinstance(picture["picture_id"], str)
    assert pictures["_links"]["notice"]["href"].endswith(f"/notices/v1/red/{url_id}")
    image = client.get(urlparse(picture["_links"]["self"]["href"]).path)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")


@pytest.mark.django_db
def test_yellow_and_un_fields(net: Network) -> None:
    yellow = published(net, base=YELLOW)
    workflow.request_extract(net.actor("FR-officer"), yellow.pk)
    workflow.decide_extract(net.actor("gs-reviewer"), yellow.pk, approve=True)
    gs = net.actor("gs-reviewer")
    un = services.create_notice(
        gs,
        {
            "kind": "un",
            "names": [{"given": "Tariq", "family": "Al-Masri"}],
            "date_of_birth": "1970",
            "details": {"un_reference": "QDi.901", "listed_on": "2020-05-06"},
        },
    )
    for step in (Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH):
        act(gs, un, step)
    client = Client()
    [y] = client.get("/notices/v1/yellow").json()["_embedded"]["notices"]
    assert y["date_of_birth"] == "2009/02"
    detail = client.get(urlparse(y["_links"]["self"]["href"]).path).json()
    assert (detail["date_of_event"], detail["place"], detail["country"]) == ("2025/11/03", "Lille", "FR")
    assert "arrest_warrants" not in detail
    [u] = client.get("/notices/v1/un").json()["_embedded"]["notices"]
    assert (u["forename"], u["name"], u["date_of_birth"]) == ("Tariq", "Al-Masri", "1970")
    detail = client.get(urlparse(u["_links"]["self"]["href"]).path).json()
    assert (detail["un_reference"], detail["un_reference_date"]) == ("QDi.901", "2020/05/06")
    assert "thumbnail" not in u["_links"]  # no image, no thumbnail


@pytest.mark.django_db
def test_paging_links_and_query_echo(net: Network) -> None:
    made = [public_red(net, names=[{"given": f"G{i}", "family": "Petrenko"}]) for i in range(7)]
    client = Client()
    body = client.get("/notices/v1/red?resultPerPage=3&page=2&name=petrenko").json()
    assert body["total"] == 7
    assert body["query"] == {"page": 2, "resultPerPage": 3, "name": "petrenko"}
    newest_first = [n.entity_id for n in reversed(made)]
    assert [i["entity_id"] for i in body["_embedded"]["notices"]] == newest_first[3:6]
    links = {k: parse_qs(urlparse(v["href"]).query) for k, v in body["_links"].items()}
    assert set(links) == {"self", "first", "next", "last"}
    assert (links["self"]["page"], links["first"]["page"], links["next"]["page"], links["last"]["page"]) == (
        ["2"],
        ["1"],
        ["3"],
        ["3"],
    )
    assert all(q["resultPerPage"] == ["3"] and q["name"] == ["petrenko"] for q in links.values())
    last = client.get("/notices/v1/red?resultPerPage=3&page=3").json()
    assert len(last["_embedded"]["notices"]) == 1 and "next" not in last["_links"]
    beyond = client.get("/notices/v1/red?resultPerPage=3&page=9").json()
    assert beyond["_embedded"]["notices"] == [] and beyond["total"] == 7
    assert len(client.get("/notices/v1/red?resultPerPage=160").json()["_embedded"]["notices"]) == 7
    for bad in (
        "resultPerPage=161",
        "resultPerPage=0",
        "page=0",
        "page=x",
        "ageMin=abc",
        "sexId=Q",
        "nationality=QQ",
    ):
        r = client.get(f"/notices/v1/red?{bad}")
        assert r.status_code == 400, bad
        assert r.json()["code"] == 400


@pytest.mark.django_db
def test_search_parameters(net: Network) -> None:
    today = timezone.localdate()
    young = public_red(
        net,
        names=[{"given": "Ana", "family": "Lopez"}],
        sex="F",
        nationalities=["ES"],
        date_of_birth=str(today.replace(year=today.year - 25)),
        warrants=[{**RED["warrants"][0], "issuing_country": "DE", "charge": "Money laundering"}],
    )
    old = public_red(net, date_of_birth=f"{today.year - 60}")
    client = Client()

    def ids(query: str) -> list[str]:
        return [i["entity_id"] for i in client.get(f"/notices/v1/red?{query}").json()["_embedded"]["notices"]]

    assert ids("forename=ana") == [young.entity_id]
    assert ids("name=PETRENKO") == [old.entity_id]
    assert ids("sexId=F") == [young.entity_id]
    assert ids("nationality=ES") == [young.entity_id]
    assert ids("nationality=ESP") == [young.entity_id]
    assert ids("arrestWarrantCountryId=DE") == [young.entity_id]
    assert ids("freeText=laundering") == [young.entity_id]
    assert ids("ageMin=25&ageMax=25") == [young.entity_id]
    assert ids("ageMin=26") == [old.entity_id]
    assert ids("ageMax=24") == []
    assert ids("ageMin=59&ageMax=61") == [old.entity_id]
    # free text never searches what is not public: the facts are internal
    assert ids("freeText=jewellery") == []
    yellow = published(net, base=YELLOW, warrants=[{**RED["warrants"][0], "charge": "Hidden charge"}])
    workflow.request_extract(net.actor("FR-officer"), yellow.pk)
    workflow.decide_extract(net.actor("gs-reviewer"), yellow.pk, approve=True)
    found = client.get("/notices/v1/yellow?freeText=hidden").json()
    assert found["total"] == 0  # a Yellow extract shows no charge, so none is searched


def _combinations() -> list[dict[str, Any]]:
    """Every kind x state x extract status (open to all, as a notice), and for the approved
    published public kinds every restriction, bureau-only and channel."""
    open_notice = {"restriction": "all", "bureau_only": False, "channel": Channel.NOTICE}
    out = [
        {"kind": k, "state": s, "extract": e, **open_notice}
        for k, s, e in itertools.product(list(NoticeKind), list(State), list(ExtractStatus))
    ]
    for kind, restriction, bureau_only, channel in itertools.product(
        ("red", "yellow", "un"), ("all", "only_listed", "all_except"), (False, True), list(Channel)
    ):
        if (restriction, bureau_only, channel) != ("all", False, Channel.NOTICE):
            out.append(
                {
                    "kind": kind,
                    "state": State.PUBLISHED,
                    "extract": ExtractStatus.APPROVED,
                    "restriction": restriction,
                    "bureau_only": bureau_only,
                    "channel": channel,
                }
            )
    return out


@pytest.mark.django_db
def test_nothing_unapproved_is_ever_public(net: Network) -> None:
    """Every combination of kind, state, extract, restriction and channel; only the approved
    extracts of published, unrestricted Red, Yellow and UN notices may show."""
    owner = net.users["FR-officer"]
    review_date = timezone.localdate() + timedelta(days=30)
    allowed: dict[str, set[str]] = {"red": set(), "yellow": set(), "un": set()}
    everything: set[str] = set()
    notices = []
    for n, c in enumerate(_combinations(), start=1):
        notices.append(
            Notice(
                kind=c["kind"],
                state=c["state"],
                extract_status=c["extract"],
                restriction=c["restriction"],
                bureau_only=c["bureau_only"],
                channel=c["channel"],
                owner_country_id="FR",
                created_by=owner,
                review_date=review_date,
                entity_year=2026,
                entity_number=n,
                facts="SECRET-FACTS",
            )
        )
        entity = f"2026/{n:05d}"
        everything.add(entity)
        if (
            c["kind"] in ("red", "yellow", "un")
            and c["state"] == State.PUBLISHED
            and c["extract"] == ExtractStatus.APPROVED
            and c["restriction"] == "all"
            and not c["bureau_only"]
            and c["channel"] == Channel.NOTICE
        ):
            allowed[c["kind"]].add(entity)
    Notice.objects.bulk_create(notices)
    client = Client()
    for kind in ("red", "yellow", "un"):
        seen: set[str] = set()
        page = 1
        while True:
            body = client.get(f"/notices/v1/{kind}?resultPerPage=160&page={page}").json()
            seen |= {i["entity_id"] for i in body["_embedded"]["notices"]}
            if "next" not in body["_links"]:
                break
            page += 1
        assert seen == allowed[kind], kind
        assert len(allowed[kind]) == 1
        for entity in everything:
            status = client.get(f"/notices/v1/{kind}/{entity.replace('/', '-')}").status_code
            assert status == (200 if entity in allowed[kind] else 404), (kind, entity)
        html = client.get(f"/notices/public/?kind={kind}").content.decode()
        assert "SECRET-FACTS" not in html
    assert sum(len(v) for v in allowed.values()) == 3


@pytest.mark.django_db
def test_an_extract_leaves_as_soon_as_it_is_no_longer_approved(net: Network) -> None:
    notice = public_red(net)
    client = Client()
    path = f"/notices/v1/red/{notice.entity_id.replace('/', '-')}"
    assert client.get(path).status_code == 200
    act(net.actor("FR-officer"), notice, Act.SUSPEND, until=timezone.localdate() + timedelta(days=30))
    assert client.get(path).status_code == 404
    act(net.actor("FR-officer"), notice, Act.RESUME)
    assert client.get(path).status_code == 200
    workflow.withdraw_extract(net.actor("FR-officer"), notice.pk)
    assert client.get(path).status_code == 404
    assert client.get("/notices/v1/red").json()["total"] == 0


@pytest.mark.django_db
def test_extracts_need_approval_and_are_for_red_yellow_and_un_only(net: Network) -> None:
    from polnet.core.errors import Conflict, InvalidInput

    pending = draft(net)
    workflow.request_extract(net.actor("FR-officer"), pending.pk)
    submit(net, pending)
    with pytest.raises(Conflict):  # not before publication
        workflow.decide_extract(net.actor("gs-reviewer"), pending.pk, approve=True)
    restricted = published(net, restriction="only_listed", listed_countries=["DE"])
    with pytest.raises(InvalidInput):
        workflow.request_extract(net.actor("FR-officer"), restricted.pk)
    blue = draft(net, base=content(RED, kind="blue", warrants=[]))
    with pytest.raises(InvalidInput):
        workflow.request_extract(net.actor("FR-officer"), blue.pk)
    review(net, pending)
    workflow.publish(net.actor("gs-reviewer"), pending.pk, approve_extract=True)
    assert Client().get("/notices/v1/red").json()["total"] == 1


@pytest.mark.django_db
def test_images_are_public_only_when_marked_and_approved(net: Network) -> None:
    notice = draft(net)
    shown = images.add_image(net.actor("FR-officer"), notice.pk, placeholder_png(), in_public_extract=True)
    kept = images.add_image(
        net.actor("FR-officer"), notice.pk, placeholder_png(shade=30), in_public_extract=False
    )
    submit(net, notice)
    review(net, notice)
    workflow.publish(net.actor("gs-reviewer"), notice.pk)
    client = Client()
    base = f"/notices/v1/red/{Notice.objects.get(pk=notice.pk).entity_id.replace('/', '-')}"
    assert client.get(f"{base}/images/{shown.pk}").status_code == 404  # published, extract not approved
    workflow.request_extract(net.actor("FR-officer"), notice.pk)
    workflow.decide_extract(net.actor("gs-reviewer"), notice.pk, approve=True)
    assert client.get(f"{base}/images/{shown.pk}").status_code == 200
    assert client.get(f"{base}/images/{kept.pk}").status_code == 404
    ids = [p["picture_id"] for p in client.get(f"{base}/images").json()["_embedded"]["images"]]
    assert ids == [str(shown.pk)]


@pytest.mark.django_db
def test_the_public_pages_list_search_and_show(net: Network) -> None:
    notice = public_red(net)
    public_red(net, names=[{"given": "Ana", "family": "Lopez"}])
    client = Client()
    page = client.get("/notices/public/?kind=red&name=Petrenko")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Petrenko" in html and "Lopez" not in html
    detail = client.get(f"/notices/public/red/{notice.entity_id.replace('/', '-')}/")
    assert detail.status_code == 200 and "Armed robbery" in detail.content.decode()
    assert "Robbed a jewellery shop" not in detail.content.decode()  # the facts stay internal
    assert client.get("/notices/public/red/2020-00001/").status_code == 404
    assert client.get("/notices/public/?kind=red&page=0").status_code == 400


PUBLIC_PATHS = {"/notices/public/", "/notices/v1/red", "/notices/v1/yellow", "/notices/v1/un"}


@pytest.mark.django_db
def test_only_the_public_paths_answer_anonymous_callers(net: Network) -> None:
    from django.urls import URLPattern

    from polnet.notices import urls

    notice = draft(net)
    answered = {}
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        path = "/" + str(pattern.pattern)
        path = re.sub(r"<int:\w+>", str(notice.pk), path)
        path = re.sub(r"<str:entity>", "2026-00001", path)
        path = re.sub(r"<str:\w+>", "red", path)
        for method in ("get", "post"):
            answered[(method, path)] = getattr(Client(), method)(path).status_code
    open_ones = {
        path for (method, path), status in answered.items() if status not in (302, 401, 403, 404, 405)
    }
    assert open_ones == PUBLIC_PATHS
    assert all(answered[("post", p)] == 405 for p in PUBLIC_PATHS)
