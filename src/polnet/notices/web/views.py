"""Notice pages: search, a request form per kind, the notice page, the review queue,
notifications and the Article 3 list. Same services as the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from polnet.core.actions import action_public
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, PolnetError
from polnet.core.images import image_response
from polnet.network.web import actor_required
from polnet.notices import history, images, notify, output, policy, reading, services, workflow
from polnet.notices.compliance import precheck, terms
from polnet.notices.kinds import SPECS, NoticeKind, spec_for
from polnet.notices.models import EyeColour, HairColour, Notice
from polnet.notices.states import EDITABLE, TRANSITIONS, Act, Channel, State
from polnet.notices.web.after import addenda_queue, after_context
from polnet.notices.web.forms import DETAIL_LABELS, NoticeForm, initial_from
from polnet.notices.web.page_forms import ActForm, ImageForm, TermForm
from polnet.notices.web.pickers import prepare_pickers

PAGE_SIZE = 25


def _page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        raise InvalidInput(
            gettext_lazy("The page number is not valid."), code="page_not_number", field="page"
        ) from None


@actor_required
def notice_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    page = _page(request)
    text = request.GET.get("q", "")
    filters = {
        k: request.GET.get(k, "") for k in ("state", "kind", "channel", "country") if request.GET.get(k)
    }
    total, rows = reading.list_notices(
        actor, text=text, filters=filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    context = {
        "actor": actor,
        "rows": [(n, output.label(n)) for n in rows],
        "total": total,
        "q": text,
        "filters": filters,
        "page": page,
        "has_next": page * PAGE_SIZE < total,
        "has_prev": page > 1,
        "states": State.choices,
        "kinds": NoticeKind.choices,
        "channels": Channel.choices,
        "may_request": policy.may_create(actor, False),
        "may_issue_un": policy.may_create(actor, True),
        "is_reviewer": policy.is_reviewer(actor),
        "unread": notify.unread_count(actor),
    }
    template = "notices/_table.html" if request.headers.get("HX-Request") else "notices/list.html"
    return render(request, template, context)


@actor_required
def choose_kind(request: HttpRequest, actor: Actor) -> HttpResponse:
    diffusion = request.GET.get("channel") == Channel.DIFFUSION
    specs = [
        s
        for s in SPECS.values()
        if policy.may_create(actor, s.by_secretariat) and not (diffusion and s.by_secretariat)
    ]
    if not specs:
        raise Forbidden(
            gettext_lazy("You may not request notices or send diffusions."), code="notices_create_forbidden"
        )
    return render(request, "notices/choose.html", {"actor": actor, "specs": specs, "diffusion": diffusion})


def _form_page(
    request: HttpRequest, actor: Actor, form: NoticeForm, notice: Notice | None = None
) -> HttpResponse:
    prepare_pickers(actor, form)
    return render(
        request,
        "notices/form.html",
        {"actor": actor, "form": form, "spec": form.spec, "diffusion": form.diffusion, "notice": notice},
        status=200 if not form.errors else 422,
    )


@actor_required
@require_http_methods(["GET", "POST"])
def new_notice(request: HttpRequest, actor: Actor, kind: str) -> HttpResponse:
    spec = spec_for(kind)
    diffusion = (
        request.GET.get("channel") == Channel.DIFFUSION or request.POST.get("channel") == Channel.DIFFUSION
    )
    if not policy.may_create(actor, spec.by_secretariat) or (diffusion and spec.by_secretariat):
        raise Forbidden(gettext_lazy("You may not create this kind."), code="notice_kind_create_forbidden")
    form = NoticeForm(
        spec, request.POST or None, diffusion=diffusion, initial={"language": request.LANGUAGE_CODE}
    )
    data = form.validated() if request.method == "POST" and form.is_valid() else None
    if data is not None:
        try:
            if diffusion:
                notice = workflow.send_diffusion(actor, data)
            else:
                notice = services.create_notice(actor, data)
            return HttpResponseRedirect(f"/notices/{notice.pk}/")
        except InvalidInput as exc:
            form.add_service_error(exc)
    return _form_page(request, actor, form)


@actor_required
@require_http_methods(["GET", "POST"])
def edit_notice(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    notice = reading.read_notice(actor, pk)
    if not policy.is_source(actor, notice.owner_country_id or "") or notice.state not in EDITABLE:
        raise Forbidden(gettext_lazy("This notice cannot be changed now."), code="notice_not_editable")
    spec = spec_for(notice.kind)
    form = NoticeForm(spec, request.POST or None, initial=initial_from(notice))
    version = request.POST.get("version", "")
    data = None
    if request.method == "POST" and form.is_valid():
        data = form.validated(version=int(version) if version.isdigit() else 0)
    if data is not None:
        if "warrants" in data:  # the form edits the first warrant; the others stay
            data["warrants"] += [output.warrant_out(w) for w in notice.warrants.all()[1:]]
        try:
            services.update_notice(actor, pk, data)
            return HttpResponseRedirect(f"/notices/{pk}/")
        except InvalidInput as exc:
            form.add_service_error(exc)
    return _form_page(request, actor, form, notice)


@actor_required
def notice_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return render(request, "notices/detail.html", detail_context(actor, pk))


def detail_context(actor: Actor, pk: int, **forms: Any) -> dict[str, Any]:
    """The notice page's context; `forms` puts a form back with its errors (after sections)."""
    notice = reading.read_notice(actor, pk)
    _, events, insider = history.read_history(actor, pk)
    context: dict[str, Any] = {
        "actor": actor,
        "notice": notice,
        "spec": spec_for(notice.kind),
        "label": output.label(notice),
        "names": list(notice.names.all()),
        "warrants": list(notice.warrants.all()),
        "nationalities": sorted(c.pk for c in notice.nationalities.all()),
        "listed": sorted(c.pk for c in notice.listed_countries.all()),
        "links": reading.linked_records(actor, notice),
        "images": list(notice.images.all()),
        "events": events,
        "insider": insider,
        "findings": output.findings_out(notice.precheck) if output.sees_precheck(actor, notice) else None,
        "related": reading.related_notices(actor, notice) if actor.country is None else [],
        "acts": _acts(actor, notice),
        "may_edit": policy.is_source(actor, notice.owner_country_id or "") and notice.state in EDITABLE,
        "image_form": ImageForm(),
        "act_form": ActForm(),
        "today": timezone.localdate(),
        "details": _details(notice),
        "eyes": [str(EyeColour(c).label) for c in notice.eye_colours if c in EyeColour.values],
        "hair": [str(HairColour(c).label) for c in notice.hair_colours if c in HairColour.values],
        "on_hit": action_public(
            notice.hit_action,
            note=notice.hit_action_note,
            reference=notice.hit_action_reference,
            disclosed=True,
        ),
    }
    return context | after_context(actor, notice, **forms)


