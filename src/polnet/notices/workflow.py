"""Lifecycle acts on notices and diffusions, public extracts, and housekeeping.

Each act checks the state machine (`states.py`) and who may perform it, changes the
notice, and in the same transaction records the history step and its audit entry,
writes the screening feed when the notice comes into or goes out of force, and leaves
the notifications the act causes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from polnet.core.actor import Actor, Role
from polnet.core.errors import Conflict, Forbidden, InvalidInput
from polnet.notices import notify, policy
from polnet.notices.after import versions
from polnet.notices.compliance import precheck
from polnet.notices.history import record_event
from polnet.notices.kinds import NoticeKind, spec_for
from polnet.notices.models import EntityCounter, ExtractStatus, Notice, NoticeChange, NotificationKind
from polnet.notices.reading import get_notice
from polnet.notices.services import create_notice
from polnet.notices.states import FINAL, IN_FORCE, Act, Channel, Party, State, Transition, transition

MAX_SUSPENSION_DAYS = 183  # six months


def six_months_after(day: date) -> date:
    month = day.month + 6
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    return day + timedelta(days=MAX_SUSPENSION_DAYS)


def _next_entity_number(year: int) -> int:
    counter, _ = EntityCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _check_party(actor: Actor, notice: Notice, t: Transition) -> None:
    if t.party == Party.SOURCE and not policy.is_source(actor, notice.owner_country_id or ""):
        raise Forbidden(gettext_lazy("Only the source bureau may do this."), code="notice_source_only")
    if t.party == Party.SECRETARIAT and not (policy.is_reviewer(actor) and policy.writes(actor)):
        raise Forbidden(gettext_lazy("Only a secretariat reviewer may do this."), code="notice_reviewer_only")
    if t.party == Party.SYSTEM and actor.role != Role.SYSTEM_ADMIN:
        raise Forbidden(gettext_lazy("This happens by itself, at the due date."), code="notice_act_automatic")


def _feed(notice: Notice, removed: bool) -> None:
    NoticeChange.objects.create(notice_id=notice.pk, removed=removed)


def _perform(actor: Actor, notice: Notice, act: str, reason: str = "", until: date | None = None) -> Notice:
    t = transition(notice.channel, notice.state, act)
    _check_party(actor, notice, t)
    if t.needs_reason and not reason.strip():
        raise InvalidInput(gettext_lazy("Give the reason."), code="reason_missing", field="reason")
    if t.act == Act.PUBLISH and _first_of_two(actor, notice, reason, extract=False):
        return notice  # approved once: a second reviewer publishes
    if t.act != Act.PUBLISH:
        notice.approved_by, notice.approved_at = None, None  # a new decision starts over
    before = notice.state
    before_facts = policy.facts_of(notice)
    now = timezone.now()
    _check_dates(notice, t, until)
    _stamp(notice, t, now)
    if t.target is not None:
        notice.state = t.target
    notice.updated_at = now
    notice.save()
    record_event(actor, notice, t.act, before, reason)
    if t.act in (Act.PUBLISH, Act.SEND):
        versions.ensure_first(notice)  # version 1: what members see from now on

    was_in_force, is_in_force = before in IN_FORCE, notice.state in IN_FORCE
    if was_in_force != is_in_force:
        _feed(notice, removed=not is_in_force)
    _tell(notice, t.act, before_facts, policy.facts_of(notice))
    return notice


def _first_of_two(actor: Actor, notice: Notice, reason: str, *, extract: bool) -> bool:
    """Under four eyes (POLNET_FOUR_EYES), the first reviewer's approval of a Red notice or
    of a public extract waits for a second, different reviewer. True when this approval is
    the first; the second one goes on to publish."""
    if not settings.POLNET_FOUR_EYES or (not extract and notice.kind != NoticeKind.RED):
        return False
    field = "extract_approved" if extract else "approved"
    first = getattr(notice, f"{field}_by_id")
    if first is None:
        setattr(notice, f"{field}_by_id", actor.user_id)
        setattr(notice, f"{field}_at", timezone.now())
        notice.updated_at = timezone.now()
        notice.save(update_fields=[f"{field}_by", f"{field}_at", "updated_at"])
        act = "extract_first_approval" if extract else "first_approval"
        record_event(actor, notice, act, notice.state, reason)
        return True
    if first == actor.user_id:
        raise Conflict(
            gettext_lazy("You gave the first approval: a second reviewer must give the other."),
            code="four_eyes_same_reviewer",
            field="state",
        )
    return False


def _check_dates(notice: Notice, t: Transition, until: date | None) -> None:
    """A suspension's end date, and a resumption before the review date."""
    today = timezone.localdate()
    if t.act == Act.SUSPEND:
        if until is None or until <= today or until > six_months_after(today):
            raise InvalidInput(
                gettext_lazy("A suspension ends after today and at most six months ahead (%(last)s)."),
                code="suspension_until",
                field="until",
                last=six_months_after(today),
            )
        notice.suspended_until = until
    if t.act == Act.RESUME and notice.review_date < today:
        raise Conflict(
            gettext_lazy("The review date has passed: the notice can no longer be resumed."),
            code="notice_review_date_passed",
            field="state",
        )


