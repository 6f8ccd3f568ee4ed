"""The package pages for authors: import a package (the result or the refusal), download one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput
from polnet.network.web import actor_required, open_to_learners
from polnet.training import policy
from polnet.training.packages import export, importer


@actor_required
@open_to_learners
def import_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not policy.may_import_course(actor):
        raise Forbidden(
            _("Only those who write their party's courses may import a package."),
            code="package_import_forbidden",
        )
    context: dict[str, object] = {"actor": actor}
    if request.method != "POST":
        return render(request, "training/packages/import.html", context)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise InvalidInput(
                _("Choose a package (a zip file) to import."), code="package_file_missing", field="file"
            )
        context["result"] = importer.import_package(actor, upload)
    except InvalidInput as exc:
        context["refusal"] = exc
        return render(request, "training/packages/import.html", context, status=422)
    return render(request, "training/packages/import.html", context)


@actor_required
@open_to_learners
def export_page(request: HttpRequest, actor: Actor, course_id: int) -> HttpResponse:
    package = export.export_course(actor, course_id)
    response = HttpResponse(package.data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package.file_name}"'
    return response
