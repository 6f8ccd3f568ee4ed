from __future__ import annotations

import json

import pytest
from django.test import Client

from polnet.core import audit
from polnet.core.actor import system_actor
from polnet.records import services as records
from polnet.records.models import Person
from polnet.screening import services
from polnet.screening.models import Hit, QueryLog
from polnet.screening.querylog import writer
from tests.factories import Network, access, make_record, signed_in_client
from tests.jobs.drive import run_jobs

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _person(net: Network, owner: str = "FR-officer", **kw: object) -> Person:
    data = {
        "names": [
            {"given": "Мухаммед", "family": "Аль-Рашид", "script": "Cyrl"},
            {"given": "Muhammad", "family": "Al-Rashid", "script": "Latn"},
        ],
        "date_of_birth": "1974-08-12",
        "sex": "M",
        "nationalities": ["RU"],
        **access(**kw),  # type: ignore[arg-type]
    }
    return records.create_record(net.actor(owner), "person", data)  # type: ignore[return-value]


def _check(client: Client, kind: str, body: dict) -> dict:  # type: ignore[type-arg]
    sent = {"purpose": "identification", **body}
    r = client.post(f"/api/screening/{kind}", json.dumps(sent), content_type="application/json")
    assert r.status_code == 200, r.content
    return r.json()  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_a_transliterated_name_finds_the_wanted_person_with_an_explanation(net: Network) -> None:
    rec = _person(net)
    body = _check(
        signed_in_client(net.users["DE-officer"]),
        "person",
        {"name": "Mohamed Alrashid", "date_of_birth": "1974-12-08", "location": "Frankfurt"},
    )
    assert body["hit"] and body["disclosed"]
    top = body["candidates"][0]
    assert top["record_id"] == rec.pk and 0 < top["score"] <= 1 and top["owner_country"] == "FR"
    features = {f["feature"] for f in top["explanation"]}
    assert {"name", "date_of_birth"} <= features
    assert top["record"]["names"][0]["family"] == "Аль-Рашид"
    hit = Hit.objects.get(pk=top["hit_id"])
    assert (hit.owner_country_id, hit.screening_country_id, hit.location) == ("FR", "DE", "Frankfurt")


@pytest.mark.django_db
def test_restrictions_apply_inside_the_index(net: Network) -> None:
    _person(net, restriction="only_listed", listed=["IT"])
    query = {"name": "Muhammad Al-Rashid", "date_of_birth": "1974"}
    assert not _check(signed_in_client(net.users["DE-officer"]), "person", query)["hit"]
    assert _check(signed_in_client(net.users["IT-officer"]), "person", query)["hit"]
    assert not _check(signed_in_client(net.users["gs-sysadmin"]), "person", query)["hit"]


@pytest.mark.django_db
def test_a_hit_only_unit_learns_nothing_but_hit_or_no_hit(net: Network) -> None:
    _person(net)
    body = _check(signed_in_client(net.users["DE-unit-hitonly"]), "person", {"name": "Muhammad Al-Rashid"})
    assert body["hit"] and not body["disclosed"]
    assert "candidates" not in body and body["hit_ids"] and "advice" in body
    assert "Rashid" not in json.dumps(body)


@pytest.mark.django_db
def test_bureau_only_records_never_hit_for_units(net: Network) -> None:
    _person(net, bureau_only=True)
    assert not _check(signed_in_client(net.users["FR-unit-full"]), "person", {"name": "Muhammad Al-Rashid"})[
        "hit"
    ]
    assert _check(signed_in_client(net.users["DE-officer"]), "person", {"name": "Muhammad Al-Rashid"})["hit"]


@pytest.mark.django_db
def test_a_unit_outside_its_scope_is_refused(net: Network) -> None:
    client = signed_in_client(net.users["DE-unit-docsonly"])
    r = client.post("/api/screening/person", json.dumps({"name": "X Y"}), content_type="application/json")
    assert r.status_code == 403


