"""Record pages: databases, list with search, filters and paging, detail, create and edit.

They validate input, then call the same services as the API; the services and the one
policy decide what may be seen or changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from polnet.core import policy
from polnet.core.actions import action_public
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput
from polnet.core.images import image_response, read_upload
from polnet.core.policy import reads_records
from polnet.network.models import Country
from polnet.network.web import actor_required
from polnet.records import display, forms, photos, services
from polnet.records.kinds import serialise, spec_for
from polnet.records.models import LifeState, Purpose

PAGE_SIZE = 25


def _member_countries(exclude: str | None = None) -> list[tuple[str, str]]:
    codes = Country.objects.filter(is_member=True).exclude(code=exclude or "").values_list("code", flat=True)
    return sorted(((c, display.country_name(c)) for c in codes), key=lambda pair: pair[1])


@actor_required
def record_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not reads_records(actor):
        raise Forbidden(gettext_lazy("Your unit sees hits only, not record details."), code="hit_only_scope")
    cards = display.cards_for(actor)
    # Whoever may create records may also send them in bulk from a national system.
    may_sync = actor.country is not None and any(c["may_create"] for c in cards)
    return render(request, "records/index.html", {"actor": actor, "cards": cards, "may_sync": may_sync})


def _filters(request: HttpRequest, kind: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The chosen filters for the service, and the filter bar for the page."""
    from polnet.records.labels import CHOICES

    chosen: dict[str, str] = {}
    bar = []
    members: list[tuple[str, str]] | None = None
    for f in display.filters_for(kind):
        value = request.GET.get(f.param, "").strip()
        if f.widget == "number" and value and not value.isdigit():
            value = ""  # a year of birth is digits; anything else would not match
        if f.param == "state" and f.param not in request.GET:
            value = LifeState.ACTIVE  # closed records on request only
        if value:
            chosen[f.param] = value
        choices: list[tuple[str, str]] = []
        if f.widget == "select":
            choices = [(k, str(v)) for k, v in CHOICES[f.choices].items()]
        elif f.widget == "member":
            members = members if members is not None else _member_countries()
            choices = members
        elif f.widget == "country":
            choices = forms.country_choices()
        bar.append(
            {"param": f.param, "label": f.label, "widget": f.widget, "value": value, "choices": choices}
        )
    return chosen, bar


