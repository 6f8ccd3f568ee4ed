"""Every search of persons states its purpose, from the listed purposes, and the query log and
the audit log keep it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.test import Client
from typer.testing import CliRunner

from polnet import cli as polnet_cli
from polnet.core.errors import InvalidInput
from polnet.core.models import AuditEntry
from polnet.core.purposes import Purpose
from polnet.network.services import issue_token
from polnet.screening import querylog, services
from polnet.screening.models import Hit, QueryLog, ScreeningBatch
from tests.factories import Network, make_record, signed_in_client
from tests.jobs.drive import run_jobs

IVAN = {"name": "Ivan Ivanov", "date_of_birth": "1974-08-12"}  # the sample person record


def _post(client: Client, path: str, body: dict[str, object], **headers: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    r = client.post(path, json.dumps(body), content_type="application/json", **headers)
    return r.status_code, r.json()


@pytest.mark.django_db
@pytest.mark.parametrize(("purpose", "code"), [("", "purpose_required"), ("curiosity", "purpose_unknown")])
def test_the_api_refuses_a_person_check_without_a_listed_purpose_and_writes_nothing(
    net: Network, purpose: str, code: str
) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-officer"])

    status, body = _post(client, "/api/screening/person", {**IVAN, "purpose": purpose})

    assert status == 422
    assert (body["code"], body["field"]) == (code, "purpose")
    assert "border_management" in body["detail"] and "locate_wanted" in body["detail"]
    assert not QueryLog.objects.exists()
    assert not Hit.objects.exists()


@pytest.mark.django_db
def test_an_mrz_check_names_its_holder_so_it_needs_a_purpose_before_the_document_is_checked(
    net: Network,
) -> None:
    client = signed_in_client(net.users["DE-officer"])
    mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"

    status, body = _post(client, "/api/screening/document", {"mrz": mrz})

    assert (status, body["code"], body["field"]) == (422, "purpose_required", "purpose")
    assert not QueryLog.objects.exists()
    status, _ = _post(client, "/api/screening/document", {"mrz": mrz, "purpose": "identification"})
    assert status == 200
    assert set(QueryLog.objects.values_list("kind", "purpose")) == {
        ("document", "identification"),
        ("person", "identification"),
    }


@pytest.mark.django_db
def test_a_stated_purpose_is_kept_in_the_query_log_and_sealed_with_its_row(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-officer"])

    status, body = _post(client, "/api/screening/person", {**IVAN, "purpose": "locate_wanted"})

    assert status == 200 and body["hit"]
    row = QueryLog.objects.get()
    assert row.purpose == "locate_wanted"
    [seal] = AuditEntry.objects.filter(object_type=querylog.SEAL_TYPE)
    assert querylog.verify_seal(seal) is None
    # The purpose is part of the sealed digest: a purpose changed afterwards is found.
    QueryLog.objects.filter(pk=row.pk).update(purpose="border_management")
    assert querylog.verify_seal(seal) == f"query log rows {row.pk}-{row.pk} were altered"


@pytest.mark.django_db
def test_a_document_check_keeps_a_stated_purpose_and_needs_none(net: Network) -> None:
    de = net.actor("DE-officer")
    services.screen_document(de, "ZZ0000001", None)
    services.screen_document(de, "ZZ0000002", None, purpose="security_check")
    assert list(QueryLog.objects.order_by("pk").values_list("purpose", flat=True)) == ["", "security_check"]
    with pytest.raises(InvalidInput) as refused:
        services.screen_vehicle(de, plate="AB123CD", purpose="gossip")
    assert (refused.value.code, refused.value.field) == ("purpose_unknown", "purpose")


@pytest.mark.django_db
def test_a_tokens_default_purpose_applies_unless_the_request_states_its_own(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    admin, gate = net.actor("DE-admin"), net.users["DE-unit-full"]
    _, with_default = issue_token(
        admin, gate, name="gate 3", scopes=["screening"], default_purpose=Purpose.BORDER_MANAGEMENT
    )
    _, without = issue_token(admin, gate, name="gate 4", scopes=["screening"])
    client = Client()

    assert _post(client, "/api/screening/person", IVAN, HTTP_AUTHORIZATION=f"Bearer {with_default}")[0] == 200
    assert (
        _post(
            client,
            "/api/screening/person",
            {**IVAN, "purpose": "investigation"},
            HTTP_AUTHORIZATION=f"Bearer {with_default}",
        )[0]
        == 200
    )
    status, body = _post(client, "/api/screening/person", IVAN, HTTP_AUTHORIZATION=f"Bearer {without}")

    assert (status, body["code"]) == (422, "purpose_required")
    assert list(QueryLog.objects.order_by("pk").values_list("purpose", flat=True)) == [
        "border_management",
        "investigation",
    ]


@pytest.mark.django_db
def test_the_bureau_sets_a_tokens_default_purpose_from_the_list_and_sees_it_listed(net: Network) -> None:
    admin = signed_in_client(net.users["DE-admin"])
    user_id = net.users["DE-unit-full"].pk
    body = {"user_id": user_id, "name": "gate", "scopes": ["screening"]}

    status, refused = _post(admin, "/api/network/tokens", {**body, "default_purpose": "anything"})
    assert (status, refused["code"], refused["field"]) == (422, "purpose_unknown", "default_purpose")
    status, issued = _post(admin, "/api/network/tokens", {**body, "default_purpose": "border_management"})
    assert status == 201 and issued["default_purpose"] == "border_management"

    listed = admin.get("/api/network/tokens").json()
    assert [t["default_purpose"] for t in listed] == ["border_management"]
    page = admin.get("/bureau/").content.decode()
    assert "Border management" in page
    grant = AuditEntry.objects.get(object_type="api_token", action="grant")
    assert grant.detail["default_purpose"] == "border_management"


@pytest.mark.django_db
def test_the_token_page_form_sets_the_default_purpose(net: Network) -> None:
    admin = signed_in_client(net.users["DE-admin"])
    form = {
        "user": net.users["DE-unit-full"].pk,
        "name": "terminal 2",
        "scopes": ["screening"],
        "days": 30,
        "default_purpose": "security_check",
    }

    r = admin.post("/bureau/tokens/new/", form)

    assert r.status_code == 200, r.content
    assert "Security check" in r.content.decode()
    from polnet.network.models import ApiToken

    assert ApiToken.objects.get(name="terminal 2").default_purpose == "security_check"


def _check_page(client: Client, **fields: str) -> tuple[int, str]:
    r = client.post("/check/", {"check": "person", **fields})
    return r.status_code, r.content.decode()


def _selected(page: str) -> str:
    """The purpose the person form's select starts with."""
    start = page.index('name="purpose"')
    chosen = page[start : page.index("</select>", start)]
    marker = chosen.find(" selected")
    return "" if marker < 0 else chosen[chosen.rfind('value="', 0, marker) + 7 :].split('"')[0]


