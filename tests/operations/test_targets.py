import pytest

from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.operations.models import Phase, Target
from polnet.operations.plan import services
from polnet.operations.plan.targets import add_target, normalised, remove_target, visible_targets
from tests.factories import Network, make_record
from tests.operations.helpers import plan


def test_normalised_forms() -> None:
    assert normalised("vessel", "imo 9074729") == "IMO9074729"
    assert normalised("container", "CSQU 305438 3") == "CSQU3054383"
    assert normalised("plate", "ab-123 cd") == "AB123CD"
    assert normalised("other", "  lot   42b ") == "LOT 42B"
    with pytest.raises(InvalidInput) as e:
        normalised("vessel", "IMO 9074728")
    assert e.value.code == "target_imo_check_digit"
    with pytest.raises(InvalidInput) as e:
        normalised("container", "CSQU3054384")
    assert e.value.code == "target_container_check_digit"


def test_record_targets_are_labelled_from_the_record(net: Network) -> None:
    op = plan(net)
    fr = net.actor("FR-officer")
    person = make_record(fr, "person")
    vehicle = make_record(fr, "vehicle")
    firearm = make_record(fr, "firearm")
    doc = make_record(fr, "document")
    t = add_target(fr, op, kind="person", record_id=person.pk, action="arrest")
    assert "Ivanov" in t.label and "1974-08-12" in t.label
    assert (
        "1M8GDM9AXKP042788" in add_target(fr, op, kind="vehicle", record_id=vehicle.pk, action="seize").label
    )
    assert "ABC123" in add_target(fr, op, kind="firearm", record_id=firearm.pk, action="seize").label
    assert doc.number in add_target(fr, op, kind="document", record_id=doc.pk, action="seize").label
    assert AuditEntry.objects.filter(object_type="operation_target", object_id=str(t.pk)).exists()
    with pytest.raises(Conflict):
        add_target(fr, op, kind="person", record_id=person.pk, action="arrest")


def test_a_record_hidden_from_the_adder_cannot_be_a_target(net: Network) -> None:
    op = plan(net)
    hidden = make_record(net.actor("IT-officer"), "person", restriction="listed", listed=["ES"])
    with pytest.raises(NotFound):
        add_target(net.actor("DE-officer"), op, kind="person", record_id=hidden.pk, action="arrest")
    with pytest.raises(NotFound):
        add_target(net.actor("DE-officer"), op, kind="notice", record_id=999999, action="arrest")
    assert not Target.objects.exists()


def test_operation_only_targets(net: Network) -> None:
    op = plan(net)
    de = net.actor("DE-officer")
    vessel = add_target(
        de, op, kind="vessel", identifier="IMO 9074729", action="specific_check", notes="bulk carrier"
    )
    assert (vessel.identifier, vessel.added_by_country_id) == ("IMO9074729", "DE")
    add_target(de, op, kind="container", identifier="CSQU3054383", action="seize")
    with pytest.raises(Conflict):
        add_target(de, op, kind="vessel", identifier="imo9074729", action="seize")
    with pytest.raises(InvalidInput):
        add_target(de, op, kind="container", identifier="CSQU3054384", action="seize")
    with pytest.raises(InvalidInput) as e:
        add_target(de, op, kind="plate", identifier="AB1", action="fly")
    assert e.value.code == "target_action"
    assert Target.objects.count() == 2


def test_who_adds_and_removes_when(net: Network) -> None:
    op = plan(net)
    de, fr = net.actor("DE-officer"), net.actor("FR-officer")
    mine = add_target(de, op, kind="plate", identifier="B-XY 123", action="locate")
    theirs = add_target(fr, op, kind="plate", identifier="AA-111-AA", action="locate")
    with pytest.raises(Forbidden):
        add_target(net.actor("DE-unit-full"), op, kind="plate", identifier="ZZ1", action="locate")
    with pytest.raises(Forbidden):
        remove_target(de, op, theirs.pk)
    remove_target(de, op, mine.pk)
    services.move_phase(fr, op, Phase.ACTIVE)
    with pytest.raises(Forbidden):
        add_target(de, op, kind="plate", identifier="ZZ2", action="locate")
    add_target(fr, op, kind="plate", identifier="ZZ3", action="locate")  # the coordinator still may
    remove_target(fr, op, theirs.pk)
    assert [t.identifier for t in visible_targets(fr, op)] == ["ZZ3"]