def _acts(actor: Actor, notice: Notice) -> list[tuple[str, str, bool]]:
    return [(a, _act_label(a), _needs_reason(notice, a)) for a in output.allowed_acts(actor, notice)]


def _needs_reason(notice: Notice, act: str) -> bool:
    if act == "extract_refuse":
        return True
    t = TRANSITIONS[notice.channel].get(Act(act)) if act in Act.values else None
    return bool(t and t.needs_reason)


def _details(notice: Notice) -> list[tuple[str, str]]:
    out = []
    for key, value in (notice.details or {}).items():
        if value in (None, "", []):
            continue
        if key == "assets":
            text = "\n".join(
                " · ".join(
                    str(v)
                    for v in (
                        a.get("description"),
                        a.get("asset_type"),
                        a.get("location"),
                        a.get("country"),
                        a.get("estimated_value"),
                    )
                    if v
                )
                for a in value
            )
            out.append((str(_("The assets to trace")), text))
        else:
            out.append((str(DETAIL_LABELS.get(key, key)), str(value)))
    return out


def _act_label(act: str) -> str:
    from polnet.notices.models import EXTRACT_ACT_LABELS

    try:
        return str(Act(act).label)
    except ValueError:
        return str(EXTRACT_ACT_LABELS.get(act, act))