@pytest.mark.django_db
def test_the_index_follows_created_changed_deleted_and_expired_records(net: Network) -> None:
    de = net.actor("DE-officer")
    q = services.person_query("Muhammad Al-Rashid")
    assert not services.screen_person(
        de, q, purpose="identification"
    ).hit  # builds the index before the record exists
    rec = _person(net)
    assert services.screen_person(de, q, purpose="identification").hit
    records.update_record(
        net.actor("FR-officer"),
        "person",
        rec.pk,
        {"version": 1, "names": [{"given": "Pierre", "family": "Dupont"}]},
    )
    assert not services.screen_person(de, q, purpose="identification").hit
    assert services.screen_person(de, services.person_query("Pierre Dupont"), purpose="identification").hit
    Person.objects.filter(pk=rec.pk).update(review_date="2020-01-01")
    records.expire_overdue(system_actor("test"))
    assert not services.screen_person(
        de, services.person_query("Pierre Dupont"), purpose="identification"
    ).hit
    assert services.screen_person(
        net.actor("FR-officer"), services.person_query("Pierre Dupont"), purpose="identification"
    ).hit
    records.delete_record(net.actor("FR-officer"), "person", rec.pk)
    assert not services.screen_person(
        net.actor("FR-officer"), services.person_query("Pierre Dupont"), purpose="identification"
    ).hit


