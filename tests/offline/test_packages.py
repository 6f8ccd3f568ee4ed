"""Signed offline packages: what a unit's package holds, and how a post refuses a bad one."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from polnet.notices import services as services_notices
from polnet.notices.models import Notice
from polnet.notices.states import Act
from polnet.offline import services
from polnet.post import check
from polnet.post.package import PackageRefused, fingerprint, open_package, seal
from polnet.post.store import Post
from polnet.records import services as records
from polnet.screening import services as screening
from tests.factories import Network, make_record
from tests.notices.helpers import RED, act, content, published

pytestmark = pytest.mark.django_db


def _post(net: Network, folder: Path, unit: str) -> Post:
    public, fp, _ = services.public_key("DE")
    post = Post(folder)
    post.init(public, fp, unit=net.units[unit].pk, bureau="DE")
    return post


def _build(net: Network, unit: str, since: int | None = None) -> bytes:
    return services.build_package(net.actor("DE-admin"), net.units[unit].pk, since)


def _lines(data: bytes) -> list[dict[str, Any]]:
    payload = data.split(b"\n", 1)[1]
    return [json.loads(line) for line in gzip.decompress(payload).splitlines()]


def _records(net: Network) -> dict[str, Any]:
    """Records the DE units may and may not screen."""
    fr = net.actor("FR-officer")
    return {
        "shared": make_record(fr, "document"),
        "listed_de": make_record(fr, "document", restriction="only_listed", listed=["DE"]),
        "listed_it": make_record(fr, "document", restriction="only_listed", listed=["IT"]),
        "de_bureau_only": make_record(net.actor("DE-officer"), "document", bureau_only=True),
        "person": make_record(fr, "person"),
    }


def _subject(given: str, family: str, dob: str) -> dict[str, Any]:
    return {"names": [{"given": given, "family": family, "script": "Latn"}], "date_of_birth": dob}


def _notices(net: Network) -> dict[str, tuple[Notice, str, str]]:
    """Notices in force and not, shared with DE units and not; each with the name and date to check."""
    made = {
        "all": (
            published(net, **_subject("Viktor", "Petrenko", "1981-04-17")),
            "Viktor Petrenko",
            "1981-04-17",
        ),
        "listed_de": (
            published(
                net,
                **_subject("Oksana", "Bondarenko", "1975-02-03"),
                restriction="only_listed",
                listed_countries=["DE"],
            ),
            "Oksana Bondarenko",
            "1975-02-03",
        ),
        "listed_it": (
            published(
                net,
                **_subject("Taras", "Melnyk", "1969-11-21"),
                restriction="only_listed",
                listed_countries=["IT"],
            ),
            "Taras Melnyk",
            "1969-11-21",
        ),
        "bureau_only": (
            published(net, **_subject("Dmytro", "Kovalchuk", "1990-06-30"), bureau_only=True),
            "Dmytro Kovalchuk",
            "1990-06-30",
        ),
        "own_listed_fr": (
            published(
                net,
                "DE-officer",
                **_subject("Ilse", "Brandstetter", "1958-09-09"),
                restriction="only_listed",
                listed_countries=["FR"],
            ),
            "Ilse Brandstetter",
            "1958-09-09",
        ),
    }
    withdrawn = published(net, **_subject("Andriy", "Shevchuk", "1984-12-01"))
    made["withdrawn"] = (
        act(net.actor("FR-officer"), withdrawn, Act.WITHDRAW),
        "Andriy Shevchuk",
        "1984-12-01",
    )
    un = services_notices.create_notice(
        net.actor("gs-reviewer"),
        content(
            RED,
            kind="un",
            warrants=[],
            details={"un_reference": "QDi.1", "sanctions_committee": "1267"},
            **_subject("Yusuf", "Abdelrahman", "1966-01-15"),
        ),
    )
    for step in (Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH):
        un = act(net.actor("gs-reviewer"), un, step)
    made["un"] = (un, "Yusuf Abdelrahman", "1966-01-15")
    return made


def _online_notices(actor: Any, name: str, dob: str) -> set[int]:
    query = screening.person_query(name, date_of_birth=dob)
    result = screening.screen_person(actor, query, purpose="border_management")
    return {c.record_id for c in result.candidates if c.kind == "notice"}


def test_a_units_package_holds_exactly_what_its_online_check_finds(
    net: Network, tmp_path: Path, fresh_screening_index: None
) -> None:
    made = _records(net)
    notices = _notices(net)
    post = _post(net, tmp_path, "DE-full")
    post.apply(_build(net, "DE-full"))
    online = net.actor("DE-unit-full")
    for name, record in made.items():
        if name == "person":
            continue
        offline_hit = check.check_document(post, record.number, "").hit
        online_hit = screening.screen_document(online, record.number, None).hit
        assert offline_hit == online_hit, name
    assert {n for n in made if n != "person" and check.check_document(post, made[n].number).hit} == {
        "shared",
        "listed_de",
    }
    assert check.check_person(post, "Ivan Ivanov", "1974-08-12").hit

    # The subjects of notices: the same ones as the online person check, by the same rule.
    found = {}
    for name, (_, who, dob) in notices.items():
        offline = {h["record_id"] for h in check.check_person(post, who, dob).hits if h["kind"] == "notice"}
        assert offline == _online_notices(online, who, dob), name
        found[name] = offline
    assert {n for n, ids in found.items() if ids} == {"all", "listed_de", "own_listed_fr", "un"}
    assert all(found[n] == {notices[n][0].pk} for n in ("all", "listed_de", "own_listed_fr", "un"))

    # A hit / no hit unit's post: the same hits as its online check.
    hit_only = _post(net, tmp_path / "hit-only", "DE-hitonly")
    hit_only.apply(_build(net, "DE-hitonly"))
    for name, (_, who, dob) in notices.items():
        online_hit = bool(_online_notices(net.actor("DE-unit-hitonly"), who, dob))
        assert check.check_person(hit_only, who, dob).hit == online_hit, name


def test_a_docs_only_units_package_holds_only_documents(net: Network) -> None:
    _records(net)
    data = _build(net, "DE-docsonly")
    assert {line["k"] for line in _lines(data)} == {"document"}


def _read(data: bytes) -> list[dict[str, Any]]:
    """A package's lines as a post reads them: the signature verified, the payload decompressed."""
    public, _, _ = services.public_key("DE")
    return list(open_package(data, Ed25519PublicKey.from_public_bytes(public)).lines())


