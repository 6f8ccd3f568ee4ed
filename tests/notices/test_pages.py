"""The notice pages: a form per kind, the notice page (printable), the queue, notifications,
the Article 3 list, search; all behind the same services, CSRF-protected, no inline code."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from polnet.notices.kinds import SPECS
from polnet.notices.models import Article3Term, Notice
from polnet.notices.states import State
from tests.factories import Network, signed_in_client
from tests.notices.helpers import YELLOW, draft, published, review, submit

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def _ok(client: Client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    html = r.content.decode()
    assert not INLINE.search(html), f"inline script or style in {url}"
    return html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [k for k, s in SPECS.items() if not s.by_secretariat])
def test_a_request_form_per_kind(net: Network, kind: str) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    html = _ok(fr, f"/notices/new/{kind}/")
    assert 'name="csrfmiddlewaretoken"' in html and 'name="facts"' in html
    assert ('name="w_charge"' in html) == (kind == "red")
    assert ('name="d_disappearance_date"' in html) == (kind == "yellow")
    assert ('name="asset1_description"' in html) == (kind == "silver")
    diffusion = _ok(fr, f"/notices/new/{kind}/?channel=diffusion")
    # Recipients are picked among the other member countries, by name.
    assert 'type="checkbox" name="recipients" value="DE"' in diffusion
    assert 'name="recipients" value="FR"' not in diffusion


@pytest.mark.django_db
def test_requesting_a_red_notice_through_the_form(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    form = {
        "language": "fr",
        "facts": "Vol à main armée d'une bijouterie.",
        "name1_given": "Viktor",
        "name1_family": "Petrenko",
        "name1_script": "Latn",
        "name2_given": "Виктор",
        "name2_family": "Петренко",
        "name2_script": "Cyrl",
        "date_of_birth": "1981-04-17",
        "sex": "M",
        "nationalities": "UA, ua",
        "w_decision": "warrant",
        "w_issuing_country": "fr",
        "w_charge": "Vol à main armée",
        "w_charge_translation": "Armed robbery",
        "w_charge_translation_language": "en",
        "w_law": "Code pénal, art. 311-8",
        "w_max_penalty_months": "240",
        "restriction": "all",
    }
    r = fr.post("/notices/new/red/", form)
    assert r.status_code == 302, r.content.decode()[:2000]
    notice = Notice.objects.get()
    assert r["Location"] == f"/notices/{notice.pk}/"
    assert [n.family for n in notice.names.all()] == ["Petrenko", "Петренко"]
    w = notice.warrants.get()
    assert (w.issuing_country_id, w.charge_translation, w.max_penalty_months) == ("FR", "Armed robbery", 240)
    page = _ok(fr, f"/notices/{notice.pk}/")
    assert "Vol à main armée" in page and 'value="submit"' in page
    assert "notices/print.css" in page or "notices/notices.css" in page
    assert fr.post(f"/notices/{notice.pk}/act/", {"act": "submit"}).status_code == 302
    notice.refresh_from_db()
    assert notice.state == State.REQUESTED


@pytest.mark.django_db
def test_form_errors_stay_on_the_form(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    r = fr.post(
        "/notices/new/red/",
        {
            "language": "en",
            "sex": "M",
            "date_of_birth": "1981-02-30",
            "restriction": "all",
            "w_decision": "warrant",
        },
    )
    assert r.status_code == 422 and "date_of_birth" in r.content.decode()
    assert r.context["form"].errors["date_of_birth"] == ["This date does not exist."]
    r = fr.post(
        "/notices/new/red/", {"language": "en", "sex": "M", "nationalities": "QQ", "restriction": "all"}
    )
    assert r.status_code == 422 and "nationalities" in r.content.decode()
    assert Notice.objects.count() == 0
    assert signed_in_client(net.users["FR-unit-writer"]).get("/notices/new/red/").status_code == 403
    assert signed_in_client(net.users["FR-officer"]).get("/notices/new/un/").status_code == 403


@pytest.mark.django_db
def test_the_schemas_refusals_land_on_their_fields_in_the_readers_language(net: Network) -> None:
    """Not pydantic's English on top of the form: each message is translated and on its field,
    a name row's on the row the officer filled, a warrant's on the warrant field."""
    fr = signed_in_client(net.users["FR-officer"])
    fr.cookies["django_language"] = "fr"
    form = {
        "language": "en",
        "sex": "M",
        "restriction": "all",
        "languages_spoken": "EN",
        "name2_family": "Petrenko",
        "name2_script": "Latn",
        "w_decision": "warrant",
        "w_issuing_country": "FR",
        "w_charge": "Robbery",
        "w_law": "L" * 2001,  # the form sets no bound; the schema does
        "date_of_birth": "1981-02-30",
    }
    r = fr.post("/notices/new/red/", form)
    assert r.status_code == 422 and Notice.objects.count() == 0
    errors = r.context["form"].errors
    assert errors["languages_spoken"] == [
        "Utilisez des codes de langue à trois lettres, p. ex. ENG, FRE, ARA."
    ]
    assert errors["date_of_birth"] == ["Cette date n'existe pas."]
    assert errors["w_law"] == ["C'est trop long (au plus 2000)."] and "__all__" not in errors
    diffusion = {"channel": "diffusion", "language": "en", "sex": "F", "name1_family": "Martin"}
    r = fr.post("/notices/new/yellow/", diffusion)
    assert r.status_code == 422
    assert r.context["form"].errors["recipients"] == [
        "Nommez les pays destinataires, ou envoyez à tous les membres : l'un des deux."
    ]


@pytest.mark.django_db
def test_sending_a_diffusion_through_the_form(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    form = {
        "channel": "diffusion",
        "language": "en",
        "facts": "Missing child.",
        "sex": "F",
        "recipients": "DE",
    }
    form |= {"name1_given": "Léa", "name1_family": "Martin", "d_disappearance_place": "Lille"}
    r = fr.post("/notices/new/yellow/", form)
    assert r.status_code == 302, r.content.decode()[:2000]
    diffusion = Notice.objects.get()
    assert (diffusion.channel, diffusion.state) == ("diffusion", State.CIRCULATED)
    assert signed_in_client(net.users["DE-officer"]).get(f"/notices/{diffusion.pk}/").status_code == 200
    assert signed_in_client(net.users["IT-officer"]).get(f"/notices/{diffusion.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_reviewer_decides_from_the_queue_and_the_notice_page(net: Network) -> None:
    notice = submit(net, draft(net, facts="Insulting the head of state."))
    gs = signed_in_client(net.users["gs-reviewer"])
    queue = _ok(gs, "/notices/review/")
    assert notice.reference in queue and "Article 3" in queue
    assert 'value="start_review"' in queue  # the decision form is in the queue itself
    r = gs.post(f"/notices/{notice.pk}/act/", {"act": "start_review", "next": "/notices/review/"})
    assert r.status_code == 302 and r["Location"] == "/notices/review/"
    assert 'value="publish"' in _ok(gs, "/notices/review/")
    page = _ok(gs, f"/notices/{notice.pk}/")
    assert 'value="publish"' in page and 'value="refuse"' in page and 'value="request_info"' in page
    r = gs.post(f"/notices/{notice.pk}/act/", {"act": "refuse", "reason": ""})
    assert r.status_code == 422  # the reason is required: the error page says so
    gs.post(f"/notices/{notice.pk}/act/", {"act": "refuse", "reason": "Political offence."})
    notice.refresh_from_db()
    assert notice.state == State.REFUSED
    history = _ok(signed_in_client(net.users["FR-officer"]), f"/notices/{notice.pk}/")
    assert "Political offence." in history


@pytest.mark.django_db
def test_editing_a_request_sent_back(net: Network) -> None:
    from polnet.notices.states import Act
    from tests.notices.helpers import act

    notice = review(net, submit(net, draft(net)))
    act(net.actor("gs-reviewer"), notice, Act.REQUEST_INFO, reason="Add the place of birth.")
    fr = signed_in_client(net.users["FR-officer"])
    html = _ok(fr, f"/notices/{notice.pk}/edit/")
    assert 'value="Petrenko"' in html
    form = {
        "version": "1",
        "language": "en",
        "facts": "Robbed a jewellery shop.",
        "name1_given": "Viktor",
        "name1_family": "Petrenko",
        "sex": "M",
        "date_of_birth": "1981-04-17",
        "place_of_birth": "Kharkiv",
        "w_decision": "warrant",
        "w_issuing_country": "FR",
        "w_charge": "Armed robbery",
        "w_law": "Code pénal",
        "w_max_penalty_months": "240",
        "restriction": "all",
    }
    assert fr.post(f"/notices/{notice.pk}/edit/", form).status_code == 302
    notice.refresh_from_db()
    assert notice.place_of_birth == "Kharkiv" and notice.version == 2
    assert signed_in_client(net.users["DE-officer"]).get(f"/notices/{notice.pk}/edit/").status_code == 404


@pytest.mark.django_db
def test_images_on_the_page(net: Network) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from polnet.notices.images import placeholder_png

    notice = draft(net)
    fr = signed_in_client(net.users["FR-officer"])
    upload = SimpleUploadedFile("p.png", placeholder_png(), content_type="image/png")
    r = fr.post(
        f"/notices/{notice.pk}/images/", {"file": upload, "caption": "Front", "in_public_extract": "on"}
    )
    assert r.status_code == 302
    image = notice.images.get()
    assert fr.get(f"/notices/{notice.pk}/images/{image.pk}/").content == placeholder_png()
    assert f"/notices/{notice.pk}/images/{image.pk}/" in _ok(fr, f"/notices/{notice.pk}/")


@pytest.mark.django_db
def test_search_notifications_and_terms_pages(net: Network) -> None:
    published(net)
    published(net, base=YELLOW)
    de = signed_in_client(net.users["DE-officer"])
    assert "Petrenko" in _ok(de, "/notices/?q=Petrenko") and "Martin" not in _ok(de, "/notices/?q=Petrenko")
    assert "Martin" in _ok(de, "/notices/?kind=yellow")
    partial = de.get("/notices/?q=Martin", HTTP_HX_REQUEST="true").content.decode()
    assert "Martin" in partial and "<html" not in partial
    html = _ok(de, "/notices/notifications/")
    assert html.count('name="id"') == 2
    assert de.post("/notices/notifications/", {}).status_code == 302
    assert 'name="id"' not in _ok(de, "/notices/notifications/")
    gs = signed_in_client(net.users["gs-reviewer"])
    assert "التجديف" in _ok(gs, "/notices/article3/")
    r = gs.post(
        "/notices/article3/", {"form": "add", "term": "sorcier*", "language": "fr", "category": "religious"}
    )
    assert r.status_code == 302 and Article3Term.objects.filter(term="sorcier*").exists()
    term = Article3Term.objects.get(term="sorcier*")
    gs.post("/notices/article3/", {"form": "toggle", "id": term.pk})
    term.refresh_from_db()
    assert term.active is False
    assert de.get("/notices/article3/").status_code == 403


@pytest.mark.django_db
def test_pages_need_a_signed_in_user_and_csrf(net: Network) -> None:
    notice = draft(net)
    anonymous = Client()
    for url in ("/notices/", "/notices/new/", "/notices/review/", f"/notices/{notice.pk}/"):
        r = anonymous.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/login/")
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = signed_in_client(net.users["FR-officer"]).cookies
    assert strict.post(f"/notices/{notice.pk}/act/", {"act": "submit"}).status_code == 403
    notice.refresh_from_db()
    assert notice.state == State.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "word"),
    [("fr", "Demander une notice"), ("es", "Solicitar una notificación"), ("ar", "طلب نشرة")],
)
def test_pages_speak_the_four_languages(net: Network, language: str, word: str) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    html = fr.get("/notices/new/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert word in html


@pytest.mark.django_db
def test_the_notice_page_prints(net: Network) -> None:
    notice = published(net, review_date=timezone.localdate() + timedelta(days=400))
    html = _ok(signed_in_client(net.users["DE-officer"]), f"/notices/{notice.pk}/")
    assert "notices/notices.css" in html and "print-button" in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("notices/notices.css")).read()  # noqa: SIM115
    assert "@media print" in css


@pytest.mark.django_db
def test_the_notice_page_names_countries_scripts_and_people_in_the_readers_language(net: Network) -> None:
    """No raw codes on the page: "Source: Brazil" in English only, "(bureau:FR)", "Arab",
    "person #12" were shown as is on Arabic pages."""
    from tests.factories import make_record

    rec = make_record(net.actor("FR-officer"), "person")
    notice = submit(
        net,
        draft(
            net,
            names=[{"given": "محمد", "family": "علي", "script": "Arab"}],
            restriction="only_listed",
            listed_countries=["DE"],
            links={"persons": [rec.pk]},
        ),
    )
    fr = signed_in_client(net.users["FR-officer"])
    fr.cookies["django_language"] = "ar"
    html = fr.get(f"/notices/{notice.pk}/").content.decode()
    for raw in ("bureau:FR", "(bureau", ">Arab<", f"person #{rec.pk}", ">France<", "Germany"):
        assert raw not in html, raw
    for shown in ("فرنسا", "ألمانيا", "العربية", 'dir="auto"', "<bdi>"):
        assert shown in html, shown
    fr.cookies["django_language"] = "en"
    html = fr.get(f"/notices/{notice.pk}/").content.decode()
    assert "Source: France" in html and "National Central Bureau · France" in html
    assert f"Person {rec.pk}: " in html and ">Arabic<" in html and "Only Germany" in html
