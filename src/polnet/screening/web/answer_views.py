"""A hit's own page and the owner's answer; the owner's list of hits on its records; the
secretariat's queue of overdue hits.

`confirmation.answer_hit` decides who may answer and records it. With htmx the answer box
is swapped in place (the answer, or the form with its errors); without JavaScript the form
posts and the officer comes back to the hit's page with a message. A hit the actor may not
see is not found, whoever asks (`hit_policy`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from polnet.core import policy
from polnet.core.actions import HitAction, is_urgent
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, PolnetError
from polnet.network.web import actor_required
from polnet.screening import confirmation, hit_policy, hit_reports
from polnet.screening.hit_labels import hit_labels
from polnet.screening.hit_policy import hit_visible, hits_q
from polnet.screening.models import Hit, HitState
from polnet.screening.web.answer_forms import AnswerForm, WithdrawForm
from polnet.screening.web.display import KINDS, hit_public
from polnet.screening.web.panels import record_url

PER_PAGE = 50
STATES: dict[str, Promise] = {str(s.value): s.label for s in HitState}
NOT_OWNER = _("Only a National Central Bureau (or the General Secretariat) answers for its records.")


def state_label(state: str) -> str:
    return str(STATES.get(state, state))


def hit_url(hit_id: int) -> str:
    return f"/check/hits/{hit_id}/"


@dataclass(frozen=True)
class AnswerBox:
    """The owner's answer as a page shows it: given, or awaited (with the form for the owner,
    and the withdrawal for the side that had the hit), or a refusal in its place."""

    hit_id: int
    state: str
    label: str
    reason: str = ""
    at: datetime | None = None
    due_at: datetime | None = None
    overdue: bool = False
    escalated: bool = False
    answer_form: AnswerForm | None = None
    withdraw_form: WithdrawForm | None = None
    error: str = ""

    @property
    def waiting(self) -> bool:
        return self.state == HitState.REPORTED


def answer_box(
    actor: Actor,
    hit: Hit,
    *,
    answer_form: AnswerForm | None = None,
    withdraw_form: WithdrawForm | None = None,
) -> AnswerBox:
    waiting = hit.state == HitState.REPORTED
    owner = waiting and hit_policy.answers_for_owner(actor, hit)
    withdraws = waiting and hit_policy.may_withdraw(actor, hit)
    return AnswerBox(
        hit_id=hit.pk,
        state=hit.state,
        label=state_label(hit.state),
        reason=hit.state_reason if policy.discloses_details(actor) else "",
        at=hit.state_at,
        due_at=hit.due_at,
        overdue=confirmation.is_overdue(hit),
        escalated=hit.escalated_at is not None,
        answer_form=(answer_form or AnswerForm(hit_id=hit.pk)) if owner else None,
        withdraw_form=(withdraw_form or WithdrawForm(hit_id=hit.pk)) if withdraws else None,
    )


def _visible_hit(actor: Actor, pk: int) -> Hit:
    hit = Hit.objects.filter(pk=pk).first()
    if hit is None or not hit_visible(actor, hit):
        raise Http404
    return hit


def _detail_context(actor: Actor, hit: Hit, box: AnswerBox) -> dict[str, Any]:
    seen = hit_public(actor, hit)
    kind_label = str(KINDS.get(seen["kind"], seen["kind"]))
    record = ""
    if seen["disclosed"]:
        record = hit_labels(actor, [hit]).get(hit.pk) or f"{kind_label} {hit.record_id}"
    return {
        "actor": actor,
        "hit": hit,
        "seen": seen,
        "kind_label": kind_label,
        "record": record,
        "record_url": record_url(actor, hit) if seen["disclosed"] else "",
        "box": box,
        # The hit report is the owner's and the screening bureau's (`hit_reports`).
        "report_link": hit_reports.may_read(actor, hit) or hit_reports.may_write(actor, hit),
    }


@actor_required
@require_GET
def hit_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    hit = _visible_hit(actor, pk)
    return render(request, "screening/hit.html", _detail_context(actor, hit, answer_box(actor, hit)))


@actor_required
@require_POST
def answer(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    htmx = bool(getattr(request, "htmx", False))
    hit = _visible_hit(actor, pk)
    withdrawing = request.POST.get("state") == HitState.WITHDRAWN
    form: AnswerForm | WithdrawForm = (
        WithdrawForm(request.POST, hit_id=pk) if withdrawing else AnswerForm(request.POST, hit_id=pk)
    )
    status, error = 422, ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            hit = confirmation.answer_hit(actor, pk, data["state"], data["reason"])
        except InvalidInput as exc:
            form.add_service_error(exc)
            status = exc.status
        except PolnetError as exc:  # not theirs to answer, or already answered (409)
            status, error = exc.status, str(exc.message)
            hit.refresh_from_db()
        else:
            if not htmx:
                text = gettext("Hit %(number)s: %(state)s.")
                messages.success(request, text % {"number": pk, "state": state_label(hit.state)})
                return HttpResponseRedirect(hit_url(pk))
            status = 200
    if status == 200 or error:
        box = answer_box(actor, hit)
        box = replace(box, error=error) if error else box
    else:
        forms: dict[str, Any] = {"withdraw_form" if withdrawing else "answer_form": form}
        box = answer_box(actor, hit, **forms)
    if htmx:
        response = render(request, "screening/_answer_box.html", {"actor": actor, "box": box}, status=status)
        if status == 200:
            response["HX-Trigger"] = "polnet:hit-answer"
        return response
    return render(request, "screening/hit.html", _detail_context(actor, hit, box), status=status)


# ---- lists -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListedHit:
    id: int
    kind_label: str
    record: str
    url: str
    at: datetime
    location: str
    screening_country: str
    owner_country: str
    action: str
    urgent: bool
    box: AnswerBox


def _listed(actor: Actor, hits: list[Hit]) -> list[ListedHit]:
    labels = hit_labels(actor, hits)
    rows = []
    for h in hits:
        kind_label = str(KINDS.get(h.kind, h.kind))
        action = HitAction(h.action).label if h.action in HitAction.values else ""
        rows.append(
            ListedHit(
                id=h.pk,
                kind_label=kind_label,
                record=labels.get(h.pk) or f"{kind_label} {h.record_id}",
                url=record_url(actor, h),
                at=h.at,
                location=h.location,
                screening_country=h.screening_country_id or "",
                owner_country=h.owner_country_id or "",
                action=str(action),
                urgent=is_urgent(h.action),
                box=answer_box(actor, h),
            )
        )
    return rows


def _page(request: HttpRequest, qs: Any) -> dict[str, Any]:
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "page_hits": list(page.object_list),
        "total": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "has_prev": page.has_previous(),
        "has_next": page.has_next(),
    }


def answers_for_records(actor: Actor) -> bool:
    """A bureau's officers (not its units) answer for its records, the secretariat's for its
    notices: they have the list of hits on their records."""
    return actor.unit is None and (actor.country is not None or confirmation.reads_overdue_queue(actor))


@actor_required
@require_GET
def owner_hits(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Hits on our records: those waiting for our answer first (the soonest due first), then
    the answered ones, newest first."""
    if not answers_for_records(actor):
        raise Forbidden(NOT_OWNER, code="owner_hits_not_allowed")
    ours = Hit.objects.filter(hits_q(actor), owner_country_id=actor.country)
    waiting_first = Case(
        When(state=HitState.REPORTED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    due_first = F("due_at").asc(nulls_last=True)
    context = _page(request, ours.order_by(waiting_first, due_first, "-id"))
    rows = _listed(actor, context.pop("page_hits"))
    context |= {
        "actor": actor,
        "waiting": [r for r in rows if r.box.waiting],
        "answered": [r for r in rows if not r.box.waiting],
        "waiting_count": ours.filter(state=HitState.REPORTED).count(),
        "overdue_count": sum(1 for r in rows if r.box.overdue),
    }
    return render(request, "screening/owner_hits.html", context)


@actor_required
@require_GET
def overdue_queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The secretariat's queue: hits escalated because the owner has not answered, oldest first."""
    context = _page(request, confirmation.overdue_queue(actor))
    context |= {"actor": actor, "rows": _listed(actor, context.pop("page_hits"))}
    return render(request, "screening/overdue_hits.html", context)
