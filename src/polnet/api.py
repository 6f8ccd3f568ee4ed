"""The REST API under /api/: authentication by default, errors mapped in one place."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from polnet.core.errors import PolnetError
from polnet.messaging.api import router as messaging_router
from polnet.network.api import router as network_router
from polnet.network.auth import mount, refuse_undeclared
from polnet.notices.api import router as notices_router
from polnet.records.api import router as records_router
from polnet.screening.api import router as screening_router

api = NinjaAPI(
    title="polnet API",
    version="1",
    description="Records, network administration and screening of the polnet police cooperation network.",
    auth=refuse_undeclared,  # every operation declares its scope (ScopedRouter), else admits nobody
    docs_url=None,
    urls_namespace="api",
)


@api.exception_handler(PolnetError)
def handle_polnet_error(request: HttpRequest, exc: PolnetError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def handle_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", []) if p not in ("body", "payload", "query", "params")]
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
    return api.create_response(
        request,
        {
            "error": "not_authenticated",
            "detail": (
                "Sign in with password and second factor, "
                "or send a valid API token (Authorization: Bearer …)."
            ),
        },
        status=401,
    )


mount(api, "/screening/", screening_router)  # first: the most frequent calls match sooner
mount(api, "/records/", records_router)
mount(api, "/network/", network_router)
mount(api, "/notices/", notices_router)
mount(api, "/messages/", messaging_router)
