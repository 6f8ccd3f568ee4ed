"""Certificate pages: the holder's (and manager's) list with renewals due, the PDF, revocation,
and the public verification page (no sign-in)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import PolnetError
from polnet.network.auth import client_origin, request_id
from polnet.network.web import actor_required, error_page, open_to_learners
from polnet.training import policy
from polnet.training.certificates import services, throttle

HOME = "/training/certificates/"


def base_url(request: HttpRequest) -> str:
    """This node's address as the reader reached it: the PDF's verification link points there."""
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
@actor_required
@open_to_learners
def certificate_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    rows = list(services.readable(actor).select_related("course", "user")[:500])
    revocable = set(
        services.readable(actor).filter(policy.certificates_revocable_q(actor)).values_list("pk", flat=True)
    )
    context = {
        "actor": actor,
        "rows": [(c, services.state_of(c), c.pk in revocable) for c in rows],
        "renewals": services.renewals_due(actor),
    }
    return render(request, "training/certificates/list.html", context)


@require_GET
@actor_required
@open_to_learners
def certificate_pdf(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    name, data = services.download(actor, pk, base_url(request))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@actor_required
@open_to_learners
def certificate_revoke(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    try:
        services.revoke(actor, pk, request.POST.get("reason", ""))
    except PolnetError as exc:
        return error_page(request, exc, actor)
    return HttpResponseRedirect(HOME)


# ---- public verification ----------------------------------------------------------------------


def _verification(request: HttpRequest, typed: str) -> HttpResponse:
    origin = client_origin(request)
    if not throttle.allow(origin):
        context = {"limited": True, "typed": ""}
        return render(request, "training/certificates/verify.html", context, status=429)
    result = services.verify(typed)
    audit.log_anonymous(
        audit.Action.READ,
        "certificate_verification",
        origin=origin,
        request_id=request_id(request),
        detail={"genuine": result.genuine, "code": services.normalise_code(typed)},
    )
    context = {"result": result, "typed": typed[:64], "asked": True}
    return render(request, "training/certificates/verify.html", context)


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """The form; a code sent with it (``?code=``) is answered on the same page."""
    typed = request.GET.get("code", "").strip()
    if typed:
        return _verification(request, typed)
    return render(request, "training/certificates/verify.html", {"typed": ""})


@require_GET
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """The address printed on a certificate and in its QR code."""
    return _verification(request, code)
