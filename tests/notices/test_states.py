"""The lifecycle: every act from every state, legal or not, for notices and diffusions.

Each state is reached through the real services; each act is then tried as the party the
lifecycle names, in a savepoint that is rolled back, so every attempt starts from the same
notice. Legal acts must land in the table's target state; every other act must be refused
with 409 and leave the notice as it was.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from polnet.core.actor import system_actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.notices import workflow
from polnet.notices.models import Notice, NoticeEvent
from polnet.notices.states import TRANSITIONS, Act, Channel, IllegalTransition, Party, State, transition
from tests.factories import Network
from tests.notices.helpers import act, draft, published, review, submit

# How to reach each state from a fresh draft: (act, as whom).
PATHS: dict[tuple[str, str], list[str]] = {
    (Channel.NOTICE, State.DRAFT): [],
    (Channel.NOTICE, State.REQUESTED): [Act.SUBMIT],
    (Channel.NOTICE, State.IN_REVIEW): [Act.SUBMIT, Act.START_REVIEW],
    (Channel.NOTICE, State.INFO_REQUESTED): [Act.SUBMIT, Act.START_REVIEW, Act.REQUEST_INFO],
    (Channel.NOTICE, State.REFUSED): [Act.SUBMIT, Act.START_REVIEW, Act.REFUSE],
    (Channel.NOTICE, State.PUBLISHED): [Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH],
    (Channel.NOTICE, State.SUSPENDED): [Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH, Act.SUSPEND],
    (Channel.NOTICE, State.WITHDRAWN): [Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH, Act.WITHDRAW],
    (Channel.NOTICE, State.CANCELLED): [Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH, Act.CANCEL],
    (Channel.NOTICE, State.EXPIRED): [Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH, Act.EXPIRE],
    (Channel.DIFFUSION, State.DRAFT): [],
    (Channel.DIFFUSION, State.CIRCULATED): [Act.SEND],
    (Channel.DIFFUSION, State.WITHDRAWN): [Act.SEND, Act.WITHDRAW],
    (Channel.DIFFUSION, State.CANCELLED): [Act.SEND, Act.CANCEL],
    (Channel.DIFFUSION, State.EXPIRED): [Act.SEND, Act.EXPIRE],
}
# The lifecycle as the issue states it, written out independently of states.py.
EXPECTED: dict[tuple[str, str, str], str | None] = {
    (Channel.NOTICE, State.DRAFT, Act.SUBMIT): State.REQUESTED,
    (Channel.NOTICE, State.DRAFT, Act.WITHDRAW): State.WITHDRAWN,
    (Channel.NOTICE, State.REQUESTED, Act.START_REVIEW): State.IN_REVIEW,
    (Channel.NOTICE, State.REQUESTED, Act.WITHDRAW): State.WITHDRAWN,
    (Channel.NOTICE, State.IN_REVIEW, Act.PUBLISH): State.PUBLISHED,
    (Channel.NOTICE, State.IN_REVIEW, Act.REQUEST_INFO): State.INFO_REQUESTED,
    (Channel.NOTICE, State.IN_REVIEW, Act.REFUSE): State.REFUSED,
    (Channel.NOTICE, State.IN_REVIEW, Act.WITHDRAW): State.WITHDRAWN,
    (Channel.NOTICE, State.INFO_REQUESTED, Act.SUBMIT): State.REQUESTED,
    (Channel.NOTICE, State.INFO_REQUESTED, Act.WITHDRAW): State.WITHDRAWN,
    (Channel.NOTICE, State.PUBLISHED, Act.SUSPEND): State.SUSPENDED,
    (Channel.NOTICE, State.PUBLISHED, Act.WITHDRAW): State.WITHDRAWN,
    (Channel.NOTICE, State.PUBLISHED, Act.CANCEL): State.CANCELLED,
    (Channel.NOTICE, State.PUBLISHED, Act.EXPIRE): State.EXPIRED,
    (Channel.NOTICE, State.SUSPENDED, Act.RESUME): State.PUBLISHED,
    (Channel.NOTICE, State.SUSPENDED, Act.WITHDRAW): State.WITHDRAWN,
    (Channel.NOTICE, State.SUSPENDED, Act.CANCEL): State.CANCELLED,
    (Channel.NOTICE, State.SUSPENDED, Act.EXPIRE): State.EXPIRED,
    (Channel.NOTICE, State.SUSPENDED, Act.LAPSE): State.WITHDRAWN,
    (Channel.DIFFUSION, State.DRAFT, Act.SEND): State.CIRCULATED,
    (Channel.DIFFUSION, State.DRAFT, Act.WITHDRAW): State.WITHDRAWN,
    (Channel.DIFFUSION, State.CIRCULATED, Act.CONFIRM): State.CIRCULATED,
    (Channel.DIFFUSION, State.CIRCULATED, Act.WITHDRAW): State.WITHDRAWN,
    (Channel.DIFFUSION, State.CIRCULATED, Act.CANCEL): State.CANCELLED,
    (Channel.DIFFUSION, State.CIRCULATED, Act.EXPIRE): State.EXPIRED,
}


class _Undo(Exception):
    def __init__(self, state: str) -> None:
        self.state = state


def _do(net: Network, notice: Notice, what: str) -> Notice:
    """Perform `what` as the party the lifecycle names for it (refusals included)."""
    party = TRANSITIONS[notice.channel][Act(what)].party if Act(what) in TRANSITIONS[notice.channel] else None
    if party == Party.SYSTEM:
        return workflow._perform(system_actor("test"), Notice.objects.get(pk=notice.pk), what, "due")
    who = "gs-reviewer" if party == Party.SECRETARIAT else "FR-officer"
    until = timezone.localdate() + timedelta(days=30)
    return act(net.actor(who), notice, what, until=until)


def _in_state(net: Network, channel: str, state: str) -> Notice:
    notice = draft(net)
    if channel == Channel.DIFFUSION:
        Notice.objects.filter(pk=notice.pk).update(channel=Channel.DIFFUSION)
        notice.refresh_from_db()
    for step in PATHS[(channel, state)]:
        notice = _do(net, notice, step)
    notice.refresh_from_db()
    assert notice.state == state
    return notice


def _attempt(net: Network, notice: Notice, what: str) -> str:
    try:
        with transaction.atomic():
            raise _Undo(_do(net, notice, what).state)
    except _Undo as done:
        return done.state
    except IllegalTransition:
        return "illegal"
    except NotFound:
        return "hidden"


def _expected(channel: str, state: str, what: str) -> str:
    legal = EXPECTED.get((channel, state, what))
    if legal is not None:
        return legal
    t = TRANSITIONS[channel].get(Act(what))
    if state == State.DRAFT and t is not None and t.party == Party.SECRETARIAT:
        return "hidden"  # a bureau's draft is not the secretariat's to see
    return "illegal"


def test_the_table_is_the_lifecycle_of_the_issue() -> None:
    table = {
        (channel, state, t.act): t.target or state
        for channel, acts in TRANSITIONS.items()
        for t in acts.values()
        for state in t.sources
    }
    assert table == EXPECTED


def test_every_state_is_reachable_and_listed() -> None:
    assert {s for c, s in PATHS if c == Channel.NOTICE} == set(State) - {State.CIRCULATED}
    assert {s for c, s in PATHS if c == Channel.DIFFUSION} == {
        State.DRAFT,
        State.CIRCULATED,
        State.WITHDRAWN,
        State.CANCELLED,
        State.EXPIRED,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("channel", "state"), sorted(PATHS))
def test_every_act_from_every_state(net: Network, channel: str, state: str) -> None:
    notice = _in_state(net, channel, state)
    events_before = NoticeEvent.objects.filter(notice=notice).count()
    wrong = []
    for what in Act:
        got = _attempt(net, notice, what)
        want = _expected(channel, state, what)
        if got != want:
            wrong.append(f"{what}: got {got}, expected {want}")
    assert not wrong, "\n".join(wrong)
    notice.refresh_from_db()
    assert notice.state == state
    assert NoticeEvent.objects.filter(notice=notice).count() == events_before


@pytest.mark.django_db
def test_an_illegal_transition_says_what_is_possible(net: Network) -> None:
    notice = draft(net)
    with pytest.raises(IllegalTransition) as err:
        act(net.actor("FR-officer"), notice, Act.PUBLISH)
    assert err.value.status == 409
    assert "draft" in err.value.message.lower() and "submit" in err.value.message.lower()
    with pytest.raises(IllegalTransition):
        transition(Channel.NOTICE, State.DRAFT, "teleport")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "what", "state_path"),
    [
        ("DE-officer", Act.SUBMIT, []),  # not the source: the draft is hidden from it
        ("FR-analyst", Act.SUBMIT, []),  # the bureau, but not a role that requests
        ("FR-unit-writer", Act.SUBMIT, []),  # units do not request notices
        ("gs-reviewer", Act.SUBMIT, [Act.SUBMIT, Act.START_REVIEW, Act.REQUEST_INFO]),
        ("FR-officer", Act.START_REVIEW, [Act.SUBMIT]),
        ("FR-officer", Act.PUBLISH, [Act.SUBMIT, Act.START_REVIEW]),
        ("FR-admin", Act.REFUSE, [Act.SUBMIT, Act.START_REVIEW]),
        ("gs-analyst", Act.PUBLISH, [Act.SUBMIT, Act.START_REVIEW]),
        ("gs-dpo", Act.PUBLISH, [Act.SUBMIT, Act.START_REVIEW]),
        ("gs-reviewer", Act.SUSPEND, [Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH]),
        ("gs-reviewer", Act.WITHDRAW, [Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH]),
        ("DE-officer", Act.WITHDRAW, [Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH]),
        ("FR-officer", Act.CANCEL, [Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH]),
        ("gs-reviewer", Act.EXPIRE, [Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH]),
        ("FR-officer", Act.EXPIRE, [Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH]),
    ],
)
def test_only_the_named_party_acts(net: Network, who: str, what: str, state_path: list[str]) -> None:
    notice = draft(net)
    for step in state_path:
        notice = _do(net, notice, step)
    state = notice.state
    with pytest.raises((Forbidden, NotFound)) as err:
        act(net.actor(who), notice, what, until=timezone.localdate() + timedelta(days=10))
    assert err.value.status in (403, 404)
    notice.refresh_from_db()
    assert notice.state == state


@pytest.mark.django_db
def test_hidden_notices_answer_not_found(net: Network) -> None:
    notice = draft(net)
    with pytest.raises(NotFound):
        act(net.actor("DE-officer"), notice, Act.SUBMIT)
    with pytest.raises(NotFound):
        act(net.actor("gs-reviewer"), notice, Act.START_REVIEW)  # a bureau's draft is its own


@pytest.mark.django_db
@pytest.mark.parametrize("what", [Act.REQUEST_INFO, Act.REFUSE])
def test_decisions_against_the_bureau_need_reasons(net: Network, what: str) -> None:
    notice = review(net, submit(net, draft(net)))
    with pytest.raises(InvalidInput) as err:
        act(net.actor("gs-reviewer"), notice, what, reason="  ")
    assert err.value.field == "reason"
    act(net.actor("gs-reviewer"), notice, what, reason="The charge is political.")
    event = NoticeEvent.objects.filter(notice=notice).last()
    assert (
        event is not None and event.reason == "The charge is political." and event.actor_name == "gs-reviewer"
    )


@pytest.mark.django_db
def test_every_transition_is_an_event_and_an_audit_entry(net: Network) -> None:
    notice = published(net)
    act(
        net.actor("FR-officer"),
        notice,
        Act.SUSPEND,
        reason="Checking",
        until=timezone.localdate() + timedelta(days=9),
    )
    act(net.actor("FR-officer"), notice, Act.RESUME, reason="")
    act(net.actor("gs-reviewer"), notice, Act.CANCEL, reason="Judgment quashed")
    events = list(
        NoticeEvent.objects.filter(notice=notice).values_list("act", "from_state", "to_state", "actor_name")
    )
    assert events == [
        ("create", "", "draft", "fr-officer"),
        ("submit", "draft", "requested", "fr-officer"),
        ("start_review", "requested", "in_review", "gs-reviewer"),
        ("publish", "in_review", "published", "gs-reviewer"),
        ("suspend", "published", "suspended", "fr-officer"),
        ("resume", "suspended", "published", "fr-officer"),
        ("cancel", "published", "cancelled", "gs-reviewer"),
    ]
    audited = list(
        AuditEntry.objects.filter(object_type="notice", object_id=str(notice.pk))
        .exclude(action="read")
        .values_list("action", "detail__to")
    )
    assert audited == [(e[0], e[2]) for e in events]


@pytest.mark.django_db
def test_a_suspension_lasts_at_most_six_months_then_lapses(net: Network) -> None:
    notice = published(net)
    today = timezone.localdate()
    for bad in (today, today - timedelta(days=1), workflow.six_months_after(today) + timedelta(days=1)):
        with pytest.raises(InvalidInput) as err:
            act(net.actor("FR-officer"), notice, Act.SUSPEND, until=bad)
        assert err.value.field == "until"
    act(net.actor("FR-officer"), notice, Act.SUSPEND, until=workflow.six_months_after(today))
    assert workflow.expire_overdue(system_actor("test"), today + timedelta(days=100)) == {
        "expired": 0,
        "lapsed": 0,
    }
    counts = workflow.expire_overdue(
        system_actor("test"), workflow.six_months_after(today) + timedelta(days=1)
    )
    assert counts == {"expired": 0, "lapsed": 1}
    notice.refresh_from_db()
    assert notice.state == State.WITHDRAWN and notice.suspended_until is None
    assert NoticeEvent.objects.filter(notice=notice).last().act == "lapse"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_notices_expire_at_their_review_date(net: Network) -> None:
    today = timezone.localdate()
    short = published(net, review_date=today + timedelta(days=3))
    long = published(net)
    assert workflow.expire_overdue(system_actor("test"), today + timedelta(days=3)) == {
        "expired": 0,
        "lapsed": 0,
    }
    assert workflow.expire_overdue(system_actor("test"), today + timedelta(days=4)) == {
        "expired": 1,
        "lapsed": 0,
    }
    short.refresh_from_db()
    long.refresh_from_db()
    assert (short.state, long.state) == (State.EXPIRED, State.PUBLISHED)
    with pytest.raises(Forbidden):
        workflow.expire_overdue(net.actor("gs-reviewer"))


@pytest.mark.django_db
def test_a_request_sent_back_can_be_changed_and_resubmitted(net: Network) -> None:
    from polnet.notices import services

    notice = review(net, submit(net, draft(net)))
    act(net.actor("gs-reviewer"), notice, Act.REQUEST_INFO, reason="Give the law.")
    with pytest.raises(Conflict):
        services.update_notice(net.actor("FR-officer"), notice.pk, {"version": 0, "facts": "x"})
    services.update_notice(net.actor("FR-officer"), notice.pk, {"version": 1, "facts": "More facts."})
    notice = submit(net, notice)
    assert notice.state == State.REQUESTED and notice.facts == "More facts."
    published_one = published(net)
    with pytest.raises(Conflict):
        services.update_notice(net.actor("FR-officer"), published_one.pk, {"version": 1, "facts": "x"})