def test_a_hit_only_units_package_holds_no_details(net: Network, tmp_path: Path) -> None:
    made = _records(net)
    full = _read(_build(net, "DE-full"))
    # What a full unit's lines hold and a hit / no hit unit's must not.
    assert {"o", "a"} <= {key for line in full for key in line}
    full_text = json.dumps(full, ensure_ascii=False)
    details = ("passport", "stolen", "Cyrl", "Latn", '"RU"')  # kind, status, scripts, nationality
    assert all(detail in full_text for detail in details)

    data = _build(net, "DE-hitonly")
    lines = _read(data)
    assert {line["k"] for line in lines} == {"document", "person"}
    assert all(set(line) == {"k", "r"} for line in lines)  # no owner ("o"), no action asked ("a")
    text = json.dumps(lines, ensure_ascii=False)
    for detail in details:
        assert detail not in text, detail
    # A name keeps its native-script spelling, which the engine matches on, without its label.
    [person] = [line["r"] for line in lines if line["k"] == "person"]
    record_id, names, dob, sex, nationalities, identifiers = person
    assert record_id == made["person"].pk and dob == [1974, 8, 12]
    assert (sex, nationalities, identifiers) == (None, [], [])
    assert {(given, family) for given, family, *_ in names} == {("Ivan", "Ivanov"), ("Иван", "Иванов")}
    assert all(script == "" and not alias for *_, script, alias in names)

    post = _post(net, tmp_path, "DE-hitonly")
    post.apply(data)
    answer = check.check_document(post, made["shared"].number).public()
    assert answer["hit"] and "hits" not in answer and "advice" in answer
    assert check.check_person(post, "Иван Иванов", "1974-08-12").hit
    assert post.detail("document", made["shared"].pk) == ("", "")  # nothing kept to show


