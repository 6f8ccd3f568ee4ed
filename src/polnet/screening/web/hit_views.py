"""A hit's outcome on the check pages, and the list of the hits one had ("Our hits").

`services.report_outcome` records the outcome: it decides who may (the unit or officer
that had the hit, `hit_policy.had_the_hit`) and audits it. With htmx the form is swapped
for the recorded outcome, or for its errors, in place; without JavaScript the form posts,
and the officer goes back to the page it came from with a message (or, when it is refused,
gets a page that says why).

The list shows the hits `hit_policy` lets the actor see that it had itself, those still
waiting for an outcome first. Like the bureau's panel it names each record as `hit_labels`
allows; a unit whose scope is hit / no hit sees references, time, place, kind and outcome,
nothing of the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from polnet.core import policy
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, NotFound, PolnetError
from polnet.network.web import actor_required
from polnet.screening import services
from polnet.screening.confirmation import is_overdue
from polnet.screening.hit_labels import hit_labels
from polnet.screening.hit_policy import had_q, had_the_hit, hits_q
from polnet.screening.messages import NO_CHECKS
from polnet.screening.models import Hit, HitState, Outcome
from polnet.screening.web.answer_views import state_label
from polnet.screening.web.display import KINDS, hit_public, outcome_label
from polnet.screening.web.forms import OutcomeForm
from polnet.screening.web.offers import CHECK_URL, OWN_HITS_URL, has_own_hits, own_hits_label
from polnet.screening.web.panels import record_url

PER_PAGE = 50


@dataclass(frozen=True)
class OutcomeBox:
    """A hit's outcome as a page shows it: recorded, or the form to report it (for the one
    that had the hit), or a refusal to show in its place."""

    hit_id: int
    outcome: str
    label: str
    note: str = ""
    at: datetime | None = None
    form: OutcomeForm | None = None
    error: str = ""
    # The owner's answer beside it (`answer_views` has the hit's page, where it is given).
    state_label: str = ""
    overdue: bool = False
    state: str = ""

    @property
    def pending(self) -> bool:
        return self.outcome == Outcome.PENDING

    @property
    def waiting_for_owner(self) -> bool:
        """Still waiting for the owner's answer: the state line follows the live feed."""
        return self.state == HitState.REPORTED


def outcome_box(actor: Actor, hit: Hit) -> OutcomeBox:
    may_report = hit.outcome == Outcome.PENDING and had_the_hit(actor, hit)
    return OutcomeBox(
        hit_id=hit.pk,
        outcome=hit.outcome,
        label=outcome_label(hit.outcome),
        note=hit.outcome_note,
        at=hit.outcome_at,
        form=OutcomeForm(hit_id=hit.pk) if may_report else None,
        state_label=state_label(hit.state),
        overdue=is_overdue(hit),
        state=hit.state,
    )


def outcome_boxes(actor: Actor, hit_ids: Iterable[int]) -> dict[int, OutcomeBox]:
    """The boxes of the hits the actor may see among ``hit_ids`` (an answer's hits)."""
    ids = list(hit_ids)
    if not ids:
        return {}
    return {h.pk: outcome_box(actor, h) for h in Hit.objects.filter(hits_q(actor), pk__in=ids)}


