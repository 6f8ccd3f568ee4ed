"""Requests through the API, the pages and the commands: the same services, the same rules,
bad input a clear 4xx and never a partial write."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from polnet.dataprotection.cli import app as dataprotection_cli
from polnet.dataprotection.requests.models import Consultation, DataRequest, RequestState
from polnet.network.services import issue_token
from tests.dataprotection.requests_helpers import PDF, plant
from tests.factories import Network, signed_in_client

API = "/api/dataprotection/requests"
pytestmark = pytest.mark.django_db


def _auth(net: Network, name: str, scopes: list[str] | None = None) -> dict[str, str]:
    user = net.users[name]
    issuer = f"{name[:2]}-admin"
    _, secret = issue_token(net.actor(issuer), user, name="t", scopes=scopes or ["data_protection"])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _post(c: Client, url: str, body: object, auth: dict[str, str]) -> Any:
    return c.post(url, json.dumps(body), content_type="application/json", **auth)


def _body(**over: object) -> dict[str, object]:
    return {
        "kind": "access",
        "names": ["Иван Петров"],
        "date_of_birth": "1974",
        "language": "es",
        "received_on": timezone.localdate().isoformat(),
        "document_number": "P1234567",
        "documents": [base64.b64encode(PDF).decode()],
        **over,
    }


def test_a_request_through_the_api(net: Network, django_capture_on_commit_callbacks: Any) -> None:
    trail = plant(net)
    # The secretariat's officer works signed in (tokens are for bureaus and units).
    c = signed_in_client(net.users["gs-dpo"])
    fr, gs, de = _auth(net, "FR-dpo"), {}, _auth(net, "DE-dpo")
    r = _post(c, f"{API}/", _body(), fr)
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    assert r.json()["documents"] and r.json()["state"] == "registered"
    assert c.get(f"{API}/{rid}", **de).status_code == 404  # another bureau's officer
    assert _post(c, f"{API}/{rid}/find", {}, fr).status_code == 403  # only the control body searches
    r = _post(c, f"{API}/{rid}/find", {}, gs)
    assert r.status_code == 200
    items = {(f["item_kind"], f["item_id"]): f for f in r.json()["findings"]}
    assert items[("person", trail.person)]["owner_country"] == "DE"
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(c, f"{API}/{rid}/consult", {}, gs)
    assert {x["owner_country"] for x in r.json()["consultations"]} == {"DE", "FR", "IT"}
    followed = c.get(f"{API}/{rid}", **fr).json()
    assert {f["owner_country"] for f in followed["findings"]} == {"FR"} and followed["consultations"] == []
    mine = c.get(f"{API}/consultations/", **de).json()
    assert [x["owner_country"] for x in mine] == ["DE"]
    detail = c.get(f"{API}/consultations/{mine[0]['id']}", **de).json()
    assert {f["owner_country"] for f in detail["findings"]} == {"DE"}
    r = _post(c, f"{API}/consultations/{mine[0]['id']}/answer", {"answer": "refuse"}, de)
    assert r.status_code == 422 and r.json()["code"] == "consultation_reasons_required"
    r = _post(c, f"{API}/consultations/{mine[0]['id']}/answer", {"answer": "maybe"}, de)
    assert r.status_code == 422
    r = _post(c, f"{API}/consultations/{mine[0]['id']}/answer", {"answer": "disclose"}, de)
    assert r.status_code == 200 and r.json()["answer"] == "disclose"
    for cc in ("FR", "IT"):
        cons = Consultation.objects.get(request_id=rid, owner_country_id=cc)
        r = _post(
            c, f"{API}/consultations/{cons.pk}/answer", {"answer": "disclose"}, _auth(net, f"{cc}-admin")
        )
        assert r.status_code == 200, r.content
    findings = c.get(f"{API}/{rid}", **gs).json()["findings"]
    verdicts = [{"finding": f["id"], "verdict": "disclose"} for f in findings]
    r = _post(c, f"{API}/{rid}/decide", {"verdicts": verdicts[:-1]}, gs)
    assert r.status_code == 422 and r.json()["code"] == "verdicts_incomplete"
    r = _post(c, f"{API}/{rid}/decide", {"verdicts": [*verdicts, verdicts[0]]}, gs)
    assert r.status_code == 422 and r.json()["code"] == "verdicts_repeated"
    r = _post(c, f"{API}/{rid}/decide", {"verdicts": verdicts}, gs)
    assert r.status_code == 200 and r.json()["outcome"] == "disclosed"
    r = c.get(f"{API}/{rid}/letter", **gs)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert c.get(f"{API}/{rid}/letter", **fr).status_code == 403
    assert _post(c, f"{API}/{rid}/answered", {}, gs).json()["state"] == "answered"
    stats = c.get(f"{API}/statistics", **gs).json()
    assert stats["received"] == 1 and stats["answered_on_time"] == 1 and stats["outcomes"]["disclosed"] == 1


def test_api_refusals(net: Network) -> None:
    c = Client()
    fr = _auth(net, "FR-dpo")
    assert _post(c, f"{API}/", _body(names=[]), fr).status_code == 422
    r = _post(c, f"{API}/", _body(documents=["not base64!"]), fr)
    assert r.status_code == 422 and r.json()["code"] == "identity_document_encoding"
    r = _post(c, f"{API}/", _body(date_of_birth="12/08/1974"), fr)
    assert r.status_code == 422 and r.json()["field"] == "date_of_birth"
    assert not DataRequest.objects.exists()
    assert signed_in_client(net.users["gs-dpo"]).get(f"{API}/999999").status_code == 404
    assert c.get(f"{API}/", **_auth(net, "FR-dpo", ["records:read"])).status_code == 403
    assert _post(c, f"{API}/", _body(), _auth(net, "FR-officer", ["data_protection"])).status_code == 403


def test_pages_register_find_consult_and_answer(
    net: Network, django_capture_on_commit_callbacks: Any
) -> None:
    trail = plant(net)
    fr = signed_in_client(net.users["FR-dpo"])
    page = fr.get("/dataprotection/requests/new/")
    assert page.status_code == 200
    upload = {
        "kind": "deletion",
        "names": "Иван Петров\nIvan PETROV",
        "date_of_birth": "1974-08",
        "language": "fr",
        "received_on": timezone.localdate().isoformat(),
        "document_number": "",
    }
    bad = fr.post("/dataprotection/requests/new/", {**upload, "date_of_birth": "soon"})
    assert bad.status_code == 422 and not DataRequest.objects.exists()
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = fr.post(
        "/dataprotection/requests/new/",
        {**upload, "documents": SimpleUploadedFile("id.pdf", PDF, "application/pdf")},
    )
    assert r.status_code == 302, r.content
    req = DataRequest.objects.get()
    assert req.documents.count() == 1 and req.names == ["Иван Петров", "Ivan PETROV"]
    assert fr.get(r["Location"]).status_code == 200
    assert fr.get(f"{r['Location']}documents/{req.documents.get().pk}/").content == PDF
    assert signed_in_client(net.users["DE-dpo"]).get(r["Location"]).status_code == 404
    assert fr.post(f"/dataprotection/requests/{req.pk}/find/").status_code == 403

    gs = signed_in_client(net.users["gs-dpo"])
    assert gs.post(f"/dataprotection/requests/{req.pk}/find/").status_code == 302
    case = gs.get(f"/dataprotection/requests/{req.pk}/", HTTP_ACCEPT_LANGUAGE="ar")
    assert case.status_code == 200 and f"#{trail.person}" in case.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert gs.post(f"/dataprotection/requests/{req.pk}/consult/").status_code == 302
    again = gs.post(f"/dataprotection/requests/{req.pk}/consult/")
    assert again.status_code == 409
    de = signed_in_client(net.users["DE-dpo"])
    inbox = de.get("/dataprotection/consultations/")
    assert inbox.status_code == 200 and req.reference in inbox.content.decode()
    cons = Consultation.objects.get(request=req, owner_country_id="DE")
    bad = de.post(f"/dataprotection/consultations/{cons.pk}/", {"answer": "delete", "reasons": ""})
    assert bad.status_code == 422
    ok = de.post(f"/dataprotection/consultations/{cons.pk}/", {"answer": "delete", "reasons": "Obsolete."})
    assert ok.status_code == 302
    assert Consultation.objects.get(pk=cons.pk).answer == "delete"
    it = signed_in_client(net.users["IT-dpo"])
    assert it.get(f"/dataprotection/consultations/{cons.pk}/").status_code == 404
    listing = gs.get("/dataprotection/requests/", HTTP_ACCEPT_LANGUAGE="fr")
    assert listing.status_code == 200 and "Demandes reçues" in listing.content.decode()
    officer = signed_in_client(net.users["FR-officer"])
    assert officer.get("/dataprotection/requests/").status_code == 403
    # The menu offers each role its pages, and no one else.
    assert 'href="/dataprotection/requests/"' in listing.content.decode()
    assert 'href="/dataprotection/consultations/"' in de.get("/").content.decode()
    home = officer.get("/").content.decode()
    assert "/dataprotection/requests/" not in home and "/dataprotection/consultations/" not in home


def test_commands(net: Network, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    plant(net)
    runner = CliRunner()
    doc = tmp_path / "id.pdf"
    doc.write_bytes(PDF)
    r = runner.invoke(
        dataprotection_cli,
        [
            "requests",
            "register",
            "--as",
            "gs-dpo",
            "--name",
            "Ivan Petrov",
            "--received",
            timezone.localdate().isoformat(),
            "--document",
            str(doc),
        ],
    )
    assert r.exit_code == 0, r.output
    pk = int(r.output.split("\t")[0])
    r = runner.invoke(dataprotection_cli, ["requests", "find", str(pk), "--as", "gs-dpo"])
    assert r.exit_code == 0 and "person:" in r.output
    r = runner.invoke(dataprotection_cli, ["requests", "find", str(pk), "--as", "DE-dpo".lower()])
    assert r.exit_code == 1 and "data_request_control_body_only" in r.output
    r = runner.invoke(dataprotection_cli, ["requests", "consult", str(pk), "--as", "gs-dpo"])
    assert r.exit_code == 0 and "DE" in r.output
    Consultation.objects.filter(request_id=pk).update(deadline=timezone.localdate() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        r = runner.invoke(dataprotection_cli, ["escalate-requests"])
    assert r.output.strip() == "escalated 3"
    assert runner.invoke(dataprotection_cli, ["escalate-requests"]).output.strip() == "escalated 0"
    verdicts = {
        str(f.pk): {"verdict": "withhold", "reasons": "No answer."}
        for f in DataRequest.objects.get(pk=pk).findings.all()
    }
    (tmp_path / "v.json").write_text(json.dumps(verdicts))
    r = runner.invoke(
        dataprotection_cli,
        ["requests", "decide", str(pk), "--as", "gs-dpo", "--verdicts", str(tmp_path / "v.json")],
    )
    assert r.exit_code == 0 and "withheld" in r.output, r.output
    r = runner.invoke(
        dataprotection_cli, ["requests", "letter", str(pk), "--as", "gs-dpo", "-o", str(tmp_path / "l.pdf")]
    )
    assert r.exit_code == 0 and (tmp_path / "l.pdf").read_bytes().startswith(b"%PDF")
    r = runner.invoke(dataprotection_cli, ["requests", "answered", str(pk), "--as", "gs-dpo"])
    assert DataRequest.objects.get(pk=pk).state == RequestState.ANSWERED
    r = runner.invoke(dataprotection_cli, ["requests", "stats", "--as", "gs-dpo"])
    assert json.loads(r.output)["outcomes"]["withheld"] == 1