def _tampered(data: bytes, at: int) -> bytes:
    b = bytearray(data)
    b[at] ^= 0x01
    return bytes(b)


def test_a_forged_package_is_refused(net: Network, tmp_path: Path) -> None:
    _records(net)
    post = _post(net, tmp_path, "DE-full")
    data = _build(net, "DE-full")
    with pytest.raises(PackageRefused) as payload:
        post.apply(_tampered(data, len(data) - 10))
    assert payload.value.code == "payload_altered"
    head, rest = data.split(b"\n", 1)
    header = json.loads(head)
    header["manifest"]["expires_at"] = "2999-01-01T00:00:00+00:00"
    with pytest.raises(PackageRefused) as manifest:
        post.apply(json.dumps(header).encode() + b"\n" + rest)
    assert manifest.value.code == "signature"
    other = Ed25519PrivateKey.generate()
    with pytest.raises(PackageRefused) as wrong_key:
        post.apply(seal({k: v for k, v in header["manifest"].items()}, rest, other))
    assert wrong_key.value.code == "signature"
    with pytest.raises(PackageRefused) as truncated:
        post.apply(data[: len(data) - 100])
    assert truncated.value.code == "truncated"
    assert post.manifest() is None  # nothing applied


def test_a_post_refuses_a_key_whose_fingerprint_differs(net: Network, tmp_path: Path) -> None:
    public, fp, _ = services.public_key("DE")
    other = services.public_key("FR")[0]
    with pytest.raises(Exception, match="fingerprint"):
        Post(tmp_path).init(other, fp, unit=net.units["DE-full"].pk, bureau="DE")
    assert fingerprint(public) == fp


def test_deltas_apply_in_order_and_replays_gaps_and_reordering_are_refused(
    net: Network, tmp_path: Path
) -> None:
    made = _records(net)
    post = _post(net, tmp_path, "DE-full")
    full = _build(net, "DE-full")
    post.apply(full)
    v0 = post.manifest()["version"]  # type: ignore[index]
    fr = net.actor("FR-officer")
    new = make_record(fr, "document")
    d1 = _build(net, "DE-full", since=v0)
    v1 = json.loads(d1.split(b"\n", 1)[0])["manifest"]["version"]
    records.delete_record(fr, "document", made["shared"].pk)
    d2 = _build(net, "DE-full", since=v1)
    newer = make_record(fr, "document")
    d3 = _build(net, "DE-full", since=json.loads(d2.split(b"\n", 1)[0])["manifest"]["version"])

    with pytest.raises(PackageRefused) as gap:
        post.apply(d2)
    assert gap.value.code == "gap"
    post.apply(d1)
    assert check.check_document(post, new.number).hit
    with pytest.raises(PackageRefused) as replay:
        post.apply(d1)
    assert replay.value.code == "replayed"
    post.apply(d2)
    assert not check.check_document(post, made["shared"].number).hit
    with pytest.raises(PackageRefused) as reorder:
        post.apply(_build(net, "DE-full", since=v1))  # a delta from before the version held
    assert reorder.value.code in {"reordered", "replayed"}
    post.apply(d3)
    assert check.check_document(post, newer.number).hit
    # The post's indexes on disk are the applied ones: a new process reads them.
    assert check.check_document(Post(tmp_path), newer.number).hit


