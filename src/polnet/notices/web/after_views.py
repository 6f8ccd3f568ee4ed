"""The notice page's after-publication forms: an addendum and its decision, a sighting, a
reservation and its lifting, a diffusion turned into a request. Same services as the API; a
refused form comes back on the notice page with its errors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput
from polnet.core.images import image_response
from polnet.network.web import actor_required
from polnet.notices import images
from polnet.notices.after import addenda, conversion, reservations, sightings
from polnet.notices.reading import get_notice
from polnet.notices.web.after_forms import AddendumForm, DecisionForm, LiftForm, ReservationForm, SightingForm
from polnet.notices.web.views import detail_context


def _again(request: HttpRequest, actor: Actor, pk: int, **forms: object) -> HttpResponse:
    return render(request, "notices/detail.html", detail_context(actor, pk, **forms), status=422)


@actor_required
@require_POST
def add_addendum(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    form = AddendumForm(request.POST, request.FILES)
    if form.is_valid():
        notice = get_notice(actor, pk)
        data = form.payload(notice.owner_country_id or "")
        upload = form.cleaned_data.get("photo")
        if data:
            try:
                photo = images.read_upload(upload) if upload else None
                addenda.submit(actor, pk, data, photo=photo)
                return HttpResponseRedirect(f"/notices/{pk}/#addenda")
            except InvalidInput as exc:
                form.add_service_error(exc)
    return _again(request, actor, pk, addendum_form=form)


@actor_required
@require_POST
def decide_addendum(request: HttpRequest, actor: Actor, addendum_pk: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(gettext_lazy("Choose to approve or to refuse."), code="addendum_decision_invalid")
    a = addenda.decide(
        actor,
        addendum_pk,
        approve=form.cleaned_data["decision"] == "approve",
        reason=form.cleaned_data["reason"] or "",
    )
    back = (
        "/notices/review/" if request.POST.get("next") == "/notices/review/" else f"/notices/{a.notice_id}/"
    )
    return HttpResponseRedirect(back)


@actor_required
def addendum_photo(request: HttpRequest, actor: Actor, addendum_pk: int) -> HttpResponse:
    a, data = addenda.photo_for(actor, addendum_pk)
    return image_response(data, a.photo_content_type, name=f"addendum-{a.pk}")


@actor_required
@require_POST
def report_sighting(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    form = SightingForm(request.POST)
    if form.is_valid():
        data = form.payload()
        if data:
            try:
                sightings.report(actor, pk, data)
                return HttpResponseRedirect(f"/notices/{pk}/#sightings")
            except InvalidInput as exc:
                form.add_service_error(exc)
    return _again(request, actor, pk, sighting_form=form)


@actor_required
@require_POST
def record_reservation(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    form = ReservationForm(request.POST)
    if form.is_valid():
        data = form.payload()
        if data:
            try:
                reservations.record(actor, pk, data["reason"])
                return HttpResponseRedirect(f"/notices/{pk}/#reservations")
            except InvalidInput as exc:
                form.add_service_error(exc)
    return _again(request, actor, pk, reservation_form=form)


@actor_required
@require_POST
def lift_reservation(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    form = LiftForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    reservations.lift(actor, pk, reason or "")
    return HttpResponseRedirect(f"/notices/{pk}/#reservations")


@actor_required
@require_POST
def to_request(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    notice = conversion.to_request(actor, pk)
    return HttpResponseRedirect(f"/notices/{notice.pk}/")
