"""The duplicates page: start a run, see the pairs side by side with their comparisons,
confirm or reject with htmx; in Arabic too."""

from __future__ import annotations

from django.test import override_settings

from polnet.analysis.models import AnalystLink
from polnet.analysis.resolution.models import CandidatePair, PairStatus, ResolutionRun
from tests.analysis.resolution_fixtures import open_project, plant
from tests.factories import Network, signed_in_client

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_page_runs_shows_and_decides(net: Network) -> None:
    planted = plant(net)
    project = open_project(net)
    url = f"/analysis/projects/{project.pk}/duplicates/"
    client = signed_in_client(net.users["FR-analyst"])
    empty = client.get(url)
    assert empty.status_code == 200 and "No run yet" in empty.content.decode()

    assert client.post(url + "runs/", {"threshold": "0.8"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Иван Иванов" in page and "محمد الراشد" in page and "Mohammed Al-Rashid" in page
    assert "Ivan Petrov" not in page  # not proposed
    assert "same year; the month is unknown on one side" in page  # a comparison behind a pair
    assert page.count('class="pair card"') == len(planted.truth)

    pair = CandidatePair.objects.filter(project=project).first()
    assert pair is not None
    confirmed = client.post(url + f"pairs/{pair.pk}/confirm/", **HTMX)
    assert confirmed.status_code == 200 and "Same person" in confirmed.content.decode()
    assert AnalystLink.objects.filter(project=project, reason="same_person").count() == 1
    other = CandidatePair.objects.filter(project=project, status=PairStatus.OPEN).first()
    assert other is not None
    assert client.post(url + f"pairs/{other.pk}/reject/").status_code == 302
    assert client.post(url + f"pairs/{other.pk}/maybe/").status_code == 404
    rejected = client.get(url, {"status": "rejected"}).content.decode()
    assert rejected.count('class="pair card"') == 1
    assert client.get(url, {"min_probability": "7"}).status_code == 200  # refused on the field

    # Bad threshold: the form says so, nothing is started.
    runs = ResolutionRun.objects.count()
    refused = client.post(url + "runs/", {"threshold": "3"})
    assert refused.status_code == 422 and ResolutionRun.objects.count() == runs


def test_the_page_in_arabic_and_for_others(net: Network) -> None:
    plant(net)
    project = open_project(net)
    client = signed_in_client(net.users["FR-analyst"])
    client.cookies["django_language"] = "ar"
    url = f"/analysis/projects/{project.pk}/duplicates/"
    with override_settings(POLNET_RESOLUTION_INLINE_LIMIT=0):
        client.post(url + "runs/")
    page = client.get(url).content.decode()
    assert 'dir="rtl"' in page and 'hx-trigger="every' in page  # queued: the run's state polls
    run = ResolutionRun.objects.get(project=project)
    assert client.get(url + f"runs/{run.pk}/", **HTMX).status_code == 200
    # Not a participant: not found.
    assert signed_in_client(net.users["ES-analyst"]).get(url).status_code == 404
