"""The REST API under /api/: authentication by default, errors mapped in one place."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from polnet.analysis.api import router as analysis_projects_router
from polnet.analysis.graph.api import router as analysis_graph_router
from polnet.analysis.reports.api import router as analysis_reports_router
from polnet.analysis.resolution.api import router as resolution_router
from polnet.analysis.trends.api import router as trends_router
from polnet.core.api_errors import error_body
from polnet.core.api_parser import ApiParser
from polnet.core.errors import PolnetError
from polnet.dataprotection.console.api import router as dataprotection_console_router
from polnet.dataprotection.requests.api import router as dataprotection_requests_router
from polnet.feeds.api import router as feeds_router
from polnet.messaging.api import router as messaging_router
from polnet.network.api import router as network_router
from polnet.network.auth import mount, refuse_undeclared
from polnet.notices.api import router as notices_router
from polnet.notifications.api import router as notifications_router
from polnet.offline.api import router as offline_router
from polnet.operations.api import router as operations_router
from polnet.records.api import router as records_router
from polnet.screening.api import router as screening_router
from polnet.training.api import router as training_router

api = NinjaAPI(
    title="polnet API",
    version="1",
    description="Records, network administration and screening of the polnet police cooperation network.",
    auth=refuse_undeclared,  # every operation declares its scope (ScopedRouter), else admits nobody
    docs_url=None,
    urls_namespace="api",
    parser=ApiParser(),
)


@api.exception_handler(PolnetError)
def handle_polnet_error(request: HttpRequest, exc: PolnetError) -> HttpResponse:
    # English unless the client asks otherwise (Accept-Language, or a signed-in person's
    # language cookie): a token client's call passes by LocaleMiddleware, so the thread's
    # language may still be the previous page's.
    with translation.override(translation.get_language_from_request(request)):
        body = exc.as_dict()
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(ValidationError)
def handle_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", []) if p not in ("body", "payload", "query", "params", "form")]
    field = ".".join(loc)
    msg = str(first.get("msg", "invalid input")).removeprefix("Value error, ")
    return api.create_response(
        request,
        {
            "error": "invalid",
            "detail": f"{field}: {msg}" if field else msg,
            "field": field or None,
            "errors": exc.errors,
        },
        status=422,
    )


@api.exception_handler(AuthenticationError)
def handle_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = "Sign in with password and second factor, or send a valid API token (Authorization: Bearer …)."
    return api.create_response(request, error_body(401, detail), status=401)


@api.exception_handler(HttpError)
def handle_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals: a body it cannot parse (400), a failed CSRF check (403)."""
    if isinstance(exc.__cause__, PolnetError):  # raised by the parser, wrapped by ninja
        return handle_polnet_error(request, exc.__cause__)
    detail = str(exc)
    if detail.startswith("Cannot parse request body"):
        detail = "The request body cannot be parsed: send valid JSON (Content-Type: application/json)."
    return api.create_response(request, error_body(exc.status_code, detail), status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def handle_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    detail = f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes."
    return api.create_response(request, error_body(413, detail), status=413)


@api.exception_handler(Http404)
def handle_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body(404, "Not found."), status=404)


mount(api, "/screening/", screening_router)  # first: the most frequent calls match sooner
mount(api, "/records/", records_router)
mount(api, "/network/", network_router)
mount(api, "/notices/", notices_router)
mount(api, "/messages/", messaging_router)
mount(api, "/notifications", notifications_router)
mount(api, "/analysis/duplicates/", resolution_router)
mount(api, "/analysis/reports/", analysis_reports_router)
mount(api, "/analysis/projects/", analysis_projects_router)
mount(api, "/analysis/trends/", trends_router)
mount(api, "/analysis/graph/", analysis_graph_router)
mount(api, "/dataprotection/requests/", dataprotection_requests_router)
mount(api, "/dataprotection/", dataprotection_console_router)
mount(api, "/training/", training_router)
mount(api, "/operations/", operations_router)
mount(api, "/feeds/", feeds_router)
mount(api, "/offline/", offline_router)