@actor_required
@require_GET
def hit_state(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """The owner's answer beside a hit, as a fragment: a page open where the hit was made asks
    for it again when the live feed says something changed, until the owner has answered."""
    hit = Hit.objects.filter(hits_q(actor), pk=pk).first()
    if hit is None:
        raise NotFound(
            gettext_lazy("There is no such hit, or it is not shared with you."), code="hit_not_found"
        )
    return render(request, "screening/_hit_state.html", {"box": outcome_box(actor, hit)})


def _pending_box(hit_id: int, **kwargs: Any) -> OutcomeBox:
    return OutcomeBox(hit_id, Outcome.PENDING, outcome_label(Outcome.PENDING), **kwargs)


def _back(request: HttpRequest) -> str:
    """Where the form came from: a check page, else the list of one's hits."""
    url = request.POST.get("next", "")
    if url.startswith(CHECK_URL) and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return OWN_HITS_URL


@actor_required
@require_POST
def report_outcome(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    htmx = bool(getattr(request, "htmx", False))
    back = _back(request)
    form = OutcomeForm(request.POST, hit_id=pk)
    box, status = _pending_box(pk, form=form), 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            hit = services.report_outcome(actor, pk, data["outcome"], data["note"])
        except InvalidInput as exc:
            form.add_service_error(exc)
        except PolnetError as exc:  # not found, or not the one that had the hit
            box, status = _pending_box(pk, error=str(exc.message)), exc.status
        else:
            if not htmx:
                text = gettext("Hit %(number)s: the outcome is recorded (%(outcome)s).")
                messages.success(request, text % {"number": pk, "outcome": outcome_label(hit.outcome)})
                return HttpResponseRedirect(back)
            if back.startswith(OWN_HITS_URL):
                return _own_hit_row(request, actor, hit, back)
            box, status = outcome_box(actor, hit), 200
    context = {"actor": actor, "box": box, "next_url": back}
    template = "screening/_outcome.html" if htmx else "screening/outcome.html"
    response = render(request, template, context, status=status)
    if status == 200:
        response["HX-Trigger"] = "polnet:hit-outcome"  # the page's hit panel refreshes at once
    return response


def _own_hit_row(request: HttpRequest, actor: Actor, hit: Hit, back: str) -> HttpResponse:
    """On the list of one's hits, the whole row is brought up to date, and the count of those
    still waiting with it."""
    mine = Hit.objects.filter(hits_q(actor)).filter(had_q(actor))
    context = {
        "actor": actor,
        "h": _own_hit(actor, hit, hit_labels(actor, [hit])),
        "waiting_count": mine.filter(outcome=Outcome.PENDING).count(),
        "next_url": back,
    }
    response = render(request, "screening/_own_hit_row.html", context)
    response["HX-Retarget"] = f"#hit-{hit.pk}"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Trigger"] = "polnet:hit-outcome"
    return response


@dataclass(frozen=True)
class OwnHit:
    """One of the hits the actor had. The record, its owner and the score are filled in only
    for an actor who sees record details."""

    id: int
    kind_label: str
    at: datetime
    location: str
    batch_id: int | None
    box: OutcomeBox
    disclosed: bool = False
    record: str = ""
    url: str = ""
    owner_country: str = ""
    score: int = 0
    action: Mapping[str, Any] | None = None  # what the owner asked, as it stood at the hit


def _own_hit(actor: Actor, hit: Hit, labels: dict[int, str]) -> OwnHit:
    seen = hit_public(actor, hit)
    kind_label = str(KINDS.get(seen["kind"], seen["kind"]))
    row = OwnHit(
        hit.pk, kind_label, hit.at, hit.location, hit.batch_id, outcome_box(actor, hit), action=seen["action"]
    )
    if not seen["disclosed"]:
        return row
    return replace(
        row,
        disclosed=True,
        record=labels.get(hit.pk) or f"{kind_label} {seen['record_id']}",
        url=record_url(actor, hit),
        owner_country=seen["owner_country"] or "",
        score=round(seen["score"] * 100),
    )


@actor_required
@require_GET
def own_hits(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not has_own_hits(actor):
        raise Forbidden(NO_CHECKS, code="checks_not_allowed")
    mine = Hit.objects.filter(hits_q(actor)).filter(had_q(actor))
    waiting_first = Case(
        When(outcome=Outcome.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    page = Paginator(mine.order_by(waiting_first, "-id"), PER_PAGE).get_page(request.GET.get("page"))
    disclosed = policy.discloses_details(actor)
    labels = hit_labels(actor, page.object_list)
    rows = [_own_hit(actor, h, labels) for h in page.object_list]
    context = {
        "actor": actor,
        "title": own_hits_label(actor),
        "hit_only": not disclosed,
        "waiting": [r for r in rows if r.box.pending],
        "reported": [r for r in rows if not r.box.pending],
        "waiting_count": mine.filter(outcome=Outcome.PENDING).count(),
        "total": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "has_prev": page.has_previous(),
        "has_next": page.has_next(),
        "next_url": request.get_full_path(),
    }
    return render(request, "screening/own_hits.html", context)


def own_hit_rows(actor: Actor, hits: list[Hit]) -> dict[int, OwnHit]:
    """Hits as the list of one's hits shows them, by id, for other pages (a passenger list's);
    the records they name are looked up together."""
    labels = hit_labels(actor, hits)
    return {h.pk: _own_hit(actor, h, labels) for h in hits}