@actor_required
def record_list(request: HttpRequest, actor: Actor, kind: str) -> HttpResponse:
    spec_for(kind)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        raise InvalidInput(
            gettext_lazy("The page number is not valid."), code="page_not_number", field="page"
        ) from None
    text = request.GET.get("q", "").strip()[:200]
    search_purpose = request.GET.get(services.SEARCH_PURPOSE_FIELD, "").strip()[:32]
    chosen, bar = _filters(request, kind)
    purpose_error = ""
    try:
        found = services.find_records(
            actor,
            kind,
            text=text,
            filters=chosen,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
            purpose=search_purpose,
        )
    except InvalidInput as exc:
        if exc.field != services.SEARCH_PURPOSE_FIELD:
            raise
        # Nothing was searched: the list asks for the purpose beside the search box.
        found, purpose_error = services.RecordPage(0, []), str(exc.message)
    total = found.total
    pages = max(1, -(-total // PAGE_SIZE))
    context = {
        "actor": actor,
        "kind": kind,
        "headers": display.headers(kind),
        "rows": display.rows(kind, found.rows, found.ranked),
        "ranking": bool(text) and found.fuzzy,  # a match column: as typed, or score and reason
        "total": total,
        "q": text,
        "search_purpose": search_purpose,
        "purposes": Purpose.choices,
        "purpose_error": purpose_error,
        "filters": bar,
        "filtered": bool(text or {k: v for k, v in chosen.items() if (k, v) != ("state", LifeState.ACTIVE)}),
        "page": page,
        "pages": pages,
        "has_next": page < pages,
        "has_prev": page > 1,
        "may_create": display.may_create(actor, kind),
    }
    partial = getattr(request, "htmx", False) and not request.headers.get("HX-History-Restore-Request")
    response = render(request, "records/_results.html" if partial else "records/list.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@actor_required
def record_detail(request: HttpRequest, actor: Actor, kind: str, pk: int) -> HttpResponse:
    return _detail_page(request, actor, kind, pk)


def _detail_page(
    request: HttpRequest,
    actor: Actor,
    kind: str,
    pk: int,
    photo_form: forms.PhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rec = services.read_record(actor, kind, pk)
    facts = rec.access_facts()
    _, steps = services.record_history(actor, kind, pk)
    context = {
        "actor": actor,
        "kind": kind,
        "rec": rec,
        "title": display.title(rec),
        "owner": display.country_name(rec.owner_country_id),
        "sharing": display.sharing(rec, facts.listed_countries),
        "review_date": display.day(rec.review_date),
        "rows": display.detail_rows(actor, rec),
        "may_change": policy.can_change(actor, facts),
        "active": rec.state == LifeState.ACTIVE,
        "state_on": display.day(timezone.localdate(rec.state_changed_at)) if rec.state_changed_at else "",
        "history": display.history_rows(rec, steps),
        "photos": photos.photos_of(actor, rec),
        "photo_form": photo_form or forms.PhotoForm(),
        "on_hit": action_public(
            rec.hit_action, note=rec.hit_action_note, reference=rec.hit_action_reference, disclosed=True
        ),
        **display.person_extras(rec),
    }
    return render(request, "records/detail.html", context, status=status)


# ---- photos ---------------------------------------------------------------------------------


@actor_required
@require_POST
def photo_add(request: HttpRequest, actor: Actor, kind: str, pk: int) -> HttpResponse:
    """Add a photo (owner bureau); a refused file comes back on the form, with the page."""
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            data = read_upload(form.cleaned_data["file"])
            photos.add_photo(actor, kind, pk, data, caption=form.cleaned_data["caption"])
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The photo was added."))
            return HttpResponseRedirect(f"/records/{kind}/{pk}/#photos")
    return _detail_page(request, actor, kind, pk, photo_form=form, status=422)


@actor_required
@require_POST
def photo_remove(request: HttpRequest, actor: Actor, kind: str, pk: int, photo_pk: int) -> HttpResponse:
    photos.remove_photo(actor, kind, pk, photo_pk)
    messages.success(request, _("The photo was removed."))
    return HttpResponseRedirect(f"/records/{kind}/{pk}/#photos")


@actor_required
def photo_image(request: HttpRequest, actor: Actor, kind: str, pk: int, photo_pk: int) -> HttpResponse:
    photo, data = photos.photo_bytes(actor, kind, pk, photo_pk)
    return image_response(data, photo.content_type, name=f"{kind}-{pk}-photo-{photo.pk}", max_age=0)


def _form_page(
    request: HttpRequest,
    actor: Actor,
    form: forms.RecordForm,
    *,
    pk: int | None = None,
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    kind = form.record_kind
    context = {
        "actor": actor,
        "kind": kind,
        "pk": pk,
        "detail_url": f"/records/{kind}/{pk}/" if pk else "",
        "conflict": conflict,
        "form": form,
    }
    return render(request, "records/form.html", context, status=status)


def _form(actor: Actor, kind: str, data: Any = None, **kwargs: Any) -> forms.RecordForm:
    return forms.FORMS[kind](data, members=_member_countries(exclude=actor.country), **kwargs)


@actor_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, actor: Actor, kind: str) -> HttpResponse:
    spec_for(kind)
    if not display.may_create(actor, kind):
        raise Forbidden(
            gettext_lazy("You may not create records in this database."), code="record_create_forbidden"
        )
    if request.method == "GET":
        return _form_page(request, actor, _form(actor, kind, initial=forms.initial_values(kind)))
    form = _form(actor, kind, request.POST)
    data = form.validated()
    if data is not None:
        try:
            rec = services.create_record(actor, kind, data)
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The record was saved."))
            return HttpResponseRedirect(f"/records/{kind}/{rec.pk}/")
    return _form_page(request, actor, form, status=422)


@actor_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, actor: Actor, kind: str, pk: int) -> HttpResponse:
    if request.method == "GET":
        rec = services.read_record(actor, kind, pk)
        if not policy.can_change(actor, rec.access_facts()):
            raise Forbidden(
                gettext_lazy("Only the bureau that owns this record may change it."), code="record_owner_only"
            )
        return _form_page(
            request, actor, _form(actor, kind, initial=serialise(actor, rec), update=True), pk=pk
        )
    form = _form(actor, kind, request.POST, update=True)
    data = form.validated()
    if data is not None:
        try:
            services.update_record(actor, kind, pk, data)
        except Conflict:
            return _form_page(request, actor, form, pk=pk, conflict=True, status=409)
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The changes were saved."))
            return HttpResponseRedirect(f"/records/{kind}/{pk}/")
    return _form_page(request, actor, form, pk=pk, status=422)


# ---- the life of a record: located or recovered, cancelled, reactivated, deleted ---------------

_ACTS = {
    "locate": services.locate_record,
    "cancel": services.cancel_record,
    "reactivate": services.reactivate_record,
}
_DONE = {
    "locate": gettext_lazy("The record is closed: it no longer hits at the borders."),
    "cancel": gettext_lazy("The record is cancelled: it no longer hits at the borders."),
    "reactivate": gettext_lazy("The record is active again: it hits at the borders."),
}


def _life_page(
    request: HttpRequest, actor: Actor, rec: Any, act: str, form: forms.LifeForm, status: int = 200
) -> HttpResponse:
    context = {
        "actor": actor,
        "kind": rec.RECORD_KIND,
        "rec": rec,
        "title": display.title(rec),
        "act": act,
        "form": form,
    }
    return render(request, "records/life.html", context, status=status)


@actor_required
@require_http_methods(["GET", "POST"])
def record_life(request: HttpRequest, actor: Actor, kind: str, pk: int, act: str) -> HttpResponse:
    """Confirm an act on the record's life, then do it through its service (owner only)."""
    rec = services.read_record(actor, kind, pk)
    if not policy.can_change(actor, rec.access_facts()):
        raise Forbidden(
            gettext_lazy("Only the bureau that owns this record may change it."), code="record_owner_only"
        )
    if request.method == "GET":
        return _life_page(request, actor, rec, act, forms.LifeForm(act=act))
    form = forms.LifeForm(request.POST, act=act)
    data = form.validated()
    if data is not None:
        try:
            if act == "delete":
                services.delete_record(actor, kind, pk)
            else:
                _ACTS[act](actor, kind, pk, data["reason"])
        except (InvalidInput, Conflict) as exc:
            form.add_service_error(exc)
        else:
            if act == "delete":
                messages.success(request, _("The record was deleted."))
                return HttpResponseRedirect(f"/records/{kind}/")
            messages.success(request, str(_DONE[act]))
            return HttpResponseRedirect(f"/records/{kind}/{pk}/")
    return _life_page(request, actor, rec, act, form, status=422)
