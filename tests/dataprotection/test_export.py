"""Signed extracts of the processing log, and `polnet audit verify-export`."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from polnet.cli import app as cli_app
from polnet.core import signing
from polnet.core.models import AuditEntry
from polnet.dataprotection.console import extract, services
from polnet.dataprotection.console.filters import make_filters
from polnet.records import services as records
from tests.factories import Network, make_record, signed_in_client

NOW = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)


def _plant(net: Network) -> int:
    rec = make_record(net.actor("FR-officer"), "person")
    records.read_record(net.actor("DE-officer"), "person", rec.pk)
    records.read_record(net.actor("FR-officer"), "person", rec.pk)
    return rec.pk


def test_extract_is_signed_and_names_its_filters(net: Network) -> None:
    pk = _plant(net)
    made = services.export_log(net.actor("FR-dpo"), make_filters(kind="person", record_id=str(pk)), now=NOW)
    lines = made.body.splitlines()
    header = json.loads(lines[0])
    assert header["filters"] == {"kind": "person", "record_id": pk}
    assert header["count"] == made.count == 3 == len(lines) - 1  # created, read twice
    assert header["exported_at"] == NOW.isoformat() and header["exported_by"] == "fr-dpo"
    assert header["key_id"] == signing.node_key().key_id
    entries = [json.loads(line) for line in lines[1:]]
    assert [e["action"] for e in entries] == ["read", "read", "create"]
    assert signing.verify(signing.node_key().public, made.body, base64.b64decode(made.signature))
    assert extract.verify(made.body, made.signature).ok
    logged = AuditEntry.objects.order_by("-seq").first()
    assert logged is not None and (logged.action, logged.object_type, logged.purpose) == (
        "export",
        "processing_log",
        "data_protection",
    )
    assert logged.detail["count"] == 3


def test_a_tampered_extract_or_another_key_fails(net: Network) -> None:
    _plant(net)
    made = services.export_log(net.actor("gs-dpo"), make_filters(user="de-officer"), now=NOW)
    altered = made.body.replace(b"de-officer", b"xx-officer", 1)
    assert not extract.verify(altered, made.signature).ok
    dropped = b"\n".join(made.body.splitlines()[:-1]) + b"\n"
    assert not extract.verify(dropped, made.signature).ok
    other = Ed25519PrivateKey.generate().public_key()
    verdict = extract.verify(made.body, made.signature, other)
    assert not verdict.ok and "signature" in verdict.reason
    assert not extract.verify(made.body, b"not a signature").ok


def test_export_command_and_verify_export(net: Network, tmp_path: Path) -> None:
    _plant(net)
    out = tmp_path / "extract.jsonl"
    runner = CliRunner()
    made = runner.invoke(
        cli_app, ["dataprotection", "export", str(out), "--as", "gs-dpo", "--kind", "person"]
    )
    assert made.exit_code == 0, made.output
    sig = tmp_path / "extract.jsonl.sig"
    checked = runner.invoke(cli_app, ["audit", "verify-export", str(out), str(sig)])
    assert checked.exit_code == 0, checked.output
    assert "Extract verified: 3 entries" in checked.stdout
    pem = tmp_path / "node.pem"
    pem.write_text(signing.node_key().public_pem)
    assert (
        runner.invoke(
            cli_app, ["audit", "verify-export", str(out), str(sig), "--public-key", str(pem)]
        ).exit_code
        == 0
    )
    out.write_bytes(out.read_bytes().replace(b'"read"', b'"READ"', 1))
    tampered = runner.invoke(cli_app, ["audit", "verify-export", str(out), str(sig)])
    assert tampered.exit_code == 1 and "NOT verified" in tampered.output
    refused = runner.invoke(cli_app, ["dataprotection", "export", str(tmp_path / "x"), "--as", "fr-officer"])
    assert refused.exit_code == 1 and not (tmp_path / "x").exists()


def test_the_page_offers_a_zip_of_both_files(net: Network) -> None:
    _plant(net)
    client = signed_in_client(net.users["FR-dpo"])
    page = client.get("/dataprotection/console/log/", {"user": "de-officer"}).content.decode()
    assert 'action="/dataprotection/console/log/export/"' in page and 'name="user" value="de-officer"' in page
    answer: Any = client.post("/dataprotection/console/log/export/", {"user": "de-officer"})
    assert answer.status_code == 200 and answer["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as z:
        names = sorted(z.namelist())
        body = z.read(next(n for n in names if n.endswith(".jsonl")))
        signature = z.read(next(n for n in names if n.endswith(".sig")))
        public = signing.load_public(z.read(next(n for n in names if n.endswith(".pem"))))
    assert extract.verify(body, signature, public).ok
    assert json.loads(body.splitlines()[0])["count"] == 1
    api = client.post("/api/dataprotection/log/export?user=de-officer")
    assert api.status_code == 200 and api["Content-Type"] == "application/zip"
