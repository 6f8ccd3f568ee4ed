"""The analysis pages: the analyst's projects, a project with its participants and
contributions, and the forms that open, invite and contribute through the same services."""

from __future__ import annotations

import pytest

from polnet.analysis import contributions
from polnet.analysis.models import Contribution, Participation, Project
from tests.analysis.conftest import open_fr_project, review
from tests.factories import Network, make_record, signed_in_client

pytestmark = pytest.mark.django_db


def test_an_analyst_opens_a_project_and_lands_on_it(net: Network) -> None:
    client = signed_in_client(net.users["DE-analyst"])
    home = client.get("/").content.decode()
    assert 'href="/analysis/"' in home and "Your projects" in home
    response = client.post(
        "/analysis/",
        {
            "name": "Stolen cars to the east",
            "purpose": "investigation",
            "crime_area": "vehicle_crime",
            "handling_code": "H0",
            "review_date": review().isoformat(),
            "participants": "fr, it",
        },
    )
    project = Project.objects.get(name="Stolen cars to the east")
    assert response.status_code == 302 and response["Location"] == f"/analysis/projects/{project.pk}/"
    assert set(project.participations.values_list("country_id", flat=True)) == {"DE", "FR", "IT"}
    page = client.get(response["Location"]).content.decode()
    assert "Stolen cars to the east" in page and 'aria-current="page"' in page


def test_a_refused_form_comes_back_with_its_error_on_the_field(net: Network) -> None:
    client = signed_in_client(net.users["DE-analyst"])
    response = client.post(
        "/analysis/",
        {
            "name": "X",
            "purpose": "investigation",
            "crime_area": "drugs",
            "handling_code": "H0",
            "review_date": "2001-01-01",
            "participants": "ZZ",
        },
    )
    assert response.status_code == 422
    assert "field-error" in response.content.decode()
    assert not Project.objects.exists()


def test_the_project_page_shows_participants_and_only_readable_contributions(net: Network) -> None:
    project = open_fr_project(net)
    fr = net.actor("FR-analyst")
    hidden = make_record(net.actor("FR-officer"), "person", restriction="only_listed", listed=["DE"])
    contributions.contribute(fr, project.pk, "person", hidden.pk, note="The organiser")
    it = signed_in_client(net.users["IT-analyst"])
    page = it.get(f"/analysis/projects/{project.pk}/").content.decode()
    assert "Smuggling ring" in page and "The organiser" not in page and "Ivanov" not in page
    de_page = (
        signed_in_client(net.users["DE-analyst"]).get(f"/analysis/projects/{project.pk}/").content.decode()
    )
    assert "The organiser" in de_page and "Ivan Ivanov" in de_page
    # A text contribution from the page, for DE alone.
    response = it.post(
        f"/analysis/projects/{project.pk}/contribute/",
        {
            "text-text": "A boat leaves Bari on Fridays.",
            "text-source_reliability": "A",
            "text-information_accuracy": "2",
            "text-handling_code": "H1",
            "text-restriction": "only_listed",
            "text-listed_countries": ["DE"],
        },
    )
    assert response.status_code == 302
    text = Contribution.objects.get(kind="text")
    assert (text.country_id, text.source_reliability, text.handling_code) == ("IT", "A", "H1")
    assert (
        "A boat leaves Bari"
        not in signed_in_client(net.users["FR-analyst"])
        .get(f"/analysis/projects/{project.pk}/")
        .content.decode()
    )


def test_non_participants_and_non_analysts_are_kept_out(net: Network) -> None:
    project = open_fr_project(net)
    url = f"/analysis/projects/{project.pk}/"
    assert signed_in_client(net.users["ES-analyst"]).get(url).status_code == 404
    assert signed_in_client(net.users["FR-officer"]).get(url).status_code == 403
    assert signed_in_client(net.users["FR-officer"]).get("/analysis/").status_code == 403
    assert 'href="/analysis/"' not in signed_in_client(net.users["FR-officer"]).get("/").content.decode()
    # Only the opener invites; the invited party then sees it.
    refused = signed_in_client(net.users["DE-analyst"]).post(f"{url}invite/", {"party": "ES"})
    assert refused.status_code == 403
    invited = signed_in_client(net.users["FR-analyst"]).post(f"{url}invite/", {"party": "ES"})
    assert invited.status_code == 302
    assert Participation.objects.filter(project=project, country_id="ES").exists()
    assert signed_in_client(net.users["ES-analyst"]).get(url).status_code == 200


def test_every_page_of_a_project_shows_the_tab_bar_with_its_own_tab_current(net: Network) -> None:
    project = open_fr_project(net)
    client = signed_in_client(net.users["FR-analyst"])
    report = client.post(
        f"/analysis/projects/{project.pk}/reports/", {"title": "Assessment", "handling_code": "H1"}
    )
    assert report.status_code == 302
    base = f"/analysis/projects/{project.pk}/"
    pages = {
        "": "Project",
        "graph/": "Link graph",
        "duplicates/": "Same person across bureaus",
        "changes/": "This month",
        "reports/": "Reports",
        report["Location"].removeprefix(base): "Reports",
    }
    for tail, current in pages.items():
        page = client.get(base + tail).content.decode()
        bar = page[page.index('<nav class="project-tabs"') :]
        bar = bar[: bar.index("</nav>")]
        for href in ("", "graph/", "duplicates/", "changes/", "reports/"):
            assert f'href="{base}{href}"' in bar
        assert bar.count('aria-current="page"') == 1, tail
        assert f'aria-current="page">{current}</a>' in bar, tail
