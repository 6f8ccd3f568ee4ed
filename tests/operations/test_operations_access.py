import pytest

from polnet.core.errors import Conflict, NotFound
from polnet.operations import policy
from polnet.operations.models import Phase
from polnet.operations.plan import services
from polnet.operations.plan.targets import add_target, visible_targets
from tests.factories import Network, make_record
from tests.operations.helpers import observe, plan


@pytest.mark.parametrize(
    "user",
    [
        "IT-officer",
        "IT-admin",
        "gs-sysadmin",
        "partner-member",
        "FR-unit-full",
        "DE-unit-hitonly",
        "gs-reviewer",
    ],
)
def test_outsiders_do_not_learn_it_exists(net: Network, user: str) -> None:
    op = plan(net)  # FR coordinates; DE takes part with DE-full and DE-docsonly; no observer
    with pytest.raises(NotFound):
        services.get_operation(net.actor(user), op.pk)
    assert not policy.visible_operations(net.actor(user)).exists()


@pytest.mark.parametrize(
    "user", ["FR-officer", "FR-analyst", "DE-officer", "DE-analyst", "DE-unit-full", "DE-unit-docsonly"]
)
def test_participants_see_it(net: Network, user: str) -> None:
    op = plan(net)
    assert services.get_operation(net.actor(user), op.pk) == op
    assert list(policy.visible_operations(net.actor(user))) == [op]


def test_observers_read_the_plan_and_no_target(net: Network) -> None:
    op = plan(net)
    add_target(net.actor("FR-officer"), op, kind="vessel", identifier="IMO 9074729", action="seize")
    observe(net, op)
    partner = net.actor("partner-member")
    assert services.get_operation(partner, op.pk) == op
    assert not policy.reads_personal_data(partner, op)
    assert not visible_targets(partner, op).exists()


def test_a_post_sees_only_targets_of_its_databases(net: Network) -> None:
    op = plan(net)
    fr = net.actor("FR-officer")
    person = add_target(fr, op, kind="person", record_id=make_record(fr, "person").pk, action="arrest")
    doc = add_target(fr, op, kind="document", record_id=make_record(fr, "document").pk, action="seize")
    box = add_target(fr, op, kind="container", identifier="CSQU3054383", action="seize")
    assert set(visible_targets(net.actor("DE-unit-docsonly"), op)) == {doc, box}
    assert set(visible_targets(net.actor("DE-unit-full"), op)) == {person, doc, box}
    assert set(visible_targets(net.actor("DE-analyst"), op)) == {person, doc, box}


def test_phases_forward_only(net: Network) -> None:
    op = plan(net)
    services.move_phase(net.actor("FR-officer"), op, Phase.CLOSING)
    with pytest.raises(Conflict):
        services.move_phase(net.actor("FR-officer"), op, Phase.ACTIVE)
    op.refresh_from_db()
    assert op.phase == Phase.CLOSING


def _hrefs(net: Network, user: str) -> list[str]:
    from polnet.portal.navigation import nav_for

    return [item.href for item in nav_for(net.actor(user), "/")]


@pytest.mark.parametrize(
    "user", ["FR-officer", "FR-analyst", "DE-unit-docsonly", "gs-reviewer", "partner-member"]
)
def test_the_menu_offers_operations(net: Network, user: str) -> None:
    assert "/operations/" in _hrefs(net, user)


@pytest.mark.parametrize("user", ["gs-sysadmin", "FR-dpo", "gs-analyst"])
def test_the_menu_does_not_offer_them_to_others(net: Network, user: str) -> None:
    assert "/operations/" not in _hrefs(net, user)


def test_pages_answer_by_standing(net: Network) -> None:
    from tests.factories import signed_in_client

    op = plan(net)
    add_target(net.actor("FR-officer"), op, kind="vessel", identifier="IMO 9074729", action="seize")
    url = f"/operations/{op.pk}/"
    for outsider in ("IT-officer", "gs-sysadmin", "partner-member"):
        client = signed_in_client(net.users[outsider])
        assert client.get(url).status_code == 404
        assert client.get(f"{url}targets/").status_code in (403, 404)
    de = signed_in_client(net.users["DE-officer"]).get(url).content.decode()
    assert "IMO9074729" in de and "Folosa" in de and 'id="rate-form"' not in de
    fr = signed_in_client(net.users["FR-officer"])
    page = fr.get(url).content.decode()
    assert 'id="rate-form"' in page and "H2" in page
    assert fr.post(url, {"act": "rate", "currency": "USD", "eur_per_unit": "0.9"}).status_code == 302
    assert fr.post(url, {"act": "rate", "currency": "EUR", "eur_per_unit": "1"}).status_code == 422
    observe(net, op)
    partner = signed_in_client(net.users["partner-member"])
    seen = partner.get(url)
    assert seen.status_code == 200
    assert "Folosa" in seen.content.decode() and "IMO9074729" not in seen.content.decode()
    assert "USD" in seen.content.decode()
    assert partner.get(f"{url}targets/").status_code in (403, 404)


