"""The operation's tabs (each shown to whom the policy admits) and the coordinator's post
picker (a country's active posts by kind; another country's post refused)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.translation import gettext_lazy as _

from polnet.network.models import Unit
from polnet.network.services import create_unit
from polnet.operations import tabs
from polnet.operations.models import Participant, Phase
from polnet.operations.plan import services
from tests.factories import Network, signed_in_client
from tests.operations.helpers import observe, plan

CLOSED_TO_PARTNERS = ("/targets/", "/reports/new/", "/posts/", "/messages/")
TAB_NAV = re.compile(r'<nav class="op-tabs".*?</nav>', re.S)


def _tabs(client: Client, url: str) -> list[tuple[str, bool]]:
    """The tabs a page shows: (address, current)."""
    response = client.get(url)
    assert response.status_code == 200, url
    nav = TAB_NAV.search(response.content.decode())
    assert nav is not None, url
    return [
        (href, bool(cur))
        for href, cur in re.findall(r'<a href="([^"]+)"( aria-current="page")?', nav.group())
    ]


def _active(net: Network) -> int:
    op = plan(net)
    services.move_phase(net.actor("FR-officer"), op, Phase.ACTIVE)
    return op.pk


def test_the_coordinator_has_every_tab_and_each_page_marks_its_own(net: Network) -> None:
    pk = _active(net)
    client = signed_in_client(net.users["FR-officer"])
    base = f"/operations/{pk}/"
    expected = [
        base,
        f"{base}targets/",
        f"{base}board/",
        f"{base}reports/new/",
        f"{base}report/",
        f"{base}messages/",
    ]
    for page in expected:
        shown = _tabs(client, page)
        assert [href for href, _current in shown] == expected
        assert [href for href, current in shown if current] == [page]


def test_an_observer_sees_no_targets_tab_and_no_targets_page(net: Network) -> None:
    pk = _active(net)
    observe(net, services.get_operation(net.actor("FR-officer"), pk))
    client = signed_in_client(net.users["partner-member"])
    base = f"/operations/{pk}/"
    hrefs = [href for href, _current in _tabs(client, base)]
    assert hrefs == [base, f"{base}board/", f"{base}report/"]  # no targets, no field reports
    assert [href for href, _current in _tabs(client, f"{base}board/")] == hrefs
    # Partners' accounts are refused the page outright, before the operation is even looked up.
    assert client.get(f"{base}targets/").status_code in (403, 404)
    assert "IMO" not in client.get(base).content.decode()


def test_field_reports_are_offered_only_while_reports_may_be_filed(net: Network) -> None:
    op = plan(net)  # in preparation
    client = signed_in_client(net.users["DE-unit-full"])
    base = f"/operations/{op.pk}/"
    assert [h for h, _c in _tabs(client, base)] == [
        base,
        f"{base}targets/",
        f"{base}board/",
        f"{base}report/",
    ]
    assert client.get(f"{base}reports/new/").status_code == 403  # nor the form itself
    services.move_phase(net.actor("FR-officer"), op, Phase.ACTIVE)
    assert f"{base}reports/new/" in [h for h, _c in _tabs(client, base)]
    assert client.get(f"{base}reports/new/").status_code == 200


@pytest.mark.parametrize("user", ["IT-officer", "ES-unit-full", "gs-sysadmin", "partner-member"])
def test_outsiders_get_404_on_every_tab(net: Network, user: str) -> None:
    pk = _active(net)
    coordinator = services.get_operation(net.actor("FR-officer"), pk)
    every = [t.href for t in tabs.tabs_for(net.actor("FR-officer"), coordinator)]
    client = signed_in_client(net.users[user])
    for url in [*every, f"/operations/{pk}/board/live/", f"/operations/{pk}/posts/?country=DE"]:
        status = client.get(url, HTTP_HX_REQUEST="true").status_code
        # As if it did not exist: the same answer as for an operation that does not.
        assert (
            status == client.get(url.replace(f"/{pk}/", f"/{pk + 999}/"), HTTP_HX_REQUEST="true").status_code
        )
        # A partner's account is refused the pages no observer needs, before any look-up.
        closed_to_partners = user == "partner-member" and any(p in url for p in CLOSED_TO_PARTNERS)
        assert status == (403 if closed_to_partners else 404), url
    assert f'href="/operations/{pk}/' not in client.get("/operations/").content.decode()


def test_another_part_adds_a_tab_and_an_uninstalled_one_is_left_out(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    pk = _active(net)
    op = services.get_operation(net.actor("FR-officer"), pk)
    monkeypatch.setattr(
        tabs,
        "TABS",
        [
            *tabs.TABS,
            ("elsewhere", _("Plan"), "operations-board-live", lambda actor, operation: True),
            ("hidden", _("Plan"), "operations-board-live", lambda actor, operation: False),
            ("missing", _("Plan"), "operation-no-such-page", lambda actor, operation: True),
        ],
    )
    shown = [t.slug for t in tabs.tabs_for(net.actor("FR-officer"), op)]
    assert shown == ["plan", "targets", "board", "report-new", "results", "messages", "elsewhere"]


def test_the_list_shows_the_phase_and_links_to_the_tabs(net: Network) -> None:
    pk = _active(net)
    html = signed_in_client(net.users["DE-officer"]).get("/operations/").content.decode()
    assert "Active" in html
    for href in (f"/operations/{pk}/board/", f"/operations/{pk}/reports/new/", f"/operations/{pk}/report/"):
        assert f'href="{href}"' in html


def test_the_plan_sums_up_the_live_board_while_active(net: Network) -> None:
    op = plan(net)
    client = signed_in_client(net.users["FR-officer"])
    assert 'id="live-summary"' not in client.get(f"/operations/{op.pk}/").content.decode()
    services.move_phase(net.actor("FR-officer"), op, Phase.ACTIVE)
    html = client.get(f"/operations/{op.pk}/").content.decode()
    summary = re.search(r'<p class="panel op-live" id="live-summary">.*?</p>', html, re.S)
    assert summary is not None and f'href="/operations/{op.pk}/board/"' in summary.group()
    assert "Checks: 0" in summary.group() and "Operation hits: 0" in summary.group()


# ---- the post picker ---------------------------------------------------------------------------


@pytest.fixture
def de_posts(net: Network) -> dict[str, Unit]:
    admin, de = net.actor("DE-admin"), net.bureaus["DE"]
    made = {
        key: create_unit(admin, de, name=name, kind=kind, databases=["document"], result_level="full")
        for key, name, kind in (
            ("seaport", "Port of Hamburg", "seaport"),
            ("border", "Kehl bridge", "border_crossing"),
            ("closed", "Old customs", "customs"),
        )
    }
    made["closed"].active = False
    made["closed"].save()
    return made


def _checkboxes(html: str) -> list[str]:
    return re.findall(r'<input type="checkbox" name="units" value="(\d+)"', html)


def test_the_picker_shows_the_country_s_active_posts_by_kind(net: Network, de_posts: dict[str, Unit]) -> None:
    op = plan(net)  # DE takes part with DE-full and DE-docsonly
    client = signed_in_client(net.users["FR-officer"])
    html = client.get(f"/operations/{op.pk}/?country=DE").content.decode()
    de_active = Unit.objects.filter(bureau=net.bureaus["DE"], active=True)
    assert sorted(_checkboxes(html)) == sorted(str(u.pk) for u in de_active)
    assert str(de_posts["closed"].pk) not in _checkboxes(html)
    assert str(net.units["FR-full"].pk) not in _checkboxes(html)
    # Grouped by kind, in the kinds' order: border crossings, airports, seaports.
    legends = re.findall(r"<legend>([^<]+)</legend>", html)
    assert legends == ["Border crossing", "Airport", "Seaport"]
    checked = re.findall(r'name="units" value="(\d+)" checked', html)
    assert sorted(checked) == sorted(str(net.units[n].pk) for n in ("DE-full", "DE-docsonly"))


def test_the_picker_with_htmx_answers_its_fragment_and_without_it_the_page(
    net: Network, de_posts: dict[str, Unit]
) -> None:
    op = plan(net)
    client = signed_in_client(net.users["FR-officer"])
    url = f"/operations/{op.pk}/posts/?country=ES"
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert sorted(_checkboxes(fragment.content.decode())) == sorted(
        str(u.pk) for u in Unit.objects.filter(bureau=net.bureaus["ES"], active=True)
    )
    assert client.get(url)["Location"] == f"/operations/{op.pk}/?country=ES#participant-form"
    unknown = client.get(f"/operations/{op.pk}/posts/?country=XX", HTTP_HX_REQUEST="true")
    assert unknown.status_code == 200 and 'role="alert"' in unknown.content.decode()
    assert not _checkboxes(unknown.content.decode())
    # A participant who does not coordinate has no picker.
    de = signed_in_client(net.users["DE-officer"])
    assert de.get(url, HTTP_HX_REQUEST="true").status_code == 403
    assert 'id="participant-form"' not in de.get(f"/operations/{op.pk}/?country=ES").content.decode()


def test_picked_posts_are_saved_and_another_country_s_post_is_refused(
    net: Network, de_posts: dict[str, Unit]
) -> None:
    op = plan(net)
    client = signed_in_client(net.users["FR-officer"])
    url = f"/operations/{op.pk}/"
    picked = [de_posts["seaport"].pk, de_posts["border"].pk]
    assert client.post(url, {"act": "participant", "country": "DE", "units": picked}).status_code == 302
    de = Participant.objects.get(operation=op, country="DE")
    assert sorted(u.pk for u in de.units.all()) == sorted(picked)
    for foreign in (net.units["FR-full"].pk, de_posts["closed"].pk):
        refused = client.post(url, {"act": "participant", "country": "DE", "units": [picked[0], foreign]})
        assert refused.status_code == 422
        assert "Each post must be an active unit of that country" in refused.content.decode()
        assert sorted(
            checked for checked in re.findall(r'value="(\d+)" checked', refused.content.decode())
        ) == sorted(str(p) for p in picked)  # the picker shows the country's posts as they still are
        assert sorted(u.pk for u in de.units.all()) == sorted(picked)  # nothing written
    assert (
        client.post(
            url, {"act": "participant", "country": "IT", "units": [net.units["DE-full"].pk]}
        ).status_code
        == 422
    )
    assert not Participant.objects.filter(operation=op, country="IT").exists()
