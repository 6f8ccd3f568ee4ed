"""The border check page: one form per kind of check, the answer on the same page (with a form
to report each hit's outcome), the officer's passenger lists, and the bureau's recent hits,
which refresh by themselves.

The forms call the screening services, the same as the API; the answer shown is the
service's public view of it. With htmx the answer and the form are swapped in place;
without JavaScript the same page comes back from an ordinary POST.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from polnet.core import policy
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, PolnetError
from polnet.core.middleware import background
from polnet.network.web import actor_required
from polnet.screening.messages import NO_CHECKS, NO_HIT_PANEL, NO_KIND
from polnet.screening.web.batch_views import earlier_batches, may_check_lists
from polnet.screening.web.display import CHECK_TITLES, ResultView, hit_ids, result_view
from polnet.screening.web.forms import CHECK_FORMS, BatchUpload, CheckForm
from polnet.screening.web.hit_views import outcome_boxes
from polnet.screening.web.offers import OWN_HITS_URL, checkable_kinds, own_hits_label
from polnet.screening.web.panels import (
    has_hit_panel,
    hit_panel_context,
    hits_panel,
    latest_hit_id,
    panel_state,
)
from polnet.screening.web.purposes import offered_purpose, remember_purpose


def _kinds(actor: Actor) -> list[str]:
    kinds = checkable_kinds(actor)
    if not kinds:
        raise Forbidden(NO_CHECKS, code="checks_not_allowed")
    return kinds


def _context(
    actor: Actor,
    kinds: list[str],
    form: CheckForm,
    result: ResultView | None = None,
    checked: list[tuple[str, str]] | None = None,
    *,
    whole_page: bool = True,
    purpose: str = "",
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "actor": actor,
        "tabs": [(k, CHECK_TITLES[k]) for k in kinds],
        "kind": form.kind,
        "form": form,
        "result": result,
        "checked": checked or [],
        "hit_only": not policy.discloses_details(actor),
        "batch_form": BatchUpload(initial={"purpose": purpose}) if may_check_lists(kinds) else None,
        "has_hit_panel": has_hit_panel(actor),
        "own_hits_url": OWN_HITS_URL,
        "own_hits_label": own_hits_label(actor),
        "next_url": f"/check/?kind={form.kind}",  # where an outcome reported without htmx goes back
    }
    if whole_page and context["batch_form"] is not None:
        context["earlier_batches"] = earlier_batches(actor)
    if whole_page:
        context |= hit_panel_context(actor)
    return context


def _run(actor: Actor, form: CheckForm) -> tuple[ResultView | None, int]:
    """The answer, or None with the form carrying the errors; and the status of the page."""
    if not form.is_valid():
        return None, 422
    try:
        result = form.run(actor)
    except InvalidInput as exc:
        form.add_service_error(exc)
        return None, exc.status
    except PolnetError as exc:
        form.add_error(None, str(exc.message))
        return None, exc.status
    return result_view(result, outcome_boxes(actor, hit_ids(result)), form.expiry(), actor.country), 200


def _post(request: HttpRequest, actor: Actor, kinds: list[str], *, htmx: bool) -> HttpResponse:
    kind = request.POST.get("check", "")
    if kind not in CHECK_FORMS:
        raise InvalidInput(NO_KIND, code="check_kind_unknown", field="check")
    if kind not in kinds:
        raise Forbidden(NO_CHECKS, code="checks_not_allowed")
    form = CHECK_FORMS[kind](request.POST, request.FILES)
    result, status = _run(actor, form)
    checked = form.summary()
    if result is not None:  # the next traveller: an empty form, place and purpose kept; the answer has focus
        remember_purpose(request, form.cleaned_data["purpose"])
        kept = {name: form.cleaned_data[name] for name in ("location", "purpose")}
        form = CHECK_FORMS[kind](initial=kept)
    else:
        form.focus_first_error()
    purpose = offered_purpose(request, actor)
    context = _context(actor, kinds, form, result, checked, whole_page=not htmx, purpose=purpose)
    template = "screening/_check_answer.html" if htmx else "screening/check.html"
    return render(request, template, context, status=status)


@actor_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, actor: Actor) -> HttpResponse:
    kinds = _kinds(actor)
    htmx = bool(getattr(request, "htmx", False))
    if request.method == "POST":
        try:
            return _post(request, actor, kinds, htmx=htmx)
        except PolnetError as exc:
            if not htmx:
                raise
            # Where the answer goes, not a whole error page inside the check page.
            context = {"message": exc.message}
            return render(request, "screening/_check_refused.html", context, status=exc.status)
    kind = request.GET.get("kind", "")
    kind = kind if kind in kinds else kinds[0]
    partial = htmx and not request.headers.get("HX-History-Restore-Request")
    purpose = offered_purpose(request, actor)
    form = CHECK_FORMS[kind](focus=True, initial={"purpose": purpose})
    context = _context(actor, kinds, form, whole_page=not partial, purpose=purpose)
    response = render(request, "screening/_check_switch.html" if partial else "screening/check.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@background
@actor_required
@require_GET
def recent_hits(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The hits panel, when something changed since the page's ``state`` (or, without one, since
    its newest hit ``after``); else 204: the page keeps its own."""
    if not has_hit_panel(actor):
        raise Forbidden(NO_HIT_PANEL, code="hit_panel_not_allowed")
    after, seen, state = (request.GET.get(k, "") for k in ("after", "seen", "state"))
    if state:
        if state == panel_state(actor):
            return HttpResponse(status=204)
    elif after.isdigit() and int(after) == latest_hit_id(actor):
        return HttpResponse(status=204)
    context = {"actor": actor, "oob": True, **hits_panel(actor, int(seen) if seen.isdigit() else None)}
    return render(request, "screening/_hits_feed.html", context)
