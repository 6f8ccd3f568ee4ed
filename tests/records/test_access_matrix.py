"""The access matrix: every role x every record kind x every restriction x every way out.

The expectation below is the access rule written independently, in plain terms, from
the data rules; the application must agree with it through the real API and sessions.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest
from django.db.models import QuerySet
from django.test import Client

from polnet.core.actor import Role
from polnet.core.policy import RecordStatus, Restriction
from polnet.records import services as records
from polnet.records.models import RECORD_MODELS
from tests.factories import Network, make_record, network, signed_in_client

OWNER = "FR"
SEARCH_TERMS = {
    "person": "Ivanov",
    "document": "X",
    "vehicle": "1M8GDM9",
    "firearm": "ABC",
    "artwork": "Delft",
}


@dataclass(frozen=True)
class Scenario:
    name: str
    restriction: Restriction
    listed: tuple[str, ...] = ()
    bureau_only: bool = False
    expired: bool = False


SCENARIOS = (
    Scenario("all members", Restriction.ALL_MEMBERS),
    Scenario("only DE", Restriction.ONLY_LISTED, ("DE",)),
    Scenario("all except DE", Restriction.ALL_EXCEPT_LISTED, ("DE",)),
    Scenario("bureaus only", Restriction.ALL_MEMBERS, bureau_only=True),
    Scenario("only DE, bureaus only", Restriction.ONLY_LISTED, ("DE",), bureau_only=True),
    Scenario("expired", Restriction.ALL_MEMBERS, expired=True),
)

# (user key in the test network, role, country or None for the secretariat, unit databases, sees details)
ACTORS = {
    "FR-officer": (Role.BUREAU_OFFICER, "FR", None, True),
    "FR-admin": (Role.BUREAU_ADMIN, "FR", None, True),
    "FR-analyst": (Role.ANALYST, "FR", None, True),
    "FR-dpo": (Role.DATA_PROTECTION_OFFICER, "FR", None, True),
    "FR-unit-full": (Role.UNIT_OFFICER, "FR", "all", True),
    "FR-unit-hitonly": (Role.UNIT_OFFICER, "FR", "all", False),
    "FR-unit-docsonly": (Role.UNIT_OFFICER, "FR", "document", True),
    "DE-officer": (Role.BUREAU_OFFICER, "DE", None, True),
    "DE-analyst": (Role.ANALYST, "DE", None, True),
    "DE-unit-full": (Role.UNIT_OFFICER, "DE", "all", True),
    "DE-unit-hitonly": (Role.UNIT_OFFICER, "DE", "all", False),
    "DE-unit-docsonly": (Role.UNIT_OFFICER, "DE", "document", True),
    "IT-officer": (Role.BUREAU_OFFICER, "IT", None, True),
    "IT-unit-full": (Role.UNIT_OFFICER, "IT", "all", True),
    "gs-reviewer": (Role.SECRETARIAT_REVIEWER, None, None, True),
    "gs-analyst": (Role.ANALYST, None, None, True),
    "gs-dpo": (Role.DATA_PROTECTION_OFFICER, None, None, True),
    "gs-sysadmin": (Role.SYSTEM_ADMIN, None, None, True),
    # The learning centre's people are refused every records route (`network/auth.py`).
    "gs-course-trainer": (Role.TRAINER, None, None, False),
    "partner-member": (Role.PARTNER, None, None, False),
}


def expected_visible(actor: str, kind: str, s: Scenario) -> bool:
    role, country, unit_dbs, _ = ACTORS[actor]
    if country is None:  # the secretariat reads for its tasks; its administrator and trainers never
        return role in (Role.SECRETARIAT_REVIEWER, Role.ANALYST, Role.DATA_PROTECTION_OFFICER)
    is_unit = unit_dbs is not None
    if is_unit and (s.bureau_only or (unit_dbs != "all" and kind != unit_dbs)):
        return False
    if country == OWNER:
        return not (is_unit and s.expired)
    if s.expired:
        return False
    if s.restriction == Restriction.ONLY_LISTED:
        return country in s.listed
    if s.restriction == Restriction.ALL_EXCEPT_LISTED:
        return country not in s.listed
    return True


def test_matrix_covers_every_role_and_restriction() -> None:
    assert {a[0] for a in ACTORS.values()} == set(Role)
    assert {s.restriction for s in SCENARIOS} == set(Restriction)
    assert {s.expired for s in SCENARIOS} == {True, False}
    assert {s.bureau_only for s in SCENARIOS} == {True, False}


def _build(kind: str) -> tuple[Network, dict[int, Scenario]]:
    net = network()
    owner = net.actor("FR-officer")
    made: dict[int, Scenario] = {}
    for s in SCENARIOS:
        rec = make_record(
            owner, kind, restriction=s.restriction.value, listed=list(s.listed), bureau_only=s.bureau_only
        )
        if s.expired:
            qs: QuerySet = type(rec).objects.filter(pk=rec.pk)  # type: ignore[type-arg]
            qs.update(record_status=RecordStatus.EXPIRED)
        made[rec.pk] = s
    return net, made


def _ids_from(client: Client, url: str) -> set[int] | int:
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code
    if url.split("?")[0].endswith(".csv"):
        return {int(row["id"]) for row in csv.DictReader(io.StringIO(response.content.decode()))}
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.django_db
@pytest.mark.parametrize("way", ["list", "detail", "search", "export"])
@pytest.mark.parametrize("kind", sorted(RECORD_MODELS))
def test_access_matrix(kind: str, way: str) -> None:
    net, made = _build(kind)
    base = f"/api/records/{kind}s"
    wrong: list[str] = []
    for actor_key, (_, _, _, sees_details) in ACTORS.items():
        client = signed_in_client(net.users[actor_key])
        expected = {pk for pk, s in made.items() if expected_visible(actor_key, kind, s)}
        if way == "detail":
            for pk, s in made.items():
                status = client.get(f"{base}/{pk}").status_code
                want = 403 if not sees_details else (200 if pk in expected else 404)
                if status != want:
                    wrong.append(f"{actor_key} {s.name}: detail {status}, expected {want}")
            continue
        url = {
            "list": base,
            "search": f"{base}?search_purpose=investigation&q={SEARCH_TERMS[kind]}",
            "export": f"{base}/export.csv",
        }[way]
        got = _ids_from(client, url)
        want_ids: set[int] | int = expected if sees_details else 403
        if got != want_ids:
            names = lambda ids: ids if isinstance(ids, int) else sorted(made[i].name for i in ids)  # noqa: E731
            wrong.append(f"{actor_key}: {way} gave {names(got)}, expected {names(want_ids)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_a_documents_holder_is_named_only_to_who_may_see_that_person() -> None:
    """A document shared with every member names its holder's person record only to a reader
    whom the access rule lets see that person; to any other it shows no holder at all."""
    net = network()
    owner = net.actor("FR-officer")
    holder_of: dict[int, tuple[int, Scenario]] = {}
    for s in SCENARIOS:
        person = make_record(
            owner, "person", restriction=s.restriction.value, listed=list(s.listed), bureau_only=s.bureau_only
        )
        if s.expired:
            type(person).objects.filter(pk=person.pk).update(record_status=RecordStatus.EXPIRED)
        doc = make_record(owner, "document")
        records.update_record(owner, "document", doc.pk, {"version": 1, "holder_id": person.pk})
        holder_of[doc.pk] = (person.pk, s)
    shared = Scenario("all members", Restriction.ALL_MEMBERS)
    wrong: list[str] = []
    for actor_key, (_, _, _, sees_details) in ACTORS.items():
        if not sees_details or not expected_visible(actor_key, "document", shared):
            continue
        client = signed_in_client(net.users[actor_key])
        listed = {i["id"]: i["holder_id"] for i in client.get("/api/records/documents").json()["items"]}
        export = client.get("/api/records/documents/export.csv").content.decode()
        exported = {int(r["id"]): r["holder_id"] for r in csv.DictReader(io.StringIO(export))}
        for doc_pk, (person_pk, s) in holder_of.items():
            want = person_pk if expected_visible(actor_key, "person", s) else None
            shown = {
                "detail": client.get(f"/api/records/documents/{doc_pk}").json()["holder_id"],
                "list": listed[doc_pk],
                "export": int(exported[doc_pk]) if exported[doc_pk] else None,
            }
            wrong += [f"{actor_key} {s.name}: {way} shows {got}" for way, got in shown.items() if got != want]
    assert not wrong, "\n".join(wrong)
