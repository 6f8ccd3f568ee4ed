"""Signed checkpoints anchor the audit chain outside the database: truncating or rebuilding the
chain, which the in-database check cannot see, breaks it against a checkpoint; a forged or
altered checkpoint line fails its signature; a witness keeps only what a registered key signed."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from dataclasses import asdict, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client
from typer.testing import CliRunner

from polnet.cli import app
from polnet.core import audit, audit_anchor, audit_witness, signing
from polnet.core.actor import system_actor
from polnet.core.audit_anchor import Checkpoint, CheckpointRefused, line_hash
from polnet.core.errors import Conflict
from polnet.core.models import AuditEntry, AuditHead, AuditWitnessDelivery, WitnessedCheckpoint
from polnet.core.tasks import checkpoint_audit_chain
from polnet.records import services as records
from tests.factories import make_record

# Starts from an empty database, without the test network (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("empty_database")


@pytest.fixture
def anchored(tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A node key and a checkpoint file of this test's own, in real files."""
    monkeypatch.setenv("POLNET_SIGNING_KEY_FILE", str(tmp_path / "keys" / "node.pem"))
    settings.POLNET_AUDIT_CHECKPOINTS = tmp_path / "anchor" / "audit-checkpoints.jsonl"
    settings.POLNET_AUDIT_WITNESS_URLS = []
    return Path(settings.POLNET_AUDIT_CHECKPOINTS)


def _write(n: int) -> None:
    actor = system_actor("test")
    for i in range(n):
        audit.log(actor, audit.Action.READ, "person", i, purpose="investigation", detail={"i": i})


def _checkpoint() -> Checkpoint:
    cp = audit_anchor.write_checkpoint()
    assert cp is not None
    return cp


def _rebuild_from(seq: int) -> None:
    """What someone with write access to the database does: recompute every hash from #seq and the head."""
    prev = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else audit.GENESIS_HASH
    for e in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        e.prev_hash = prev
        e.hash = audit.entry_hash(e, prev)
        e.save(update_fields=["prev_hash", "hash"])
        prev = e.hash
    last = AuditEntry.objects.order_by("-seq").first()
    AuditHead.objects.filter(id=1).update(seq=last.seq if last else 0, hash=prev)


def _problems() -> str:
    return " | ".join(audit_anchor.verify_against_checkpoints().problems)


@pytest.mark.django_db
def test_checkpoints_are_signed_chained_lines_of_an_append_only_file(anchored: Path) -> None:
    _write(3)
    first = _checkpoint()
    assert audit_anchor.write_checkpoint(only_if_moved=True) is None  # the head has not moved
    _write(2)
    second = audit_anchor.write_checkpoint(only_if_moved=True)
    assert second is not None and (first.seq, second.seq) == (3, 5)
    lines = anchored.read_text().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["prev"] == audit.GENESIS_HASH
    assert json.loads(lines[1])["prev"] == line_hash(lines[0])
    assert second.hash == AuditHead.objects.get(id=1).hash
    public = signing.load_public(signing.node_key().public_pem)
    assert second.key_id == signing.key_id(public)
    assert signing.verify(public, second.signed_part(), base64.b64decode(second.sig))
    report = audit_anchor.verify_against_checkpoints()
    assert report.ok and report.lines == 2 and report.latest == second


@pytest.mark.django_db
def test_an_edited_entry_is_named_and_its_rebuilt_chain_breaks_against_the_checkpoint(anchored: Path) -> None:
    _write(2)
    _checkpoint()
    _write(3)
    _checkpoint()
    AuditEntry.objects.filter(seq=4).update(object_id="someone else")
    assert audit.verify_chain().problem is not None  # the plain edit: the chain itself sees it
    _rebuild_from(4)
    assert audit.verify_chain().ok  # rebuilt: the database alone now agrees with itself
    problems = _problems()
    assert "entry #5 differs from the checkpoint" in problems
    assert "rewritten from #5 or earlier, after #2" in problems


@pytest.mark.django_db
def test_an_entry_deleted_in_the_middle_is_detected_even_when_the_rest_is_renumbered(anchored: Path) -> None:
    _write(5)
    _checkpoint()
    AuditEntry.objects.filter(seq=3).delete()
    assert "missing entries" in str(audit.verify_chain().problem)
    for e in AuditEntry.objects.filter(seq__gt=3).order_by("seq"):
        AuditEntry.objects.filter(pk=e.pk).update(seq=e.seq - 1)
    _rebuild_from(3)
    assert audit.verify_chain().ok
    problems = _problems()
    assert "covers entries up to #5" in problems and "entries #5..#5 are missing" in problems