def test_pages_create_and_add_targets(net: Network) -> None:
    from tests.factories import signed_in_client

    client = signed_in_client(net.users["FR-officer"])
    form = {"code_name": "Pangea", "crime_area": "drugs", "handling_code": "H1", "summary": ""}
    dates = {
        "prepares_on": "2026-03-01",
        "active_on": "2026-04-01",
        "active_until": "2026-04-10",
        "closes_on": "2026-05-01",
    }
    bad = client.post("/operations/", form | dates | {"active_on": "2026-02-01"})
    assert bad.status_code == 422
    assert client.post("/operations/", form | dates | {"closes_on": "soon"}).status_code == 422
    r = client.post("/operations/", form | dates)
    assert r.status_code == 302
    targets_url = f"{r['Location']}targets/"
    r = client.post(targets_url, {"kind": "container", "identifier": "CSQU3054383", "action": "seize"})
    assert r.status_code == 302
    assert (
        client.post(
            targets_url, {"kind": "container", "identifier": "CSQU3054384", "action": "seize"}
        ).status_code
        == 422
    )
    assert (
        client.post(targets_url, {"kind": "person", "record_id": "x", "action": "arrest"}).status_code == 422
    )
    assert "CSQU3054383" in client.get(targets_url).content.decode()
    assert "Pangea" in client.get("/operations/").content.decode()


@pytest.mark.parametrize(
    ("language", "words", "direction"),
    [
        ("ar", "المشاركون", "rtl"),
        ("fr", "Taux de change", "ltr"),
        ("es", "Tipos de cambio", "ltr"),
        ("en", "Exchange rates", "ltr"),
    ],
)
def test_the_plan_reads_in_four_languages(net: Network, language: str, words: str, direction: str) -> None:
    from tests.factories import signed_in_client

    op = plan(net)
    html = signed_in_client(net.users["FR-officer"]).get(
        f"/operations/{op.pk}/", HTTP_ACCEPT_LANGUAGE=language
    )
    text = html.content.decode()
    assert words in text and f'dir="{direction}"' in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_plan_fits_a_phone_in_arabic(tab_factory: object) -> None:
    from typing import Any

    from tests.factories import network
    from tests.web.conftest import NARROW
    from tests.web.test_browser import sign_in

    net = network()
    op = plan(net)
    add_target(net.actor("FR-officer"), op, kind="container", identifier="CSQU3054383", action="seize")
    make: Any = tab_factory
    tab = make(viewport=NARROW, locale="ar")
    sign_in(tab, net.users["FR-officer"])
    tab.page.context.add_cookies([{"name": "django_language", "value": "ar", "url": tab.base_url}])
    tab.go(f"/operations/{op.pk}/")
    tab.shot("operation-plan-phone-ar")
    assert tab.page.evaluate("document.documentElement.dir") == "rtl"
    assert tab.page.locator("#targets").inner_text().count("CSQU3054383") == 1
    overflow = tab.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_an_observer_reads_the_plan_through_the_api_and_changes_nothing(net: Network) -> None:
    from tests.factories import signed_in_client

    op = plan(net)
    add_target(net.actor("FR-officer"), op, kind="vessel", identifier="IMO 9074729", action="seize")
    partner = signed_in_client(net.users["partner-member"])
    api = f"/api/operations/plan/{op.pk}"
    assert partner.get(api).status_code == 404  # not an observer yet: it does not exist for them
    assert partner.get("/api/operations/plan/").json() == []
    observe(net, op)
    seen = partner.get(api)
    assert seen.status_code == 200 and seen.json()["code_name"] == "Folosa"
    assert [o["code_name"] for o in partner.get("/api/operations/plan/").json()] == ["Folosa"]
    assert partner.get(f"{api}/targets").status_code in (403, 404)
    from tests.operations.helpers import DATES

    whole = {"code_name": "Folosa", "crime_area": "drugs", "handling_code": "H2", "summary": "observed"}
    whole |= {k: v.isoformat() for k, v in DATES.items()}
    refused = partner.patch(api, whole, content_type="application/json")
    assert refused.status_code in (403, 404)
    assert partner.post(f"{api}/phase", {"phase": "active"}, content_type="application/json").status_code in (
        403,
        404,
    )
    op.refresh_from_db()
    assert op.summary == "" and op.phase == "preparation"
    assert partner.get("/api/records/persons").status_code == 403  # still nothing of the police databases
