"""Four eyes (POLNET_FOUR_EYES): a Red notice and a public extract are published only once two
different reviewers approved them; by default one reviewer decides, as before."""

from __future__ import annotations

import pytest
from django.test import override_settings

from polnet.core.errors import Conflict
from polnet.notices import workflow
from polnet.notices.models import NoticeEvent
from polnet.notices.states import Act, State
from tests.factories import Network, signed_in_client
from tests.notices.helpers import YELLOW, draft, review, submit


def _second_reviewer(net: Network) -> None:
    """A second secretariat reviewer, made like the first."""
    from polnet.network.models import User

    first = net.users["gs-reviewer"]
    second = User.objects.get(pk=first.pk)
    second.pk = None
    second.id = None
    second.username = "gs-reviewer-2"
    second.save()
    net.users["gs-reviewer-2"] = second


@pytest.mark.django_db
@override_settings(POLNET_FOUR_EYES=True)
def test_a_red_notice_needs_two_different_reviewers(net: Network) -> None:
    _second_reviewer(net)
    notice = review(net, submit(net, draft(net)))
    first = workflow.publish(net.actor("gs-reviewer"), notice.pk, reason="Compliant.")
    assert first.state == State.IN_REVIEW and first.approved_at is not None and first.entity_number is None
    with pytest.raises(Conflict) as same:
        workflow.publish(net.actor("gs-reviewer"), notice.pk)
    assert same.value.code == "four_eyes_same_reviewer"
    page = signed_in_client(net.users["gs-reviewer-2"]).get(f"/notices/{notice.pk}/").content.decode()
    assert 'id="first-approval"' in page
    done = workflow.publish(net.actor("gs-reviewer-2"), notice.pk, reason="Agreed.")
    assert done.state == State.PUBLISHED and done.entity_number is not None
    acts = list(NoticeEvent.objects.filter(notice=notice).values_list("act", "user__username"))
    assert ("first_approval", "gs-reviewer") in acts and ("publish", "gs-reviewer-2") in acts


@pytest.mark.django_db
@override_settings(POLNET_FOUR_EYES=True)
def test_a_decision_in_between_starts_the_approvals_over(net: Network) -> None:
    _second_reviewer(net)
    notice = review(net, submit(net, draft(net)))
    workflow.publish(net.actor("gs-reviewer"), notice.pk)
    workflow.perform(net.actor("gs-reviewer-2"), notice.pk, Act.REQUEST_INFO, reason="Which court?")
    notice.refresh_from_db()
    assert notice.approved_by_id is None


@pytest.mark.django_db
@override_settings(POLNET_FOUR_EYES=True)
def test_a_public_extract_needs_two_reviewers_and_other_kinds_publish_at_once(net: Network) -> None:
    _second_reviewer(net)
    yellow = review(net, submit(net, draft(net, base=YELLOW)))
    assert workflow.publish(net.actor("gs-reviewer"), yellow.pk).state == State.PUBLISHED  # not Red
    workflow.request_extract(net.actor("FR-officer"), yellow.pk)
    once = workflow.decide_extract(net.actor("gs-reviewer"), yellow.pk, approve=True)
    assert once.extract_status == "requested" and once.extract_approved_at is not None
    with pytest.raises(Conflict):
        workflow.decide_extract(net.actor("gs-reviewer"), yellow.pk, approve=True)
    twice = workflow.decide_extract(net.actor("gs-reviewer-2"), yellow.pk, approve=True)
    assert twice.extract_status == "approved"


@pytest.mark.django_db
def test_by_default_one_reviewer_publishes(net: Network) -> None:
    notice = review(net, submit(net, draft(net)))
    assert workflow.publish(net.actor("gs-reviewer"), notice.pk).state == State.PUBLISHED
