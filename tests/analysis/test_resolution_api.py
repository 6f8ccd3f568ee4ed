"""The entity-resolution API: token scope analysis, the project's door, 4xx on bad input, and
the job queue for large runs."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from polnet.analysis.resolution.models import ResolutionRun, RunStatus
from polnet.network.services import issue_token
from tests.analysis.resolution_fixtures import open_project, plant
from tests.factories import Network
from tests.jobs.drive import run_jobs

BASE = "/api/analysis/duplicates/projects"


def _token(net: Network, user: str, scopes: list[str]) -> Client:
    admin = net.actor(f"{user[:2]}-admin")
    _record, secret = issue_token(admin, net.users[user], name="analysis", scopes=scopes, days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_run_list_confirm_and_reject_through_the_api(net: Network) -> None:
    planted = plant(net)
    project = open_project(net)
    fr = _token(net, "FR-analyst", ["analysis"])
    started = fr.post(f"{BASE}/{project.pk}/runs", {}, content_type="application/json")
    assert started.status_code == 201, started.content
    run = started.json()
    assert run["status"] == "done" and run["pairs"] == len(planted.truth) and run["persons"] == 8
    assert fr.get(f"{BASE}/{project.pk}/runs/{run['id']}").json()["id"] == run["id"]
    pairs = fr.get(f"{BASE}/{project.pk}/pairs", {"min_probability": 0.5}).json()
    assert {(p["left"], p["right"]) for p in pairs} == planted.truth
    assert {c["comparison"] for c in pairs[0]["comparisons"]} == {
        "name",
        "dob",
        "sex",
        "nationality",
        "identifier",
    }

    de = _token(net, "DE-analyst", ["analysis"])
    seen_by_de = de.get(f"{BASE}/{project.pk}/runs/{run['id']}").json()
    assert seen_by_de["persons"] is None  # what France may see is not counted for Germany
    confirmed = de.post(
        f"{BASE}/{project.pk}/pairs/{pairs[0]['id']}/confirm", {"note": "ok"}, content_type="application/json"
    )
    assert (
        confirmed.status_code == 200
        and confirmed.json()["status"] == "confirmed"
        and confirmed.json()["link"]
    )
    again = fr.post(f"{BASE}/{project.pk}/pairs/{pairs[0]['id']}/reject")
    assert again.status_code == 409 and again.json()["code"] == "resolution_pair_decided"
    rejected = fr.post(f"{BASE}/{project.pk}/pairs/{pairs[1]['id']}/reject")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert [p["id"] for p in fr.get(f"{BASE}/{project.pk}/pairs", {"status": "rejected"}).json()] == [
        pairs[1]["id"]
    ]


def test_the_api_refuses_what_it_must(net: Network) -> None:
    project = open_project(net)
    fr = _token(net, "FR-analyst", ["analysis"])
    assert (
        fr.post(f"{BASE}/{project.pk}/runs", {"threshold": 2}, content_type="application/json").status_code
        == 422
    )
    assert (
        fr.post(f"{BASE}/{project.pk}/runs", "not json", content_type="application/json").status_code == 400
    )
    assert fr.get(f"{BASE}/{project.pk}/pairs", {"status": "maybe"}).status_code == 422
    assert fr.get(f"{BASE}/{project.pk}/pairs", {"min_probability": -1}).status_code == 422
    assert fr.get(f"{BASE}/{project.pk}/runs/999999").status_code == 404
    assert (
        fr.post(f"{BASE}/{project.pk}/pairs/999999/confirm", {}, content_type="application/json").status_code
        == 404
    )
    assert fr.get(f"{BASE}/{2**70}/pairs").status_code in (404, 422)
    # Not a participant; a token without the analysis scope; an officer; nobody.
    assert _token(net, "ES-analyst", ["analysis"]).get(f"{BASE}/{project.pk}/runs").status_code == 404
    assert _token(net, "FR-analyst", ["records:read"]).get(f"{BASE}/{project.pk}/runs").status_code == 403
    assert Client().get(f"{BASE}/{project.pk}/runs").status_code == 401


@pytest.mark.django_db(transaction=True)
def test_a_large_run_goes_to_the_job_queue(net: Network) -> None:
    planted = plant(net)
    project = open_project(net)
    fr = _token(net, "FR-analyst", ["analysis"])
    with override_settings(POLNET_RESOLUTION_INLINE_LIMIT=0):
        started = fr.post(f"{BASE}/{project.pk}/runs", {}, content_type="application/json").json()
    assert started["status"] == "queued" and started["progress"] == 0
    assert run_jobs() == 1
    run = ResolutionRun.objects.get(pk=started["id"])
    assert run.status == RunStatus.DONE and run.progress == 100
    pairs = fr.get(f"{BASE}/{project.pk}/pairs").json()
    assert {(p["left"], p["right"]) for p in pairs} == planted.truth