@actor_required
@require_POST
def notice_act(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    form = ActForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items())
        raise InvalidInput(errors, code="notice_act_invalid")  # the form's own translated errors
    act = form.cleaned_data["act"]
    reason = form.cleaned_data["reason"] or ""
    if act == "extract_request":
        workflow.request_extract(actor, pk, reason=reason)
    elif act in ("extract_approve", "extract_refuse"):
        workflow.decide_extract(actor, pk, approve=act == "extract_approve", reason=reason)
    elif act == "extract_withdraw":
        workflow.withdraw_extract(actor, pk, reason=reason)
    elif act == Act.PUBLISH:
        workflow.publish(actor, pk, reason=reason, approve_extract=form.cleaned_data["approve_extract"])
    else:
        workflow.perform(actor, pk, act, reason=reason, until=form.cleaned_data["until"])
    return HttpResponseRedirect(
        "/notices/review/" if request.POST.get("next") == "/notices/review/" else f"/notices/{pk}/"
    )


@actor_required
@require_POST
def notice_add_image(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = "; ".join(" ".join(str(e) for e in v) for v in form.errors.values())
        raise InvalidInput(errors, code="image_upload_invalid", field="file")  # the form's own errors
    data = images.read_upload(form.cleaned_data["file"])
    images.add_image(
        actor,
        pk,
        data,
        caption=form.cleaned_data["caption"],
        in_public_extract=form.cleaned_data["in_public_extract"],
    )
    return HttpResponseRedirect(f"/notices/{pk}/")


@actor_required
def notice_image(request: HttpRequest, actor: Actor, pk: int, image_pk: int) -> HttpResponse:
    image, data = images.image_for(actor, pk, image_pk)
    return image_response(data, image.content_type, name=f"image-{image.pk}")


@actor_required
def review_queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    now = timezone.now()
    items = []
    for n in reading.review_queue(actor):
        since = n.submitted_at or n.created_at
        items.append(
            {
                "notice": n,
                "label": output.label(n),
                "hours": round((now - since).total_seconds() / 3600, 1),
                "summary": precheck.summary(n.precheck),
                "findings": output.findings_out(n.precheck),
                "related": reading.related_notices(actor, n),
                "acts": _acts(actor, n),
            }
        )
    return render(
        request, "notices/queue.html", {"actor": actor, "items": items, "addenda": addenda_queue(actor)}
    )


@actor_required
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    if request.method == "POST":
        pk = request.POST.get("id")
        notify.mark_read(actor, int(pk) if pk and pk.isdigit() else None)
        return HttpResponseRedirect("/notices/notifications/")
    rows = [(n, notify.message(n)) for n in notify.notifications(actor)]
    return render(request, "notices/notifications.html", {"actor": actor, "rows": rows})


@actor_required
@require_http_methods(["GET", "POST"])
def term_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = TermForm(request.POST or None) if request.POST.get("form") == "add" else TermForm()
    if request.method == "POST":
        if request.POST.get("form") == "toggle":
            pk = request.POST.get("id", "")
            if pk.isdigit():
                row = terms.list_terms(actor).filter(pk=int(pk)).first()
                if row is not None:
                    terms.update_term(actor, row.pk, {"active": not row.active})
            return HttpResponseRedirect("/notices/article3/")
        if form.is_valid():
            try:
                terms.add_term(actor, form.cleaned_data)
                return HttpResponseRedirect("/notices/article3/")
            except PolnetError as exc:
                form.add_error(None, exc.message)
    language = request.GET.get("language", "")
    rows = terms.list_terms(actor, language=language)
    return render(
        request,
        "notices/terms.html",
        {"actor": actor, "rows": rows, "form": form, "language": language},
        status=422 if form.errors else 200,
    )
