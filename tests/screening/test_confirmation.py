"""The owner's answer to a hit, its deadline and the escalation of overdue hits (services)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction

from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.network.deadlines import set_confirm_deadlines
from polnet.notifications.models import Notification
from polnet.records import services as records
from polnet.screening import confirmation, services
from polnet.screening.models import Hit, HitState
from tests.factories import SAMPLE_FIELDS, Network, access, make_record
from tests.races import race
from tests.screening.confirm_helpers import T0, make_hit

Capture = Callable[..., Any]


def _rows(kind: str) -> set[tuple[int | None, int | None]]:
    """Who got notifications of this kind: (bureau, unit); (None, None) is the secretariat."""
    rows = Notification.objects.filter(kind=kind)
    return set(rows.values_list("recipient_bureau_id", "recipient_unit_id"))


# ---- deadlines -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_deadline_follows_the_action_and_the_owner_bureaus_setting(net: Network) -> None:
    set_confirm_deadlines(net.actor("FR-admin"), urgent_hours=2, other_hours=6)
    cases = [
        ("FR", "arrest", 2),
        ("FR", "protect", 2),
        ("FR", "discreet_check", 6),
        ("FR", "", 6),
        ("DE", "arrest", 1),  # DE kept the defaults
        ("DE", "locate", 12),
        (None, "arrest", 1),  # the secretariat's notices: the defaults
        (None, "seize", 12),
    ]
    for owner, action, hours in cases:
        hit = make_hit(net, owner=owner, screener="IT-unit-full", action=action)
        assert hit.due_at == T0 + timedelta(hours=hours), (owner, action)
        hit.refresh_from_db()
        assert hit.due_at == T0 + timedelta(hours=hours)


@pytest.mark.django_db
def test_the_bureau_deadlines_are_checked_and_only_its_admin_sets_them(net: Network) -> None:
    for urgent, other, code in (
        (0, 12, "confirm_urgent_hours_range"),
        (1, 200, "confirm_other_hours_range"),
        (13, 12, "confirm_urgent_longer"),
    ):
        with pytest.raises(InvalidInput) as refused:
            set_confirm_deadlines(net.actor("FR-admin"), urgent_hours=urgent, other_hours=other)
        assert refused.value.code == code
    with pytest.raises(Forbidden):
        set_confirm_deadlines(net.actor("FR-officer"), urgent_hours=2, other_hours=6)
    bureau = net.bureaus["FR"]
    bureau.refresh_from_db()
    assert (bureau.confirm_urgent_hours, bureau.confirm_other_hours) == (1, 12)
    assert not AuditEntry.objects.filter(object_type="bureau", action="update").exists()
    set_confirm_deadlines(net.actor("FR-admin"), urgent_hours=3, other_hours=24)
    entry = AuditEntry.objects.get(object_type="bureau", object_id=str(bureau.pk), action="update")
    assert entry.detail == {"confirm_urgent_hours": 3, "confirm_other_hours": 24}


@pytest.mark.django_db
def test_a_checks_hit_gets_its_deadline_and_the_owner_is_told(
    net: Network, django_capture_on_commit_callbacks: Capture
) -> None:
    make_record(net.actor("FR-officer"), "person")
    with django_capture_on_commit_callbacks(execute=True):
        services.screen_person(
            net.actor("DE-unit-full"), services.person_query("Ivan Ivanov"), purpose="identification"
        )
    hit = Hit.objects.get()
    assert hit.state == HitState.REPORTED and hit.due_at == hit.at + timedelta(hours=12)
    note = Notification.objects.get(kind="hit_new")
    assert (note.recipient_bureau_id, note.recipient_unit_id) == (net.bureaus["FR"].pk, None)
    assert (note.subject, note.subject_id, note.urgent) == ("hit", hit.pk, False)
    assert note.params["screening_country"] == "DE" and "Ivan" not in str(note.params)


@pytest.mark.django_db
def test_a_check_on_a_record_to_arrest_is_due_within_the_owners_urgent_deadline(
    net: Network, django_capture_on_commit_callbacks: Capture
) -> None:
    set_confirm_deadlines(net.actor("FR-admin"), urgent_hours=2, other_hours=12)
    data = {**SAMPLE_FIELDS["person"], **access(), "hit_action": "arrest", "hit_action_reference": "W-1"}
    records.create_record(net.actor("FR-officer"), "person", data)
    with django_capture_on_commit_callbacks(execute=True):
        services.screen_person(
            net.actor("DE-unit-hitonly"), services.person_query("Ivan Ivanov"), purpose="identification"
        )
    hit = Hit.objects.get()
    assert (hit.action, hit.due_at) == ("arrest", hit.at + timedelta(hours=2))
    note = Notification.objects.get(kind="hit_new")
    assert (
        note.urgent and note.params["action"] == "arrest" and note.recipient_bureau_id == net.bureaus["FR"].pk
    )


@pytest.mark.django_db
def test_an_urgent_hit_tells_the_owner_urgently_and_a_secretariat_notice_tells_the_secretariat(
    net: Network, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        urgent = make_hit(net, action="arrest")
        un = make_hit(net, owner=None)
    assert Notification.objects.get(subject_id=urgent.pk).urgent
    mine = Notification.objects.get(subject_id=un.pk)
    assert (mine.recipient_bureau_id, mine.recipient_unit_id, mine.urgent) == (None, None, False)


# ---- answers ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_owner_confirms_and_the_screening_side_is_told(
    net: Network, django_capture_on_commit_callbacks: Capture
) -> None:
    hit = make_hit(net)
    now = T0 + timedelta(minutes=20)
    with django_capture_on_commit_callbacks(execute=True):
        answered = confirmation.answer_hit(net.actor("FR-officer"), hit.pk, "confirmed", now=now)
    assert (answered.state, answered.state_at, answered.state_by_id) == (
        "confirmed",
        now,
        net.users["FR-officer"].pk,
    )
    assert _rows("hit_confirmed") == {(net.bureaus["DE"].pk, None), (None, net.units["DE-full"].pk)}
    assert not Notification.objects.filter(recipient_bureau=net.bureaus["IT"]).exists()  # a third bureau
    entry = AuditEntry.objects.filter(object_type="hit", object_id=str(hit.pk)).get()
    assert entry.detail == {"state": "confirmed"}


@pytest.mark.django_db
def test_not_the_same_needs_a_reason_and_a_refusal_writes_nothing(
    net: Network, django_capture_on_commit_callbacks: Capture
) -> None:
    hit = make_hit(net)
    with django_capture_on_commit_callbacks(execute=True):
        for state in ("not_same", "withdrawn"):
            actor = net.actor("FR-officer" if state == "not_same" else "DE-unit-full")
            with pytest.raises(InvalidInput) as refused:
                confirmation.answer_hit(actor, hit.pk, state, "   ")
            assert (refused.value.code, refused.value.field) == ("hit_answer_reason_required", "reason")
        with pytest.raises(InvalidInput) as unknown:
            confirmation.answer_hit(net.actor("FR-officer"), hit.pk, "maybe")
        assert unknown.value.code == "hit_state_unknown"
    hit.refresh_from_db()
    assert hit.state == "reported" and not hit.state_reason
    assert not AuditEntry.objects.filter(object_type="hit").exists()
    assert not Notification.objects.exclude(kind="hit_new").exists()
    answered = confirmation.answer_hit(net.actor("FR-admin"), hit.pk, "not_same", "Other date of birth")
    assert (answered.state, answered.state_reason) == ("not_same", "Other date of birth")


@pytest.mark.django_db
def test_only_the_owner_bureau_confirms(net: Network) -> None:
    hit = make_hit(net)  # FR's record, hit by DE's unit
    for name in ("IT-officer", "IT-admin", "FR-unit-full", "DE-unit-hitonly"):  # cannot see it
        with pytest.raises(NotFound):
            confirmation.answer_hit(net.actor(name), hit.pk, "confirmed")
    for name in ("DE-officer", "DE-unit-full", "FR-analyst", "gs-reviewer"):  # see it, not the owner
        with pytest.raises(Forbidden) as refused:
            confirmation.answer_hit(net.actor(name), hit.pk, "confirmed")
        assert refused.value.code == "hit_answer_not_owner"
    # A unit of the owner bureau that had a hit on its own bureau's record does not confirm it.
    own = make_hit(net, screener="FR-unit-full")
    with pytest.raises(Forbidden):
        confirmation.answer_hit(net.actor("FR-unit-full"), own.pk, "confirmed")
    assert set(Hit.objects.values_list("state", flat=True)) == {"reported"}
    # A secretariat notice is confirmed by the secretariat's reviewers only.
    un = make_hit(net, owner=None)
    for name in ("DE-officer", "gs-analyst"):
        with pytest.raises(Forbidden):
            confirmation.answer_hit(net.actor(name), un.pk, "confirmed")
    assert confirmation.answer_hit(net.actor("gs-reviewer"), un.pk, "confirmed").state == "confirmed"


@pytest.mark.django_db
def test_the_side_that_had_the_hit_withdraws_it_and_the_owner_is_told(
    net: Network, django_capture_on_commit_callbacks: Capture
) -> None:
    by_unit, by_bureau, refused = make_hit(net), make_hit(net), make_hit(net)
    with pytest.raises(NotFound):
        confirmation.answer_hit(net.actor("DE-unit-hitonly"), by_unit.pk, "withdrawn", "Typo")
    with pytest.raises(Forbidden) as owner:
        confirmation.answer_hit(net.actor("FR-officer"), refused.pk, "withdrawn", "Not ours")
    assert owner.value.code == "hit_withdraw_not_yours"
    with django_capture_on_commit_callbacks(execute=True):
        confirmation.answer_hit(
            net.actor("DE-unit-hitonly"),
            make_hit(net, screener="DE-unit-hitonly").pk,
            "withdrawn",
            "Wrong traveller typed",
        )
        confirmation.answer_hit(net.actor("DE-officer"), by_bureau.pk, "withdrawn", "Typed twice")
        confirmation.answer_hit(net.actor("DE-unit-full"), by_unit.pk, "withdrawn", "Wrong name typed")
    assert (net.bureaus["FR"].pk, None) in _rows("hit_withdrawn")
    by_unit.refresh_from_db()
    assert (by_unit.state, by_unit.state_reason) == ("withdrawn", "Wrong name typed")


@pytest.mark.django_db
def test_a_second_answer_is_a_conflict_and_changes_nothing(net: Network) -> None:
    hit = make_hit(net)
    confirmation.answer_hit(net.actor("FR-officer"), hit.pk, "confirmed")
    for actor, state, reason in (
        (net.actor("FR-admin"), "not_same", "Other person"),
        (net.actor("DE-unit-full"), "withdrawn", "Too late"),
    ):
        with pytest.raises(Conflict) as late:
            confirmation.answer_hit(actor, hit.pk, state, reason)
        assert (late.value.status, late.value.code) == (409, "hit_already_answered")
    hit.refresh_from_db()
    assert (hit.state, hit.state_by_id) == ("confirmed", net.users["FR-officer"].pk)
    assert AuditEntry.objects.filter(object_type="hit").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_one_wins_the_other_is_told(net: Network) -> None:
    """Each answer on its own connection, released together: however they interleave, the
    conditional update lets exactly one through."""
    hit = make_hit(net)
    answers = [("FR-officer", "confirmed", ""), ("FR-admin", "not_same", "Other person")]

    def act(n: int) -> str:
        name, state, reason = answers[n]
        try:
            return confirmation.answer_hit(net.actor(name), hit.pk, state, reason).state
        except Conflict as exc:
            return exc.code

    got = race(2, act)
    assert sorted(got) in (["confirmed", "hit_already_answered"], ["hit_already_answered", "not_same"])
    hit.refresh_from_db()
    winner = next(g for g in got if g != "hit_already_answered")
    assert hit.state == winner
    assert AuditEntry.objects.filter(object_type="hit", object_id=str(hit.pk)).count() == 1
    assert Notification.objects.filter(kind=f"hit_{winner}").count() == 2  # DE bureau, DE unit
    assert not Notification.objects.exclude(kind__in=["hit_new", f"hit_{winner}"]).exists()


@pytest.mark.django_db(transaction=True)
def test_an_answer_rolled_back_tells_no_one(net: Network) -> None:
    hit = make_hit(net)
    with pytest.raises(RuntimeError), transaction.atomic():
        confirmation.answer_hit(net.actor("FR-officer"), hit.pk, "confirmed")
        raise RuntimeError("the caller's transaction fails after the answer")
    hit.refresh_from_db()
    assert hit.state == "reported"
    assert not Notification.objects.filter(kind="hit_confirmed").exists()
    assert Notification.objects.filter(kind="hit_new").count() == 1  # the hit itself was committed


# ---- escalation ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_overdue_hit_is_escalated_once_to_everyone_concerned(
    net: Network, django_capture_on_commit_callbacks: Capture
) -> None:
    late = make_hit(net, action="arrest")  # due at T0 + 1 h
    later = make_hit(net)  # due at T0 + 12 h
    answered = make_hit(net, action="arrest")
    confirmation.answer_hit(net.actor("FR-officer"), answered.pk, "confirmed")
    old = make_hit(net, action="arrest")
    Hit.objects.filter(pk=old.pk).update(due_at=None)  # a hit from before deadlines
    old.refresh_from_db()
    assert confirmation.escalate_overdue(now=T0 + timedelta(hours=1)) == 0  # due, not past due
    after = T0 + timedelta(hours=1, seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert confirmation.escalate_overdue(now=after) == 1
        assert confirmation.escalate_overdue(now=after + timedelta(minutes=5)) == 0
    assert dict(Hit.objects.filter(escalated_at__isnull=False).values_list("pk", "escalated_at")) == {
        late.pk: after
    }
    assert _rows("hit_overdue") == {
        (None, None),
        (net.bureaus["FR"].pk, None),
        (net.bureaus["DE"].pk, None),
        (None, net.units["DE-full"].pk),
    }
    assert Notification.objects.filter(kind="hit_overdue").count() == 4
    assert confirmation.escalate_overdue(now=T0 + timedelta(hours=13)) == 1  # `later` now
    assert confirmation.is_overdue(later, T0 + timedelta(hours=13))
    assert not confirmation.is_overdue(old, T0 + timedelta(days=30))


@pytest.mark.django_db(transaction=True)
def test_two_workers_escalating_at_once_escalate_each_hit_once(net: Network) -> None:
    hits = [make_hit(net, action="arrest") for _ in range(3)]
    after = T0 + timedelta(hours=2)
    counts = race(2, lambda _: confirmation.escalate_overdue(now=after))
    assert sum(counts) == 3
    assert (
        Notification.objects.filter(
            kind="hit_overdue", recipient_bureau__isnull=True, recipient_unit__isnull=True
        ).count()
        == 3
    )
    assert all(h.pk for h in hits)


@pytest.mark.django_db
def test_the_secretariats_queue_holds_escalated_unanswered_hits_oldest_first(net: Network) -> None:
    newer = make_hit(net, at=T0 + timedelta(minutes=30), action="arrest")
    older = make_hit(net, action="arrest")
    answered = make_hit(net, action="arrest")
    confirmation.escalate_overdue(now=T0 + timedelta(hours=3))
    confirmation.answer_hit(net.actor("FR-officer"), answered.pk, "confirmed")
    assert list(confirmation.overdue_queue(net.actor("gs-reviewer"))) == [older, newer]
    for name in ("FR-officer", "DE-admin", "DE-unit-full"):
        with pytest.raises(Forbidden):
            confirmation.overdue_queue(net.actor(name))