@pytest.mark.django_db
def test_documents_exact_near_and_mrz(net: Network) -> None:
    fr = net.actor("FR-officer")
    records.create_record(
        fr,
        "document",
        {
            "number": "L898902C3",
            "kind": "passport",
            "status": "stolen",
            "date_reported": "2026-01-05",
            **access(),
        },
    )
    client = signed_in_client(net.users["DE-officer"])
    exact = _check(client, "document", {"number": "L898902C3", "country": "FR"})
    assert exact["hit"] and exact["candidates"][0]["score"] == 1.0
    near = _check(client, "document", {"number": "L8989O2C3", "country": "FRA"})
    assert near["hit"] and near["candidates"][0]["score"] < 1.0
    assert not _check(client, "document", {"number": "L898902C3", "country": "DE"})["hit"]
    mrz = _check(client, "document", {"mrz": TD3})
    assert mrz["parsed"]["document_number"] == "L898902C3" and mrz["parsed"]["surname"] == "ERIKSSON"
    assert not mrz["hit"]  # issued by UTO, not France
    assert mrz["related"][0]["kind"] == "person"
    bad = client.post(
        "/api/screening/document",
        json.dumps({"mrz": TD3.replace("L898902C36", "L898902C37"), "purpose": "identification"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["field"].startswith("mrz.")


@pytest.mark.django_db
def test_vehicles_and_firearms(net: Network) -> None:
    make_record(net.actor("FR-officer"), "vehicle")
    make_record(net.actor("FR-officer"), "firearm")
    client = signed_in_client(net.users["DE-officer"])
    assert _check(client, "vehicle", {"vin": "1M8GDM9AXKP042788"})["hit"]
    assert _check(client, "vehicle", {"plate": "ab 123 cd", "plate_country": "FR"})["hit"]
    assert not _check(client, "vehicle", {"vin": "1M8GDM9AXKP042789"})["hit"]
    assert _check(client, "vehicle", {"vin": "1M8GDM9AXKPO42788"})["hit"]  # O read for 0
    assert _check(client, "firearm", {"serial": "abc-123", "make": "Glock"})["hit"]
    assert not _check(client, "firearm", {"serial": "XYZ999"})["hit"]


@pytest.mark.django_db
def test_owner_sees_the_hit_and_the_unit_reports_the_outcome(net: Network) -> None:
    _person(net)
    unit = signed_in_client(net.users["DE-unit-full"])
    hit_id = _check(unit, "person", {"name": "Muhammad Al-Rashid"})["candidates"][0]["hit_id"]
    owner = signed_in_client(net.users["FR-officer"])
    assert [h["id"] for h in owner.get("/api/screening/hits?on_my_records=true").json()] == [hit_id]
    assert (
        owner.post(
            f"/api/screening/hits/{hit_id}/outcome",
            json.dumps({"outcome": "arrested"}),
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        signed_in_client(net.users["IT-officer"])
        .post(
            f"/api/screening/hits/{hit_id}/outcome",
            json.dumps({"outcome": "arrested"}),
            content_type="application/json",
        )
        .status_code
        == 404
    )
    r = unit.post(
        f"/api/screening/hits/{hit_id}/outcome",
        json.dumps({"outcome": "refused_entry", "note": "gate 4"}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["outcome"] == "refused_entry"
    assert owner.get("/api/screening/hits").json()[0]["outcome"] == "refused_entry"
    assert signed_in_client(net.users["IT-officer"]).get("/api/screening/hits").json() == []


@pytest.mark.django_db
def test_the_owner_bureau_is_told_by_an_event_stream(net: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    from polnet.notifications import live

    monkeypatch.setattr(live, "STREAM_SECONDS", 1.5)  # a WSGI server's stream: see tests/notifications
    _person(net)
    _check(signed_in_client(net.users["DE-officer"]), "person", {"name": "Muhammad Al-Rashid"})
    owner = signed_in_client(net.users["FR-officer"])
    response = owner.get("/api/screening/hits/stream", HTTP_LAST_EVENT_ID="0")
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert "event: hit" in text and '"owner_country": "FR"' in text


@pytest.mark.django_db
def test_every_query_is_logged_and_sealed_into_the_audit_chain(net: Network) -> None:
    _person(net)
    de = net.actor("DE-officer")
    services.screen_person(de, services.person_query("Muhammad Al-Rashid"), purpose="identification")
    services.screen_person(de, services.person_query("Nobody Atall"), purpose="identification")
    writer.flush()
    logs = list(QueryLog.objects.order_by("id"))
    assert [(q.actor_name, q.result["hit"]) for q in logs] == [("de-officer", True), ("de-officer", False)]
    assert audit.verify_chain().ok
    QueryLog.objects.filter(pk=logs[1].pk).update(query={"names": ["someone else"]})
    report = audit.verify_chain()
    assert not report.ok and "altered" in str(report.problem)
    QueryLog.objects.filter(pk=logs[1].pk).update(query=logs[1].query)
    assert audit.verify_chain().ok
    QueryLog.objects.filter(pk=logs[0].pk).delete()
    report = audit.verify_chain()
    assert not report.ok and "sealed" in str(report.problem)


@pytest.mark.django_db
def test_a_query_that_cannot_be_logged_gets_no_answer_and_its_row_waits_for_the_next(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    from polnet.screening import querylog

    de = net.actor("DE-officer")
    real_insert = querylog._insert

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(querylog, "_insert", broken)
    with pytest.raises(RuntimeError):
        services.screen_person(de, services.person_query("A B"), purpose="identification")
    assert QueryLog.objects.count() == 0
    monkeypatch.setattr(querylog, "_insert", real_insert)
    services.screen_person(de, services.person_query("C D"), purpose="identification")
    assert [q.query["names"] for q in QueryLog.objects.order_by("id")] == [["A B"], ["C D"]]
    assert audit.verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_a_passenger_list_runs_in_the_background(net: Network) -> None:
    _person(net)
    client = signed_in_client(net.users["DE-unit-full"])
    rows = "name,date_of_birth,nationality,document_number,document_country\n"
    rows += "Muhammad Al-Rashid,1974-08-12,RU,,\n" + "".join(
        f"Traveller Number{i},1980,FR,AB{i:06d},FR\n" for i in range(200)
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        "/api/screening/batches?purpose=border_management",
        {"file": SimpleUploadedFile("list.csv", rows.encode(), "text/csv")},
    )
    assert r.status_code == 202, r.content
    batch_id = r.json()["id"]
    assert client.get(f"/api/screening/batches/{batch_id}").json()["status"] == "queued"
    assert run_jobs() == 1
    status = client.get(f"/api/screening/batches/{batch_id}").json()
    assert (
        status["status"] == "done" and status["total"] == status["done"] == 201 and status["hit_count"] == 1
    )
    csv_text = b"".join(client.get(status["results_url"]).streaming_content).decode()  # type: ignore[attr-defined]
    lines = csv_text.strip().splitlines()
    assert len(lines) == 202 and lines[1].split(",")[5] == "1"
    other = signed_in_client(net.users["FR-officer"])
    assert other.get(f"/api/screening/batches/{batch_id}").status_code == 404


@pytest.mark.django_db
def test_a_hit_on_a_document_names_only_a_holder_the_screener_may_see(net: Network) -> None:
    owner = net.actor("FR-officer")
    hidden = make_record(owner, "person", restriction="only_listed", listed=["IT"])
    doc = make_record(owner, "document")
    records.update_record(owner, "document", doc.pk, {"version": 1, "holder_id": hidden.pk})
    for user, holder in (("DE-officer", None), ("IT-officer", hidden.pk)):
        found = _check(signed_in_client(net.users[user]), "document", {"number": doc.number, "country": "FR"})
        [candidate] = found["candidates"]
        assert candidate["record"]["holder_id"] == holder, user
