"""The subjects of notices in a unit's offline package: what a hit / no hit unit's package keeps
of them, how a delta follows the notices' own feed, and an offline hit on one made as online."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from polnet.notifications.models import Notification
from polnet.offline import services
from polnet.post import check
from polnet.post.package import PackageRefused
from polnet.post.store import Post
from polnet.post.sync import Transport, sync
from polnet.screening import services as screening
from polnet.screening.models import Hit
from tests.factories import Network, signed_in_client
from tests.notices.helpers import act, published

pytestmark = pytest.mark.django_db

PETRENKO = ("Viktor Petrenko", "1981-04-17")  # the subject of the helpers' Red notice


def _post(net: Network, folder: Path, unit: str) -> Post:
    public, fp, _ = services.public_key("DE")
    post = Post(folder)
    post.init(public, fp, unit=net.units[unit].pk, bureau="DE", server="http://testserver")
    return post


def _build(net: Network, unit: str, since: int | None = None, notice_since: int | None = None) -> bytes:
    return services.build_package(net.actor("DE-admin"), net.units[unit].pk, since, notice_since)


def _manifest(data: bytes) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(data.split(b"\n", 1)[0])["manifest"]
    return manifest


def _lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in gzip.decompress(data.split(b"\n", 1)[1]).splitlines()]


def test_a_full_units_package_names_the_notice_as_its_online_answer_does(
    net: Network, tmp_path: Path
) -> None:
    notice = published(net)
    post = _post(net, tmp_path, "DE-full")
    post.apply(_build(net, "DE-full"))
    [hit] = check.check_person(post, *PETRENKO).public()["hits"]
    online = screening.screen_person(
        net.actor("DE-unit-full"),
        screening.person_query(PETRENKO[0], date_of_birth=PETRENKO[1]),
        purpose="border_management",
    )
    [cand] = [c for c in online.candidates if c.kind == "notice"]
    assert (hit["kind"], hit["record_id"], hit["owner_country"]) == ("notice", notice.pk, "FR")
    assert hit["notice"] == cand.notice == {"reference": notice.reference, "kind": "red", "channel": "notice"}
    assert hit["action"] == cand.action == "arrest"


def test_a_hit_only_units_package_holds_no_notice_detail(net: Network, tmp_path: Path) -> None:
    notice = published(net)
    data = _build(net, "DE-hitonly")
    [line] = [ln for ln in _lines(data) if ln["k"] == "notice"]
    assert set(line) == {"k", "r"}  # no owner, no action, no reference or kind
    record_id, names, dob, sex, nationalities, identifiers = line["r"]
    assert record_id == notice.pk and dob == [1981, 4, 17]
    assert (sex, nationalities, identifiers) == (None, [], [])
    assert all(script == "" and not alias for *_, script, alias in names)
    text = gzip.decompress(data.split(b"\n", 1)[1]).decode()
    for detail in (notice.reference, "red", "arrest", "UA", '"FR"'):
        assert detail not in text, detail
    post = _post(net, tmp_path, "DE-hitonly")
    post.apply(data)
    answer = check.check_person(post, *PETRENKO).public()
    assert answer["hit"] and "hits" not in answer and "advice" in answer
    assert post.notice_label(notice.pk) is None and post.detail("notice", notice.pk) == ("", "")


def test_a_delta_after_a_notice_is_cancelled_removes_its_subject(net: Network, tmp_path: Path) -> None:
    notice = published(net)
    post = _post(net, tmp_path, "DE-full")
    full = _build(net, "DE-full")
    post.apply(full)
    held = _manifest(full)
    assert check.check_person(post, *PETRENKO).hit

    act(net.actor("gs-reviewer"), notice, "cancel", reason="Withdrawn by the court")
    delta = _build(net, "DE-full", since=held["version"], notice_since=held["notice_version"])
    m = _manifest(delta)
    # No record changed: only the notices' feed moved, and the delta is not taken for a replay.
    assert m["version"] == held["version"] and m["notice_version"] > held["notice_version"]
    assert _lines(delta) == [{"k": "notice", "d": notice.pk}]
    post.apply(delta)
    assert not check.check_person(post, *PETRENKO).hit
    assert not check.check_person(Post(tmp_path), *PETRENKO).hit  # the saved index too
    with pytest.raises(PackageRefused) as replay:
        post.apply(delta)
    assert replay.value.code == "replayed"

    # A delta without a notices' version carries all the subjects and replaces the post's.
    other = _post(net, tmp_path / "other", "DE-full")
    other.apply(full)
    whole = _build(net, "DE-full", since=held["version"])
    assert _manifest(whole)["notice_base_version"] is None
    other.apply(whole)
    assert not check.check_person(other, *PETRENKO).hit


def test_the_notices_feed_is_chained_like_the_records_feed(net: Network, tmp_path: Path) -> None:
    published(net)
    post = _post(net, tmp_path, "DE-full")
    full = _build(net, "DE-full")
    post.apply(full)
    v, w0 = _manifest(full)["version"], _manifest(full)["notice_version"]
    second = published(net, names=[{"given": "Oksana", "family": "Bondarenko", "script": "Latn"}])
    first_delta = _build(net, "DE-full", since=v, notice_since=w0)
    w1 = _manifest(first_delta)["notice_version"]
    act(net.actor("FR-officer"), second, "withdraw")

    with pytest.raises(PackageRefused) as gap:
        post.apply(_build(net, "DE-full", since=v, notice_since=w1))
    assert gap.value.code == "gap" and f"notices {w1}" in str(gap.value)
    post.apply(first_delta)
    assert check.check_person(post, "Oksana Bondarenko").hit
    with pytest.raises(PackageRefused) as reorder:
        post.apply(_build(net, "DE-full", since=v, notice_since=w0))
    assert reorder.value.code == "reordered"
    post.apply(_build(net, "DE-full", since=v, notice_since=w1))
    assert not check.check_person(post, "Oksana Bondarenko").hit


def test_notice_versions_out_of_range_are_refused(net: Network) -> None:
    from polnet.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as alone:
        _build(net, "DE-full", notice_since=0)
    assert alone.value.code == "offline_notice_since_alone"
    with pytest.raises(InvalidInput) as unknown:
        _build(net, "DE-full", since=0, notice_since=10**6)
    assert unknown.value.code == "offline_notice_since_unknown"
    client = signed_in_client(net.users["DE-admin"])
    body = json.dumps({"unit": net.units["DE-full"].pk, "since": 0, "notice_since": -1})
    r = client.post("/api/offline/packages", body, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "offline_notice_since_unknown"


def _transport(client: Client, capture: Any) -> Transport:
    def send(body: dict[str, Any]) -> list[dict[str, Any]]:
        with capture(execute=True):  # what the request's commit sends out, the owner's notice
            r = client.post("/api/offline/hits", json.dumps(body), content_type="application/json")
        assert r.status_code == 200, r.content
        answer: list[dict[str, Any]] = r.json()["hits"]
        return answer

    return send


def test_an_offline_hit_on_a_notice_is_uploaded_once_and_made_as_online(
    net: Network, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    notice = published(net)
    post = _post(net, tmp_path, "DE-full")
    post.apply(_build(net, "DE-full"))
    assert check.check_person(post, *PETRENKO, location="Lake crossing").hit
    client = signed_in_client(net.users["DE-unit-full"])
    assert sync(post, _transport(client, django_capture_on_commit_callbacks)) == {
        "created": 1,
        "duplicate": 0,
    }
    offline = Hit.objects.get()

    # The same check online: the same hit, but for where and when.
    online_result = screening.screen_person(
        net.actor("DE-unit-full"),
        screening.person_query(PETRENKO[0], date_of_birth=PETRENKO[1]),
        purpose="border_management",
    )
    [online] = Hit.objects.filter(pk__in=[c.hit_id for c in online_result.candidates if c.kind == "notice"])
    same = (
        "kind",
        "record_id",
        "owner_country_id",
        "unit_id",
        "screening_country_id",
        "action",
        "action_reference",
    )
    assert [getattr(offline, f) for f in same] == [getattr(online, f) for f in same]
    assert (offline.kind, offline.record_id, offline.owner_country_id) == ("notice", notice.pk, "FR")
    assert "Lake crossing" in offline.location and offline.due_at is not None
    assert Notification.objects.filter(
        kind="hit_new", subject_id=offline.pk, recipient_bureau__country="FR"
    ).exists()

    # Sent again (the answer was lost on the way back): "duplicate", nothing made twice.
    post.db.execute("update hits set uploaded = 0")
    assert sync(post, _transport(client, django_capture_on_commit_callbacks)) == {
        "created": 0,
        "duplicate": 1,
    }
    assert Hit.objects.filter(kind="notice").count() == 2  # the offline one and the online one
    assert Notification.objects.filter(kind="hit_new", subject_id=offline.pk).count() == 1