def _stamp(notice: Notice, t: Transition, now: datetime) -> None:
    """What the act itself sets on the notice: pre-check, numbers and dates of each step."""
    if t.act in (Act.SUBMIT, Act.SEND):
        notice.precheck = precheck.run(notice)
        notice.prechecked_at = now
        notice.submitted_at = now
    if t.act in (Act.PUBLISH, Act.SEND):
        notice.published_at = notice.published_at or now
        if notice.entity_number is None:
            notice.entity_year = now.year
            notice.entity_number = _next_entity_number(now.year)
        if spec_for(notice.kind).by_secretariat:
            notice.extract_status = ExtractStatus.APPROVED  # UN sanctions notices are public
    if t.act in (Act.RESUME, Act.LAPSE) or t.target in FINAL:
        notice.suspended_until = None
    if t.act == Act.CONFIRM:
        if notice.reviewed_at is not None:
            raise Conflict(
                gettext_lazy("This diffusion was already reviewed."), code="diffusion_reviewed", field="state"
            )
        notice.reviewed_at = now


_TOLD_MEMBERS_BEFORE = {
    Act.SUSPEND: NotificationKind.SUSPENDED,
    Act.WITHDRAW: NotificationKind.WITHDRAWN,
    Act.CANCEL: NotificationKind.CANCELLED,
    Act.EXPIRE: NotificationKind.EXPIRED,
}


def _tell(notice: Notice, act: str, before: policy.NoticeFacts, after: policy.NoticeFacts) -> None:
    if act == Act.SUBMIT:
        notify.tell(notice, NotificationKind.NEW_REQUEST, [None])
    elif act == Act.SEND:
        notify.tell(notice, NotificationKind.DIFFUSION, notify.members_who_see(after))
        notify.tell(notice, NotificationKind.NEW_DIFFUSION, [None])
    elif act == Act.PUBLISH:
        notify.tell(notice, NotificationKind.PUBLISHED, notify.members_who_see(after))
        notify.tell_source(notice, NotificationKind.DECISION)
    elif act == Act.RESUME:
        notify.tell(notice, NotificationKind.RESUMED, notify.members_who_see(after))
    elif act in (Act.REQUEST_INFO, Act.REFUSE, Act.CONFIRM):
        notify.tell_source(notice, NotificationKind.DECISION)
    if act in _TOLD_MEMBERS_BEFORE and before.state in IN_FORCE:
        # Those who were told it is in force are told it no longer is.
        notify.tell(notice, _TOLD_MEMBERS_BEFORE[Act(act)], notify.members_who_see(before))
    if act in (Act.CANCEL, Act.EXPIRE, Act.LAPSE):
        kind = NotificationKind.WITHDRAWN if act == Act.LAPSE else _TOLD_MEMBERS_BEFORE[Act(act)]
        notify.tell_source(notice, kind)


@transaction.atomic
def perform(actor: Actor, pk: int, act: str, *, reason: str = "", until: date | None = None) -> Notice:
    """Move a notice or diffusion through its lifecycle, as the source or the secretariat."""
    notice = get_notice(actor, pk, for_update=True)
    return _perform(actor, notice, act, reason, until)


@transaction.atomic
def publish(actor: Actor, pk: int, *, reason: str = "", approve_extract: bool = False) -> Notice:
    notice = get_notice(actor, pk, for_update=True)
    _perform(actor, notice, Act.PUBLISH, reason)
    if approve_extract and notice.extract_status == ExtractStatus.REQUESTED:
        _decide_extract(actor, notice, approve=True, reason=reason)
    return notice


def send_diffusion(actor: Actor, data: dict[str, object]) -> Notice:
    """Create and send a diffusion in one step: recipients see it at once."""
    with transaction.atomic():
        notice = create_notice(actor, data, channel=Channel.DIFFUSION)
        return _perform(actor, notice, Act.SEND)


# ---- public extracts --------------------------------------------------------------------------


def _extract_event(actor: Actor, notice: Notice, act: str, reason: str) -> None:
    notice.updated_at = timezone.now()
    notice.save(update_fields=["extract_status", "extract_approved_by", "extract_approved_at", "updated_at"])
    record_event(actor, notice, act, notice.state, reason)


@transaction.atomic
def request_extract(actor: Actor, pk: int, *, reason: str = "") -> Notice:
    """The source asks that an extract of its Red or Yellow notice be made public."""
    notice = get_notice(actor, pk, for_update=True)
    if not policy.is_source(actor, notice.owner_country_id or ""):
        raise Forbidden(gettext_lazy("Only the source bureau may do this."), code="notice_source_only")
    spec = spec_for(notice.kind)
    if notice.is_diffusion or not spec.public_extract or spec.by_secretariat:
        raise InvalidInput(
            gettext_lazy("Public extracts are made of Red and Yellow notices only."),
            code="extract_kind",
            field="kind",
        )
    if notice.state in FINAL:
        raise Conflict(
            gettext_lazy("This notice is no longer in force."), code="notice_not_in_force", field="state"
        )
    if notice.restriction != "all" or notice.bureau_only:
        raise InvalidInput(
            gettext_lazy("A restricted notice cannot have a public extract; lift the restriction first."),
            code="extract_restricted",
            field="restriction",
        )
    if notice.extract_status in (ExtractStatus.REQUESTED, ExtractStatus.APPROVED):
        raise Conflict(
            gettext_lazy("A public extract is already requested or approved."),
            code="extract_pending",
            field="extract_status",
        )
    notice.extract_status = ExtractStatus.REQUESTED
    notice.precheck = precheck.with_link_findings(notice)  # what the extract would publish
    notice.save(update_fields=["precheck"])
    _extract_event(actor, notice, "extract_request", reason)
    notify.tell(notice, NotificationKind.NEW_REQUEST, [None])
    return notice


