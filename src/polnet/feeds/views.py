"""The bureau's batches: the list with an upload form, and one batch with its report and,
for a full sync, the confirmation of its deletions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, PolnetError
from polnet.core.kinds import KINDS
from polnet.feeds import policy, services
from polnet.feeds.readers import FORMATS


def _require_sees(actor: Actor) -> None:
    if not policy.sees_batches(actor):
        raise Forbidden(_("You may not import records."), code="import_page_forbidden")


@require_http_methods(["GET", "POST"])
def batches_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    _require_sees(actor)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise InvalidInput(_("Choose a file."), code="import_file_missing", field="file")
            batch = services.submit(
                actor,
                request.POST.get("kind", ""),
                upload.chunks(),
                file_name=upload.name or "batch",
                fmt=request.POST.get("format", ""),
                full_sync=bool(request.POST.get("full_sync")),
                apply_valid_only=bool(request.POST.get("apply_valid_only")),
            )
            return HttpResponseRedirect(f"/feeds/{batch.pk}/")
        except PolnetError as exc:
            error = str(exc.message)
    kinds = [(k, info.plural) for k, info in KINDS.items() if policy.may_import(actor, k)]
    return render(
        request,
        "feeds/list.html",
        {
            "actor": actor,
            "batches": services.visible_batches(actor)[:200],
            "kinds": kinds,
            "formats": sorted(FORMATS),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def batch_page(request: HttpRequest, actor: Actor, batch_id: int) -> HttpResponse:
    _require_sees(actor)
    error = ""
    if request.method == "POST":
        try:
            count = int(request.POST.get("count", "-1"))
        except ValueError:
            count = -1
        try:
            services.confirm(actor, batch_id, count)
            return HttpResponseRedirect(f"/feeds/{batch_id}/")
        except PolnetError as exc:
            error = str(exc.message)
    batch = services.get_batch(actor, batch_id)
    return render(
        request,
        "feeds/detail.html",
        {"actor": actor, "batch": batch, "error": error},
        status=409 if error else 200,
    )
