from __future__ import annotations

import pytest
from django.db import transaction
from typer.testing import CliRunner

from polnet.cli import app
from polnet.core import audit
from polnet.core.actor import system_actor
from polnet.core.errors import InvalidInput
from polnet.core.models import AuditEntry
from polnet.records import services
from tests.factories import make_record

# Starts from an empty database, without the test network (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("empty_database")


def _write(n: int) -> None:
    actor = system_actor("test")
    for i in range(n):
        audit.log(actor, audit.Action.READ, "person", i, purpose="investigation", detail={"i": i})


@pytest.mark.django_db
def test_intact_chain_verifies() -> None:
    _write(5)
    report = audit.verify_chain()
    assert report.ok and report.checked == 5


@pytest.mark.django_db
def test_each_entry_links_to_the_one_before() -> None:
    _write(3)
    rows = list(AuditEntry.objects.order_by("seq"))
    assert rows[0].prev_hash == audit.GENESIS_HASH
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]


@pytest.mark.django_db
def test_altered_entry_is_named() -> None:
    _write(5)
    AuditEntry.objects.filter(seq=3).update(actor_name="someone else")
    report = audit.verify_chain()
    assert not report.ok and report.problem is not None
    assert report.problem.seq == 3 and "altered" in report.problem.problem


@pytest.mark.django_db
def test_removed_entry_is_named() -> None:
    _write(5)
    AuditEntry.objects.filter(seq=2).delete()
    report = audit.verify_chain()
    assert report.problem is not None and report.problem.seq == 3
    assert "missing" in report.problem.problem


@pytest.mark.django_db
def test_removed_tail_is_detected() -> None:
    _write(5)
    AuditEntry.objects.filter(seq=5).delete()
    report = audit.verify_chain()
    assert report.problem is not None and report.problem.seq == 5


@pytest.mark.django_db
def test_inserted_entry_is_named() -> None:
    _write(4)
    # Make room at #3 and slip a forged entry in, renumbering the rest as a forger would.
    for e in AuditEntry.objects.filter(seq__gte=3).order_by("-seq"):
        AuditEntry.objects.filter(pk=e.pk).update(seq=e.seq + 1)
    before = AuditEntry.objects.get(seq=2)
    forged = AuditEntry(
        seq=3,
        at=before.at,
        actor_name="forger",
        actor_role="x",
        affiliation="x",
        action="read",
        object_type="person",
        object_id="9",
        prev_hash=before.hash,
    )
    forged.hash = audit.entry_hash(forged, before.hash)
    forged.save()
    report = audit.verify_chain()
    assert report.problem is not None and report.problem.seq == 4
    assert "does not link" in report.problem.problem


@pytest.mark.django_db
def test_cli_exits_non_zero_on_tampering() -> None:
    _write(3)
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0 and "3 entries" in ok.output
    AuditEntry.objects.filter(seq=2).update(object_id="other")
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "#2" in broken.output


@pytest.mark.django_db(transaction=True)
def test_entry_shares_the_transaction_of_the_act(net) -> None:  # type: ignore[no-untyped-def]
    owner = net.actor("FR-officer")
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput):
        # nationality invalid: the record and its audit entry must both be absent
        services.create_record(
            owner, "person", {"names": [{"family": "X"}], "nationalities": ["ZZ"], "purpose": "investigation"}
        )
    assert AuditEntry.objects.count() == before
    with transaction.atomic():
        make_record(owner, "person")
        transaction.set_rollback(True)
    assert AuditEntry.objects.count() == before
    rec = make_record(owner, "person")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.action == "create" and entry.object_id == str(rec.pk)
    assert (
        entry.actor_name == "fr-officer"
        and entry.affiliation == "bureau:FR"
        and entry.purpose == "investigation"
    )


@pytest.mark.django_db
def test_reading_personal_data_is_audited(net) -> None:  # type: ignore[no-untyped-def]
    rec = make_record(net.actor("FR-officer"), "person")
    services.read_record(net.actor("DE-officer"), "person", rec.pk)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (entry.action, entry.object_id, entry.actor_name, entry.origin) == (
        "read",
        str(rec.pk),
        "de-officer",
        "test",
    )
