"""A post's offline hits reach the server exactly once, and their owner is told as online."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from polnet.notifications.models import Notification
from polnet.offline import services
from polnet.offline.models import UploadedHit
from polnet.post import check
from polnet.post.store import Post
from polnet.post.sync import Transport, sync
from polnet.screening import services as screening
from polnet.screening.models import Hit
from tests.factories import Network, make_record, signed_in_client

pytestmark = pytest.mark.django_db


class Crash(Exception):
    pass


def _transport(client: Client, capture: Any, *, crash_after_upload: bool = False) -> Transport:
    def send(body: dict[str, Any]) -> list[dict[str, Any]]:
        with capture(execute=True):  # what the request's commit sends out, the owner's notice
            r = client.post("/api/offline/hits", json.dumps(body), content_type="application/json")
        assert r.status_code == 200, r.content
        if crash_after_upload:
            raise Crash  # the server made the hits; the post never heard back
        answer: list[dict[str, Any]] = r.json()["hits"]
        return answer

    return send


def _post_with_a_hit(net: Network, folder: Path) -> tuple[Post, Any]:
    doc = make_record(net.actor("FR-officer"), "document")
    public, fp, _ = services.public_key("DE")
    post = Post(folder)
    post.init(public, fp, unit=net.units["DE-full"].pk, bureau="DE")
    post.apply(services.build_package(net.actor("DE-admin"), net.units["DE-full"].pk))
    assert check.check_document(post, doc.number, location="Lake crossing").hit
    return post, doc


def test_an_offline_hit_is_uploaded_once_and_its_owner_told(
    net: Network, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    post, doc = _post_with_a_hit(net, tmp_path)
    client = signed_in_client(net.users["DE-unit-full"])
    assert sync(post, _transport(client, django_capture_on_commit_callbacks)) == {
        "created": 1,
        "duplicate": 0,
    }
    hit = Hit.objects.get()
    assert (hit.kind, hit.record_id, hit.owner_country_id) == ("document", doc.pk, "FR")
    assert hit.unit_id == net.units["DE-full"].pk and "Lake crossing" in hit.location
    assert Notification.objects.filter(
        kind="hit_new", subject_id=hit.pk, recipient_bureau__country="FR"
    ).exists()
    assert sync(post, _transport(client, django_capture_on_commit_callbacks)) == {
        "created": 0,
        "duplicate": 0,
    }  # the queue is empty
    assert Hit.objects.count() == 1


def test_a_crash_between_upload_and_acknowledgement_makes_no_second_hit(
    net: Network, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    post, _ = _post_with_a_hit(net, tmp_path)
    client = signed_in_client(net.users["DE-unit-full"])
    with pytest.raises(Crash):
        sync(post, _transport(client, django_capture_on_commit_callbacks, crash_after_upload=True))
    assert Hit.objects.count() == 1 and len(post.pending_hits()) == 1
    assert sync(Post(tmp_path), _transport(client, django_capture_on_commit_callbacks)) == {
        "created": 0,
        "duplicate": 1,
    }
    assert Hit.objects.count() == 1 and UploadedHit.objects.count() == 1
    assert Notification.objects.filter(kind="hit_new").count() == 1
    assert post.pending_hits() == []


def test_a_hit_only_posts_hit_keeps_the_action_its_record_asks_though_its_package_has_none(
    net: Network, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    doc = make_record(net.actor("FR-officer"), "document")
    public, fp, _ = services.public_key("DE")
    post = Post(tmp_path)
    post.init(public, fp, unit=net.units["DE-hitonly"].pk, bureau="DE")
    post.apply(services.build_package(net.actor("DE-admin"), net.units["DE-hitonly"].pk))
    assert check.check_document(post, doc.number).hit
    assert post.detail("document", doc.pk) == ("", "")  # the package named no action
    client = signed_in_client(net.users["DE-unit-hitonly"])
    assert sync(post, _transport(client, django_capture_on_commit_callbacks))["created"] == 1
    offline = Hit.objects.get()
    screening.screen_document(net.actor("DE-unit-hitonly"), doc.number, None)
    online = Hit.objects.exclude(pk=offline.pk).get()
    assert offline.action and (offline.action, offline.action_reference) == (
        online.action,
        online.action_reference,
    )


def test_only_the_units_own_accounts_upload_its_hits(net: Network, tmp_path: Path) -> None:
    post, _ = _post_with_a_hit(net, tmp_path)
    other = signed_in_client(net.users["DE-unit-hitonly"])
    body = {"post": "p", "unit": net.units["DE-full"].pk, "hits": post.pending_hits()}
    r = other.post("/api/offline/hits", json.dumps(body), content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "offline_not_your_unit"
    assert Hit.objects.count() == 0


def test_the_bureau_key_is_published_and_packages_built_only_by_its_admin(net: Network) -> None:
    r = signed_in_client(net.users["DE-officer"]).get("/api/offline/keys/DE")
    assert r.status_code == 200 and len(r.json()["fingerprint"]) == 32
    body = json.dumps({"unit": net.units["DE-full"].pk})
    refused = signed_in_client(net.users["DE-officer"]).post(
        "/api/offline/packages", body, content_type="application/json"
    )
    assert refused.status_code == 404
    other_bureau = signed_in_client(net.users["FR-admin"]).post(
        "/api/offline/packages", body, content_type="application/json"
    )
    assert other_bureau.status_code == 404
    ok = signed_in_client(net.users["DE-admin"]).post(
        "/api/offline/packages", body, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.content.startswith(b'{"magic"')
