"""Requests pages: the list with the statistics, registering, the case (find, consult,
decide, letter), and the owner bureau's consultations. Same services as the API."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput, PolnetError
from polnet.dataprotection.requests import labels, policy, services
from polnet.dataprotection.requests.forms import VERDICT_CHOICES, AnswerForm, RegisterForm
from polnet.dataprotection.requests.models import DataRequest, Finding, Outcome, RequestState
from polnet.network.web import actor_required

HOME = "/dataprotection/requests/"


def _page(
    request: HttpRequest, actor: Actor, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A page with the signed-in actor in its context (the menu is drawn from it)."""
    return render(request, template, {"actor": actor, **context}, status=status)


def _case_url(pk: int) -> str:
    return f"{HOME}{pk}/"


@require_GET
@actor_required
def request_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    rows = services.visible_requests(actor)
    if not (policy.may_register(actor) or policy.answers_for(actor)):
        return _page(request, actor, "dataprotection/requests/list.html", {"forbidden": True}, status=403)
    stats = services.statistics(actor) if policy.may_register(actor) else None
    context = {
        "requests": rows.select_related("received_by_country")[:200],
        "stats": stats,
        "outcomes": [(o.label, stats["outcomes"][o.value]) for o in Outcome] if stats else [],
        "may_register": policy.may_register(actor),
        "answers": policy.answers_for(actor) is not None,
    }
    return _page(request, actor, "dataprotection/requests/list.html", context)


@require_http_methods(["GET", "POST"])
@actor_required
def request_register(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not policy.may_register(actor):
        return _page(request, actor, "dataprotection/requests/list.html", {"forbidden": True}, status=403)
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        payload = form.payload()
        if payload:
            try:
                req = services.register(actor, **payload)
            except PolnetError as exc:
                form.add_service_error(exc)
            else:
                return HttpResponseRedirect(_case_url(req.pk))
    return render(
        request, "dataprotection/requests/register.html", {"form": form}, status=422 if form.errors else 200
    )


def _worded(findings: Any) -> list[Finding]:
    out = list(findings)
    for f in out:
        f.why_text = labels.why(f.why)  # for the template
    return out


def _case(
    request: HttpRequest, actor: Actor, req: DataRequest, *, error: str = "", status: int = 200
) -> HttpResponse:
    consultations = {c.owner_country_id: c for c in services.case_consultations(actor, req)}
    findings = _worded(services.case_findings(actor, req).select_related("owner_country"))
    rows = [(f, consultations.get(f.owner_country_id or "")) for f in findings]
    context = {
        "req": req,
        "rows": rows,
        "consultations": consultations.values(),
        "documents": req.documents.all(),
        "decides": policy.may_decide(actor),
        "can_find": req.state in (RequestState.REGISTERED, RequestState.FOUND),
        "can_consult": req.state == RequestState.FOUND and bool(findings),
        "can_decide": req.state == RequestState.CONSULTING
        or (req.state == RequestState.FOUND and not findings),
        "decided": req.state in (RequestState.DECIDED, RequestState.ANSWERED),
        "can_answer": req.state == RequestState.DECIDED,
        "verdicts": VERDICT_CHOICES,
        "error": error,
    }
    return _page(request, actor, "dataprotection/requests/case.html", context, status=status)


@require_GET
@actor_required
def request_case(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return _case(request, actor, services.open_request(actor, pk))


def _act(request: HttpRequest, actor: Actor, pk: int, act: Any) -> HttpResponse:
    try:
        act()
    except PolnetError as exc:
        if exc.status in (403, 404):
            raise
        return _case(
            request, actor, services.open_request(actor, pk), error=str(exc.message), status=exc.status
        )
    return HttpResponseRedirect(_case_url(pk))


@require_POST
@actor_required
def request_find(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return _act(request, actor, pk, lambda: services.find(actor, pk))


@require_POST
@actor_required
def request_consult(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return _act(request, actor, pk, lambda: services.consult(actor, pk))


def _verdicts(request: HttpRequest) -> dict[int, services.ItemVerdict]:
    out: dict[int, services.ItemVerdict] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if not key.startswith("verdict-"):
            continue
        try:
            pk = int(key.removeprefix("verdict-"))
            raw = request.POST.get(f"correction-{pk}", "").strip()
            correction = json.loads(raw) if raw else None
        except ValueError:
            raise InvalidInput(
                _("The correction must be written as JSON."), code="correction_json", field="verdicts"
            ) from None
        out[pk] = services.ItemVerdict(value, request.POST.get(f"reasons-{pk}", ""), correction)
    return out


@require_POST
@actor_required
def request_decide(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return _act(
        request,
        actor,
        pk,
        lambda: services.decide(actor, pk, _verdicts(request), reasons=request.POST.get("reasons", "")),
    )


@require_POST
@actor_required
def request_answered(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return _act(request, actor, pk, lambda: services.mark_answered(actor, pk))


@require_GET
@actor_required
def request_letter(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    req, data = services.letter(actor, pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{req.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@actor_required
def request_document(request: HttpRequest, actor: Actor, pk: int, document_id: int) -> HttpResponse:
    doc, data = services.document_file(actor, pk, document_id)
    response = HttpResponse(data, content_type=doc.content_type)
    response["Content-Disposition"] = f'attachment; filename="document-{doc.pk}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@actor_required
def consultation_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    if policy.answers_for(actor) is None:
        return _page(
            request, actor, "dataprotection/requests/consultations.html", {"forbidden": True}, status=403
        )
    rows = services.my_consultations(actor).order_by("answer", "deadline")
    return _page(request, actor, "dataprotection/requests/consultations.html", {"consultations": rows})


@require_http_methods(["GET", "POST"])
@actor_required
def consultation_answer(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    consultation, findings = services.open_consultation(actor, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        payload = form.payload()
        if payload:
            try:
                services.answer_consultation(actor, pk, **payload)
            except PolnetError as exc:
                form.add_service_error(exc)
            else:
                return HttpResponseRedirect(f"/dataprotection/consultations/{pk}/")
    context = {
        "c": consultation,
        "findings": _worded(findings),
        "form": form,
        "open": not consultation.answer and consultation.request.state == RequestState.CONSULTING,
    }
    return render(
        request, "dataprotection/requests/consultation.html", context, status=422 if form.errors else 200
    )
