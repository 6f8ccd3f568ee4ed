"""The post's local page (`polnet post serve`) through a real HTTP server on a free port
(`post_server.py`): checks, what a unit may see, its defences, its languages."""

from __future__ import annotations

import html
import json
import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from polnet.network.services import issue_token
from polnet.offline import services
from polnet.offline.models import UploadedHit
from polnet.post.i18n import catalog
from polnet.post.store import Post
from polnet.screening.models import Hit
from tests.factories import Network, make_record
from tests.notices.helpers import act, published
from tests.offline.post_server import Page

pytestmark = pytest.mark.django_db


def test_a_person_check_that_hits_shows_its_local_id_and_queues_it(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    make_record(net.actor("FR-officer"), "person")
    post = post_of("DE-full")
    page = serve(post)
    answer = page.check("person", name="Ivan Ivanov", dob="1974-08-12", location="Lake crossing")
    assert answer.status == 200
    [hit] = post.pending_hits()
    assert hit["kind"] == "person" and hit["location"] == "Lake crossing"
    result = answer.section("result")
    assert hit["id"] in result
    assert "FR" in result  # a full unit sees the owner …
    assert "Owner" in result and "Action asked" in result  # … and the action asked
    assert hit["id"] in answer.section("queue") and "Queued" in answer.section("queue")
    clean = page.check("person", name="Nobody Known", dob="1990-01-01")
    assert "No hit" in clean.section("result") and len(post.pending_hits()) == 1


def test_a_hit_only_units_page_never_shows_the_owner(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    doc = make_record(net.actor("FR-officer"), "document")
    post = post_of("DE-hitonly")
    # Even were the owner and action in the post's folder, a hit / no hit unit's page keeps them back.
    post.db.execute("update details set owner = 'FR', action = 'seize'")
    answer = serve(post).check("document", number=doc.number)
    [hit] = post.pending_hits()
    result = answer.section("result")
    assert answer.status == 200 and "Hit: contact your bureau." in result and hit["id"] in result
    # The record's id as a shown value (">7<"), not as the end of the hit's random id ("…c7<").
    for withheld in ("FR", "Owner", "Seize the object", "Action asked", f">{doc.pk}<"):
        assert withheld not in result, withheld


def test_a_post_without_or_with_a_wrong_token_is_refused_and_queues_nothing(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    doc = make_record(net.actor("FR-officer"), "document")
    post = post_of("DE-full")
    page = serve(post)
    missing = page.post("/check", {"kind": "document", "number": doc.number})
    wrong = page.post("/check", {"csrf": "x" * 43, "kind": "document", "number": doc.number})
    assert missing.status == wrong.status == 403
    assert "did not come from this page" in wrong.body
    foreign = page.post(
        "/check",
        {"csrf": page.csrf(), "kind": "document", "number": doc.number},
        headers={"Origin": "http://evil.example"},
    )
    cross_site = page.post(
        "/check",
        {"csrf": page.csrf(), "kind": "document", "number": doc.number},
        headers={"Origin": "null", "Sec-Fetch-Site": "cross-site"},
    )
    assert foreign.status == cross_site.status == 403
    assert post.pending_hits() == []
    assert page.check("document", number=doc.number).status == 200  # the page's own form passes
    assert len(post.pending_hits()) == 1


def test_a_request_for_another_host_name_is_refused(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    doc = make_record(net.actor("FR-officer"), "document")
    post = post_of("DE-full")
    page = serve(post)
    port = page.host.rsplit(":", 1)[1]
    rebound = {"Host": f"evil.example:{port}"}
    assert page.get(headers=rebound).status == 400
    token = page.csrf()
    answer = page.post("/check", {"csrf": token, "kind": "document", "number": doc.number}, headers=rebound)
    assert answer.status == 400 and f"http://{page.host}/" in answer.body
    assert post.pending_hits() == []
    assert page.get(headers={"Host": f"localhost:{port}"}).status == 200  # the same machine


def test_bad_input_gets_a_400_that_says_what_is_wrong(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    make_record(net.actor("FR-officer"), "person")
    post = post_of("DE-full")
    page = serve(post)
    empty = page.check("person", name="", dob="")
    assert empty.status == 400 and html.escape("Enter the person's name.") in empty.body
    bad_date = page.check("person", name="Ivan Ivanov", dob="1974-13-45")
    assert bad_date.status == 400
    assert "Enter the date of birth as YYYY-MM-DD, YYYY-MM or YYYY." in bad_date.body
    assert 'value="Ivan Ivanov"' in bad_date.body  # the form keeps what was typed
    mrz = page.check("mrz", mrz="P<UTOERIKSSON<<ANNA<MARIA")
    assert mrz.status == 400 and "does not read correctly" in mrz.body
    unknown = page.check("spaceship", serial="1")
    assert unknown.status == 400 and "There is no such check." in unknown.body
    assert "Traceback" not in empty.body + bad_date.body + mrz.body + unknown.body
    assert post.pending_hits() == []


def test_the_page_says_when_its_package_has_expired(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    post = post_of("DE-full")
    page = serve(post)
    assert 'id="expired"' not in page.get().body
    state = post.manifest()
    assert state is not None
    state["expires_at"] = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    post.db.execute("update state set manifest = ?", (json.dumps(state),))
    body = page.get().body
    assert 'id="expired"' in body and "polnet post apply FILE" in body
    doc = make_record(net.actor("FR-officer"), "document")
    warning = html.escape("Warning: this post's package expired")
    assert warning in page.check("document", number=doc.number).section("result")


def test_a_post_with_no_package_says_what_to_do(
    post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    post = post_of("DE-full", apply=False)
    page = serve(post)
    body = page.get().body
    assert 'id="no-package"' in body and 'id="checks"' not in body
    refused = page.post("/check", {"csrf": page.app.csrf, "kind": "document", "number": "X1"})
    assert refused.status == 409 and "holds no package yet" in refused.body


def test_indexes_of_another_engine_version_ask_for_the_full_package_again(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A post upgraded to a polnet whose person index format changed cannot read its indexes:
    it says what to do instead of failing."""
    from polnet.screening.engine.person import store as person_store

    post = post_of("DE-full")
    monkeypatch.setattr(person_store, "FORMAT_VERSION", person_store.FORMAT_VERSION + 1)
    page = serve(Post(post.folder))  # a new process: it reads the indexes from the folder
    refused = page.post("/check", {"csrf": page.app.csrf, "kind": "document", "number": "X1"})
    assert refused.status == 409
    said = "written by another version of polnet: apply your bureau's full package again"
    assert html.escape(said) in refused.body
    french = page.post(
        "/check", {"csrf": page.app.csrf, "kind": "document", "number": "X1"}, {"Cookie": "post_lang=fr"}
    )
    assert "appliquez de nouveau le paquet complet" in french.body


def test_the_page_speaks_arabic_right_to_left_and_remembers_the_choice(
    post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    page = serve(post_of("DE-full"))
    ar = catalog("ar").gettext
    chosen = page.get("/?lang=ar")
    assert '<html lang="ar" dir="rtl">' in chosen.body
    assert ar("Border post checks") != "Border post checks" and ar("Border post checks") in chosen.body
    assert ar("Document number") in chosen.body
    cookie = chosen.headers["Set-Cookie"].split(";")[0]
    assert cookie == "post_lang=ar"
    assert '<html lang="ar" dir="rtl">' in page.get(headers={"Cookie": cookie}).body
    french = page.get(headers={"Accept-Language": "de-DE, fr;q=0.8, en;q=0.5"})
    assert '<html lang="fr" dir="ltr">' in french.body
    assert catalog("fr").gettext("Border post checks") in french.body
    assert page.get("/?lang=xx").status == 400


def test_every_answer_carries_the_security_headers_and_the_stylesheet_is_the_pages_own(
    post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    page = serve(post_of("DE-full"))
    for answer in (page.get(), page.get("/nowhere"), page.post("/check", {}), page.get("/static/post.css")):
        assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["Referrer-Policy"] == "no-referrer"
    css = page.get("/static/post.css")
    assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
    assert "<style" not in page.get().body and "<script" not in page.get().body
    assert page.get("/nowhere").status == 404
    assert page.post("/", {}).status == 405


def test_a_sync_that_cannot_reach_the_server_keeps_the_hits_queued(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    doc = make_record(net.actor("FR-officer"), "document")
    post = post_of("DE-full", server=f"http://127.0.0.1:{closed}")
    without_token = serve(post)
    assert 'id="sync"' not in without_token.get().body and "POLNET_POST_TOKEN" in without_token.get().body
    page = serve(post, token="pn_test")
    page.check("document", number=doc.number)
    assert 'id="sync"' in page.get().body
    answer = page.post("/sync", {"csrf": page.csrf()})
    assert answer.status == 502 and "the hits stay queued" in answer.body
    assert len(post.pending_hits()) == 1


@pytest.mark.django_db(transaction=True)
def test_the_sync_button_uploads_the_queued_hits_to_the_server(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page], live_server: Any
) -> None:
    doc = make_record(net.actor("FR-officer"), "document")
    post = post_of("DE-full", server=live_server.url)
    unit_account = net.users["DE-unit-full"]
    _, token = issue_token(net.actor("DE-admin"), unit_account, name="post", scopes=["screening"])
    page = serve(post, token=token)
    page.check("document", number=doc.number, location="Lake crossing")
    [queued] = post.pending_hits()
    answer = page.post("/sync", {"csrf": page.csrf()})
    assert answer.status == 200
    assert "New hits on the server: 1; already there: 0." in answer.body
    assert post.pending_hits() == [] and "Uploaded" in answer.section("queue")
    hit = Hit.objects.get()
    assert hit.record_id == doc.pk and "Lake crossing" in hit.location
    assert UploadedHit.objects.filter(post_hit_id=queued["id"], hit=hit).exists()


PETRENKO = {"name": "Viktor Petrenko", "dob": "1981-04-17"}  # the subject of the helpers' Red notice


def test_a_full_units_page_names_the_notice_its_person_check_hit(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    notice = published(net)
    post = post_of("DE-full")
    page = serve(post)
    state = page.get().section("state")
    m = post.manifest()
    assert m is not None and "Notices&#x27; version" in state and f"<dd>{m['notice_version']}</dd>" in state
    assert "Subjects of notices: 1" in state
    answer = page.check("person", **PETRENKO)
    result = answer.section("result")
    assert answer.status == 200
    for shown in (notice.reference, "Red notice", "FR", "Arrest (or provisional arrest)"):
        assert html.escape(shown) in result, shown
    [hit] = post.pending_hits()
    assert (hit["kind"], hit["record_id"]) == ("notice", notice.pk) and hit["id"] in result
    assert '<span class="kind">Notice</span>' in answer.section("queue")
    french = page.post(
        "/check", {"csrf": page.csrf(), "kind": "person", **PETRENKO}, {"Cookie": "post_lang=fr"}
    )
    assert "Notice rouge" in french.section("result") and "Version des notices" in french.body


def test_a_hit_only_units_page_does_not_say_its_hit_is_on_a_notice(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    notice = published(net)
    post = post_of("DE-hitonly")
    # Even were the notice's label, owner and action in the post's folder, the page keeps them back.
    post.db.execute("insert into notice_info values (?, ?, 'red', 'notice')", (notice.pk, notice.reference))
    post.db.execute("update details set owner = 'FR', action = 'arrest' where kind = 'notice'")
    answer = serve(post).check("person", **PETRENKO)
    [hit] = post.pending_hits()
    result = answer.section("result")
    assert hit["kind"] == "notice" and "Hit: contact your bureau." in result and hit["id"] in result
    # The notice's id as a shown value (">1<"), not as the end of the hit's random id ("…c1<").
    for withheld in (notice.reference, "Red", "Notice", "FR", "Arrest", "Owner", f">{notice.pk}<"):
        assert withheld not in result, withheld
    queue = answer.section("queue")
    assert '<span class="kind">Person</span>' in queue and "Notice" not in queue


def test_a_notice_of_the_secretariat_and_an_unknown_type_are_named_as_they_can_be() -> None:
    from polnet.post import page as post_page
    from polnet.post.check import LocalResult

    result = LocalResult("person", True, True)
    result.hits = [
        {"hit_id": "a", "kind": "notice", "owner_country": None, "action": "", "notice": None},
        {
            "hit_id": "b",
            "kind": "notice",
            "owner_country": None,
            "action": "arrest",
            "notice": {"reference": "2026/7", "kind": "un", "channel": "notice"},
        },
        {
            "hit_id": "c",
            "kind": "notice",
            "owner_country": "FR",
            "action": "locate",
            "notice": {"reference": "2026/8", "kind": "teal", "channel": "diffusion"},
        },
    ]
    cat = catalog("es")
    view = post_page.View("es", cat, "token", post_page.State(), results=[result])
    body = post_page.home(view)
    assert body.count(cat.gettext("General Secretariat")) == 2  # its own notices' owner
    assert "Notificación especial del Consejo de Seguridad de la ONU" in body
    assert "Difusión teal" in body and "2026/8" in body


def test_the_page_screens_what_the_command_line_applied_beside_it(
    net: Network, post_of: Callable[..., Post], serve: Callable[..., Page]
) -> None:
    notice = published(net)
    post = post_of("DE-full")
    page = serve(post)  # its own connection and indexes, as a running `polnet post serve`
    assert notice.reference in page.check("person", **PETRENKO).section("result")
    m = post.manifest()
    assert m is not None
    act(net.actor("gs-reviewer"), notice, "cancel", reason="Withdrawn by the court")
    doc = make_record(net.actor("FR-officer"), "document")
    admin, unit = net.actor("DE-admin"), net.units["DE-full"].pk
    post.apply(services.build_package(admin, unit, m["version"], m["notice_version"]))  # `polnet post apply`
    assert "No hit" in page.check("person", **PETRENKO).section("result")
    assert "No hit" not in page.check("document", number=doc.number).section("result")