def _decide_extract(actor: Actor, notice: Notice, *, approve: bool, reason: str) -> None:
    if not (policy.is_reviewer(actor) and policy.writes(actor)):
        raise Forbidden(gettext_lazy("Only a secretariat reviewer may do this."), code="notice_reviewer_only")
    if notice.extract_status != ExtractStatus.REQUESTED:
        raise Conflict(
            gettext_lazy("No public extract is waiting for a decision."),
            code="extract_not_requested",
            field="extract_status",
        )
    if approve and notice.state != State.PUBLISHED:
        raise Conflict(
            gettext_lazy("A public extract is approved once the notice is published."),
            code="extract_unpublished",
            field="state",
        )
    if not approve and not reason.strip():
        raise InvalidInput(gettext_lazy("Give the reason."), code="reason_missing", field="reason")
    flagged = any(f.get("code") == "link_restricted" for f in precheck.with_link_findings(notice))
    if approve and flagged and not reason.strip():
        raise InvalidInput(
            gettext_lazy(
                "A linked record is more restricted than a public extract: give the reason to publish it."
            ),
            code="extract_flagged_reason_missing",
            field="reason",
        )
    if approve and _first_of_two(actor, notice, reason, extract=True):
        return
    if not approve:
        notice.extract_approved_by, notice.extract_approved_at = None, None
    notice.extract_status = ExtractStatus.APPROVED if approve else ExtractStatus.REFUSED
    _extract_event(actor, notice, "extract_approve" if approve else "extract_refuse", reason)
    notify.tell_source(notice, NotificationKind.EXTRACT)


@transaction.atomic
def decide_extract(actor: Actor, pk: int, *, approve: bool, reason: str = "") -> Notice:
    notice = get_notice(actor, pk, for_update=True)
    _decide_extract(actor, notice, approve=approve, reason=reason)
    return notice


@transaction.atomic
def withdraw_extract(actor: Actor, pk: int, *, reason: str = "") -> Notice:
    """The source or the secretariat takes a public extract down (the notice itself stays)."""
    notice = get_notice(actor, pk, for_update=True)
    is_source = policy.is_source(actor, notice.owner_country_id or "")
    if not (is_source or (policy.is_reviewer(actor) and policy.writes(actor))):
        raise Forbidden(
            gettext_lazy("Only the source bureau or the secretariat may do this."),
            code="notice_source_or_secretariat",
        )
    if notice.extract_status not in (ExtractStatus.REQUESTED, ExtractStatus.APPROVED):
        raise Conflict(
            gettext_lazy("There is no public extract to withdraw."),
            code="extract_none_to_withdraw",
            field="extract_status",
        )
    notice.extract_status = ExtractStatus.WITHDRAWN
    _extract_event(actor, notice, "extract_withdraw", reason)
    if not is_source:
        notify.tell_source(notice, NotificationKind.EXTRACT)
    return notice


# ---- housekeeping -----------------------------------------------------------------------------


def expire_overdue(actor: Actor, today: date | None = None) -> dict[str, int]:
    """Expire notices past their review date; end suspensions not resumed in time (withdrawn).
    Each notice in its own transaction, as the system."""
    if actor.role != Role.SYSTEM_ADMIN:
        raise Forbidden(gettext_lazy("This happens by itself, at the due date."), code="notice_act_automatic")
    today = today or timezone.localdate()
    counts = {"expired": 0, "lapsed": 0}
    due = Notice.objects.filter(state__in=[*IN_FORCE, State.SUSPENDED], review_date__lt=today)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            notice = Notice.objects.select_for_update().get(pk=pk)
            if notice.state in (*IN_FORCE, State.SUSPENDED) and notice.review_date < today:
                _perform(actor, notice, Act.EXPIRE, gettext("The review date passed."))
                counts["expired"] += 1
    lapsed = Notice.objects.filter(state=State.SUSPENDED, suspended_until__lt=today)
    for pk in list(lapsed.values_list("pk", flat=True)):
        with transaction.atomic():
            notice = Notice.objects.select_for_update().get(pk=pk)
            if notice.state == State.SUSPENDED and notice.suspended_until and notice.suspended_until < today:
                _perform(
                    actor,
                    notice,
                    Act.LAPSE,
                    gettext("The suspension ended without the notice being resumed."),
                )
                counts["lapsed"] += 1
    return counts