def test_a_delta_that_drops_a_record_from_the_units_sight_removes_it(net: Network, tmp_path: Path) -> None:
    fr = net.actor("FR-officer")
    doc = make_record(fr, "document")
    post = _post(net, tmp_path, "DE-full")
    post.apply(_build(net, "DE-full"))
    v0 = post.manifest()["version"]  # type: ignore[index]
    records.update_record(
        fr,
        "document",
        doc.pk,
        {"restriction": "only_listed", "listed_countries": ["IT"], "version": doc.version},
    )
    delta = _build(net, "DE-full", since=v0)
    assert {"k": "document", "d": doc.pk} in _lines(delta)
    post.apply(delta)
    assert not check.check_document(post, doc.number).hit


def test_an_expired_package_says_so_on_every_check(net: Network, tmp_path: Path) -> None:
    made = _records(net)
    post = _post(net, tmp_path, "DE-full")
    post.apply(_build(net, "DE-full"))
    later = datetime.now(UTC) + timedelta(hours=73)
    assert not post.expired() and post.expired(later)
    services.set_max_age(net.actor("DE-admin"), 1)
    post.apply(_build(net, "DE-full"))
    assert post.expired(datetime.now(UTC) + timedelta(hours=2))
    # A package already past its age: every answer warns.
    state = post.manifest()
    assert state is not None
    state["expires_at"] = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    post.db.execute("update state set manifest = ?", (json.dumps(state),))
    for _ in range(2):
        assert check.check_document(post, made["shared"].number).warnings


def _version(data: bytes) -> int:
    return int(json.loads(data.split(b"\n", 1)[0])["manifest"]["version"])


def test_deltas_join_a_journal_replayed_over_the_saved_indexes_and_saved_whole_in_time(
    net: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A delta does not write the indexes again: its file joins the journal, which a new process
    replays; every JOURNAL_MAX deltas they are saved whole; a full package empties it."""
    from polnet.post import store

    monkeypatch.setattr(store, "JOURNAL_MAX", 2)
    fr = net.actor("FR-officer")
    post = _post(net, tmp_path, "DE-full")
    post.apply(_build(net, "DE-full"))
    saved = (tmp_path / "indexes" / "document.idx").stat().st_mtime_ns
    version = post.manifest()["version"]  # type: ignore[index]
    numbers = []
    for turn in range(3):
        numbers.append(make_record(fr, "document").number)
        delta = _build(net, "DE-full", since=version)
        version = _version(delta)
        if turn == 0:  # a process that holds no indexes applies a delta without reading them
            cold = Post(tmp_path)
            cold.apply(delta)
            assert cold._engines is None
        else:
            post.apply(delta)
        journal = sorted(p.name for p in (tmp_path / "journal").glob("*.pkg")) if turn < 2 else []
        assert len(journal) == [1, 2, 0][turn]
        if turn < 2:  # replayed, not saved: the index file is the full package's
            assert (tmp_path / "indexes" / "document.idx").stat().st_mtime_ns == saved
        fresh = Post(tmp_path)  # another process: saved indexes and the journal's deltas
        assert all(check.check_document(fresh, n).hit for n in numbers)
    assert not (tmp_path / "journal").exists()  # the third delta saved the indexes whole
    assert (tmp_path / "indexes" / "document.idx").stat().st_mtime_ns != saved
    numbers.append(make_record(fr, "document").number)
    post.apply(_build(net, "DE-full", since=version))
    assert (tmp_path / "journal").exists()
    post.apply(_build(net, "DE-full"))  # a full package starts again from nothing
    assert not (tmp_path / "journal").exists()
    assert all(check.check_document(Post(tmp_path), n).hit for n in numbers)


def test_a_journal_file_altered_on_disk_is_refused_when_read(net: Network, tmp_path: Path) -> None:
    fr = net.actor("FR-officer")
    post = _post(net, tmp_path, "DE-full")
    post.apply(_build(net, "DE-full"))
    make_record(fr, "document")
    post.apply(_build(net, "DE-full", since=post.manifest()["version"]))  # type: ignore[index]
    (kept,) = (tmp_path / "journal").glob("*.pkg")
    kept.write_bytes(_tampered(kept.read_bytes(), -40))
    with pytest.raises(PackageRefused):
        check.check_document(Post(tmp_path), "X")