@pytest.mark.django_db
def test_a_cut_tail_with_the_head_moved_back_passes_in_the_database_but_not_against_the_checkpoint(
    anchored: Path,
) -> None:
    _write(5)
    cp = _checkpoint()
    AuditEntry.objects.filter(seq__gt=3).delete()
    third = AuditEntry.objects.get(seq=3)
    AuditHead.objects.filter(id=1).update(seq=3, hash=third.hash)
    assert audit.verify_chain().ok
    problems = _problems()
    assert f"the checkpoint of {cp.at} covers entries up to #5 with hash {cp.hash}" in problems
    assert "the log ends at #3: entries #4..#5 are missing" in problems
    # Nor will the job vouch for the shortened chain: the next checkpoint is refused.
    with pytest.raises(CheckpointRefused, match="behind the last checkpoint"):
        audit_anchor.write_checkpoint()
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "Audit chain intact: 3 entries" in result.output
    assert "entries #4..#5 are missing" in result.output


@pytest.mark.django_db
def test_a_chain_rewritten_from_a_point_with_new_hashes_and_head_breaks_against_the_checkpoint(
    anchored: Path,
) -> None:
    _write(6)
    _checkpoint()
    for e in AuditEntry.objects.filter(seq__gte=2):
        AuditEntry.objects.filter(pk=e.pk).update(detail={"i": "forged"})
    _rebuild_from(2)
    assert audit.verify_chain().ok
    assert "entry #6 differs from the checkpoint" in _problems()
    with pytest.raises(CheckpointRefused, match="no longer has the hash"):
        audit_anchor.write_checkpoint()


@pytest.mark.django_db
def test_an_altered_or_removed_checkpoint_line_is_named(anchored: Path) -> None:
    _write(2)
    _checkpoint()
    _write(2)
    _checkpoint()
    _write(2)
    _checkpoint()
    lines = anchored.read_text().splitlines()
    altered = json.loads(lines[1]) | {"seq": 3}
    anchored.write_text("\n".join([lines[0], json.dumps(altered), lines[2]]) + "\n")
    assert "checkpoint line 2 has a signature that does not verify" in _problems()
    anchored.write_text("\n".join([lines[0], lines[2]]) + "\n")  # the middle line dropped
    assert "checkpoint line 2 does not follow the line before it" in _problems()
    anchored.write_text("\n".join(lines) + "\n")
    assert _problems() == ""


@pytest.mark.django_db
def test_a_checkpoint_signed_by_another_key_is_refused(anchored: Path) -> None:
    _write(3)
    own = _checkpoint()
    other = Ed25519PrivateKey.generate()
    forged = replace(own, key_id=signing.key_id(other.public_key()), sig="")
    forged = replace(forged, sig=base64.b64encode(other.sign(forged.signed_part())).decode())
    anchored.write_text(forged.line() + "\n")
    assert "checkpoint line 1 is signed by another key" in _problems()
    # Claiming this node's key id does not help: the signature is checked against its key.
    claimed = replace(own, sig="")
    claimed = replace(claimed, sig=base64.b64encode(other.sign(claimed.signed_part())).decode())
    anchored.write_text(claimed.line() + "\n")
    assert "checkpoint line 1 has a signature that does not verify" in _problems()
    # Checked against another node's public key file, this node's own lines are refused.
    anchored.write_text(own.line() + "\n")
    assert audit_anchor.verify_against_checkpoints().ok
    report = audit_anchor.verify_against_checkpoints(public=other.public_key())
    assert "signed by another key" in " ".join(report.problems)


@pytest.mark.django_db
def test_the_commands_write_a_checkpoint_and_print_the_public_key(anchored: Path) -> None:
    _write(2)
    runner = CliRunner()
    written = runner.invoke(app, ["audit", "checkpoint"])
    assert written.exit_code == 0, written.output
    assert "entries up to #2" in written.output and len(anchored.read_text().splitlines()) == 1
    key = runner.invoke(app, ["audit", "public-key"])
    assert key.exit_code == 0 and signing.node_key().public_pem in key.output
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "Checkpoints intact: 1 signed lines" in ok.output