@pytest.mark.django_db
def test_the_check_page_offers_the_units_usual_purpose_and_remembers_the_last(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    unit = signed_in_client(net.users["DE-unit-full"])  # an airport: border management
    assert _selected(unit.get("/check/?kind=person").content.decode()) == "border_management"
    assert _selected(signed_in_client(net.users["DE-officer"]).get("/check/").content.decode()) == ""

    status, page = _check_page(unit, **IVAN, purpose="investigation")

    assert status == 200
    assert QueryLog.objects.get().purpose == "investigation"
    assert _selected(page) == "investigation"  # the next traveller's form
    assert _selected(unit.get("/check/?kind=person").content.decode()) == "investigation"


@pytest.mark.django_db
def test_the_check_page_refuses_a_person_check_without_purpose_beside_the_field(net: Network) -> None:
    officer = signed_in_client(net.users["DE-officer"])

    status, page = _check_page(officer, **IVAN)

    assert status == 422
    assert "State the purpose of the search" in page
    assert not QueryLog.objects.exists()


@pytest.mark.django_db
def test_the_command_line_states_the_purpose(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    args = ["screen", "--as", "de-officer", "--name", "Ivan Ivanov", "--dob", "1974-08-12"]

    refused = CliRunner().invoke(polnet_cli.app, args)
    assert refused.exit_code == 2 and "State the purpose" in refused.output
    assert not QueryLog.objects.exists()
    done = CliRunner().invoke(polnet_cli.app, [*args, "--purpose", "identification"])

    assert done.exit_code == 0, done.output
    assert QueryLog.objects.get().purpose == "identification"


@pytest.mark.django_db
def test_a_listed_file_on_the_command_line_states_one_purpose_for_its_rows(
    net: Network, tmp_path: Path
) -> None:
    passengers = tmp_path / "list.csv"
    passengers.write_text("name,date_of_birth\nIvan Ivanov,1974-08-12\nAnna Berg,1980-01-01\n")
    args = ["screen", "--as", "de-unit-full", "--file", str(passengers), "--out", str(tmp_path / "out.csv")]

    done = CliRunner().invoke(polnet_cli.app, [*args, "--purpose", "border_management"])

    assert done.exit_code == 0, done.output
    assert list(QueryLog.objects.values_list("purpose", flat=True)) == ["border_management"] * 2


def _upload(client: Client, purpose: str | None) -> tuple[int, dict]:  # type: ignore[type-arg]
    upload = io.BytesIO(b"name,date_of_birth\nIvan Ivanov,1974-08-12\nAnna Berg,1980-01-01\n")
    upload.name = "list.csv"
    path = "/api/screening/batches" + (f"?purpose={purpose}" if purpose is not None else "")
    r = client.post(path, {"file": upload})
    return r.status_code, r.json()


@pytest.mark.django_db(transaction=True)
def test_a_passenger_lists_rows_carry_the_purpose_stated_at_the_upload(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-unit-full"])

    status, body = _upload(client, None)
    assert (status, body["code"], body["field"]) == (422, "purpose_required", "purpose")
    assert not ScreeningBatch.objects.exists()
    status, body = _upload(client, "border_management")
    assert status == 202, body
    run_jobs()

    assert ScreeningBatch.objects.get().purpose == "border_management"
    assert list(QueryLog.objects.values_list("kind", "purpose")) == [("person", "border_management")] * 2
    created = AuditEntry.objects.get(object_type="screening_batch", action="create")
    assert created.purpose == "border_management"


@pytest.mark.django_db(transaction=True)
def test_the_upload_page_states_the_lists_purpose(net: Network) -> None:
    client = signed_in_client(net.users["DE-unit-full"])
    upload = io.BytesIO(b"name,date_of_birth\nIvan Ivanov,1974-08-12\n")
    upload.name = "list.csv"

    r = client.post("/check/batches/", {"file": upload, "purpose": "security_check"})

    assert r.status_code == 302, r.content
    run_jobs()
    assert QueryLog.objects.get().purpose == "security_check"
