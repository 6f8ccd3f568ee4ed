import pytest

from polnet.core.errors import Conflict, NotFound
from polnet.operations import policy
from polnet.operations.models import Phase
from polnet.operations.plan import services
from polnet.operations.plan.targets import add_target, visible_targets
from tests.factories import Network, make_record
from tests.operations.helpers import observe, plan


@pytest.mark.parametrize(
    "user",
    [
        "IT-officer",
        "IT-admin",
        "gs-sysadmin",
        "partner-member",
        "FR-unit-full",
        "DE-unit-hitonly",
        "gs-reviewer",
    ],
)
def test_outsiders_do_not_learn_it_exists(net: Network, user: str) -> None:
    op = plan(net)  # FR coordinates; DE takes part with DE-full and DE-docsonly; no observer
    with pytest.raises(NotFound):
        services.get_operation(net.actor(user), op.pk)
    assert not policy.visible_operations(net.actor(user)).exists()


@pytest.mark.parametrize(
    "user", ["FR-officer", "FR-analyst", "DE-officer", "DE-analyst", "DE-unit-full", "DE-unit-docsonly"]
)
def test_participants_see_it(net: Network, user: str) -> None:
    op = plan(net)
    assert services.get_operation(net.actor(user), op.pk) == op
    assert list(policy.visible_operations(net.actor(user))) == [op]


def test_observers_read_the_plan_and_no_target(net: Network) -> None:
    op = plan(net)
    add_target(net.actor("FR-officer"), op, kind="vessel", identifier="IMO 9074729", action="seize")
    observe(net, op)
    partner = net.actor("partner-member")
    assert services.get_operation(partner, op.pk) == op
    assert not policy.reads_personal_data(partner, op)
    assert not visible_targets(partner, op).exists()


def test_a_post_sees_only_targets_of_its_databases(net: Network) -> None:
    op = plan(net)
    fr = net.actor("FR-officer")
    person = add_target(fr, op, kind="person", record_id=make_record(fr, "person").pk, action="arrest")
    doc = add_target(fr, op, kind="document", record_id=make_record(fr, "document").pk, action="seize")
    box = add_target(fr, op, kind="container", identifier="CSQU3054383", action="seize")
    assert set(visible_targets(net.actor("DE-unit-docsonly"), op)) == {doc, box}
    assert set(visible_targets(net.actor("DE-unit-full"), op)) == {person, doc, box}
    assert set(visible_targets(net.actor("DE-analyst"), op)) == {person, doc, box}


def test_phases_forward_only(net: Network) -> None:
    op = plan(net)
    services.move_phase(net.actor("FR-officer"), op, Phase.CLOSING)
    with pytest.raises(Conflict):
        services.move_phase(net.actor("FR-officer"), op, Phase.ACTIVE)
    op.refresh_from_db()
    assert op.phase == Phase.CLOSING