@pytest.mark.django_db
def test_the_job_checkpoints_only_a_moved_head_and_survives_an_unreachable_witness(
    anchored: Path, settings: Any
) -> None:
    settings.POLNET_AUDIT_WITNESS_URLS = ["http://127.0.0.1:9"]  # the discard port: nothing answers
    _write(2)
    first = checkpoint_audit_chain.call()
    assert first["written"] == 2 and first["witnesses"]["http://127.0.0.1:9"] != "ok"
    assert checkpoint_audit_chain.call()["written"] is None
    assert AuditWitnessDelivery.objects.get(url="http://127.0.0.1:9").delivered_through == ""
    _write(1)
    assert checkpoint_audit_chain.call()["written"] == 3


@pytest.mark.django_db
def test_the_job_logs_a_refusal_instead_of_signing_a_cut_chain(anchored: Path) -> None:
    _write(4)
    checkpoint_audit_chain.call()
    AuditEntry.objects.filter(seq=4).delete()
    AuditHead.objects.filter(id=1).update(seq=3, hash=AuditEntry.objects.get(seq=3).hash)
    result = checkpoint_audit_chain.call()
    assert result["written"] is None and "behind the last checkpoint" in str(result["refused"])
    assert len(anchored.read_text().splitlines()) == 1


@pytest.mark.django_db
def test_verify_never_makes_a_key_and_checks_against_a_public_key_file(
    anchored: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    assert "No checkpoints in" in runner.invoke(app, ["audit", "verify"]).output
    assert not signing.key_path().exists()
    _write(2)
    _checkpoint()
    public_file = tmp_path / "node-public.pem"
    public_file.write_text(signing.node_key().public_pem)
    signing.key_path().rename(tmp_path / "elsewhere.pem")
    lost = runner.invoke(app, ["audit", "verify"])
    assert lost.exit_code == 1 and "key file" in lost.output and not signing.key_path().exists()
    kept = runner.invoke(app, ["audit", "verify", "--public-key", str(public_file)])
    assert kept.exit_code == 0, kept.output


# The witness: the receiving node's side, through the Django test client.


@pytest.fixture
def witness_of_fr(db: None, anchored: Path) -> Any:
    """This node witnesses "FR", whose key is this test's node key (so its checkpoints are real)."""
    return audit_witness.trust_sender(system_actor("test"), "FR", signing.node_key().public_pem)


def _post(body: bytes) -> Any:
    return Client().post("/api/audit/witness/", data=body, content_type="application/json")


def test_the_witness_keeps_a_registered_senders_checkpoint_once(witness_of_fr: Any, anchored: Path) -> None:
    _write(2)  # after the entry that registered FR
    line = _checkpoint().line().encode()
    kept = _post(line)
    assert kept.status_code == 201 and kept.json()["seq"] == 3
    again = _post(line)
    assert again.status_code == 200 and again.json()["new"] is False
    assert WitnessedCheckpoint.objects.filter(sender=witness_of_fr).count() == 1
    _write(1)
    _post(_checkpoint().line().encode())
    result = CliRunner().invoke(app, ["audit", "witnessed", "--name", "FR"])
    assert result.exit_code == 0 and "#3" in result.output and "#4" in result.output
    assert "!" not in result.output  # each follows the one before


def test_the_witness_refuses_unknown_senders_bad_signatures_and_non_checkpoints(
    witness_of_fr: Any, anchored: Path
) -> None:
    _write(2)
    cp = _checkpoint()
    stranger = Ed25519PrivateKey.generate()
    unknown = replace(cp, key_id=signing.key_id(stranger.public_key()), sig="")
    unknown = replace(unknown, sig=base64.b64encode(stranger.sign(unknown.signed_part())).decode())
    refused = _post(unknown.line().encode())
    assert refused.status_code == 401 and refused.json()["code"] == "witness_sender_unknown"
    altered = _post(replace(cp, seq=1).line().encode())  # FR's key id, but not what FR signed
    assert altered.status_code == 401 and altered.json()["code"] == "witness_signature_invalid"
    assert _post(b"").json()["code"] == "witness_unsigned"
    broken = _post(json.dumps({**asdict(cp), "hash": "xyz"}).encode())
    assert broken.status_code == 422 and broken.json()["code"] == "witness_checkpoint_invalid"
    assert Client().get("/api/audit/witness/").status_code == 405
    assert not WitnessedCheckpoint.objects.exists()


def test_a_witnessed_checkpoint_that_goes_back_is_flagged(witness_of_fr: Any, anchored: Path) -> None:
    _write(4)
    _post(_checkpoint().line().encode())
    # The sender's file is replaced and the chain cut: its new first line starts again.
    anchored.unlink()
    AuditEntry.objects.filter(seq__gt=2).delete()
    AuditHead.objects.filter(id=1).update(seq=2, hash=AuditEntry.objects.get(seq=2).hash)
    _post(_checkpoint().line().encode())
    listed = audit_witness.witnessed("FR")
    assert listed[1].remark == "does not follow the checkpoint before it; goes back from #5"


def test_registering_a_witness_key_is_audited_and_once_per_name_and_key(db: None, anchored: Path) -> None:
    pem_file = anchored.parent / "fr.pem"
    pem_file.parent.mkdir(parents=True, exist_ok=True)
    pem_file.write_text(signing.node_key().public_pem)
    result = CliRunner().invoke(
        app, ["audit", "trust-witness", "--name", "FR", "--public-key", str(pem_file)]
    )
    assert result.exit_code == 0 and signing.node_key().key_id in result.output
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and (entry.action, entry.object_type) == ("grant", "audit_witness")
    with pytest.raises(Conflict):
        audit_witness.trust_sender(system_actor("test"), "FR2", signing.node_key().public_pem)
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(Conflict):
        audit_witness.trust_sender(system_actor("test"), "FR", signing.public_pem(other))
    bad = CliRunner().invoke(app, ["audit", "trust-witness", "--name", "IT", "--public-key", str(anchored)])
    assert bad.exit_code == 1


# The sending side: a real local HTTP server records what arrives; the receiver then takes it.


class _Recorder(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []

    def do_POST(self) -> None:  # the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, body))
        self.send_response(201)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def witness_server() -> Iterator[str]:
    _Recorder.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_sender_posts_each_unacknowledged_line_in_order_and_retries_after_a_failure(
    witness_of_fr: Any, anchored: Path, witness_server: str
) -> None:
    _write(2)
    _checkpoint()
    assert audit_witness.deliver(urls=["http://127.0.0.1:9"]) != {"http://127.0.0.1:9": "ok"}
    _write(1)
    _checkpoint()
    assert audit_witness.deliver(urls=[witness_server]) == {witness_server: "ok"}
    assert [p for p, _ in _Recorder.received] == ["/api/audit/witness/"] * 2
    _write(1)
    _checkpoint()
    audit_witness.deliver(urls=[witness_server])
    assert len(_Recorder.received) == 3  # only the new line went
    # What the sender posted is what a witness accepts, in order, each following the one before.
    statuses = [_post(body).status_code for _, body in _Recorder.received]
    assert statuses == [201, 201, 201]
    assert [w.remark for w in audit_witness.witnessed("FR")] == ["", "", ""]
    assert [w.checkpoint.seq for w in audit_witness.witnessed("FR")] == [3, 4, 5]


# A deleted record leaves no personal value in the log.


@pytest.mark.django_db
def test_after_a_person_is_deleted_no_entry_holds_the_name_and_the_chain_verifies(
    net: Any, anchored: Path
) -> None:
    owner = net.actor("FR-officer")
    rec = make_record(owner, "person")
    records.update_record(
        owner,
        "person",
        rec.pk,
        {
            "names": [{"given": "Zebulon", "family": "Quillfeather", "script": "Latn"}],
            "date_of_birth": "1961-03-09",
            "version": rec.version,
        },
    )
    records.read_record(net.actor("DE-officer"), "person", rec.pk)
    records.delete_record(owner, "person", rec.pk)
    dumped = json.dumps([audit._content(e) for e in AuditEntry.objects.all()], ensure_ascii=False)
    for value in ("Zebulon", "Quillfeather", "1961-03-09", "Ivanov", "Иванов", "1974-08-12"):
        assert value not in dumped
    update = AuditEntry.objects.get(action="update", object_id=str(rec.pk))
    assert "names" in json.dumps(update.detail)  # which fields changed, by name
    assert audit.verify_chain().ok
    _checkpoint()
    assert audit_anchor.verify_against_checkpoints().ok
