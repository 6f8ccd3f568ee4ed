"""One error body for every 4xx and 5xx answer under /api/: JSON with `error` and `detail`.

The API's own errors are made by the exception handlers in `polnet.api`. The answers that
other layers make for /api/ paths (Django's 400, 404 and 500 pages, ninja's plain 405, an
upload that is too large) are rewritten here into the same shape, so a client reads every
failure the same way and never gets an HTML page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/"

# The `error` code of each status; PolnetError subclasses use the same ones.
CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}

_DETAILS = {
    400: "The request could not be read.",
    401: "Sign in or send a valid API token.",
    403: "This is not allowed.",
    404: "There is nothing at this address of the API.",
    413: "The request is too large.",
    429: "Too many requests; wait a moment and try again.",
    500: "The server failed to answer this request; the error was logged.",
}


def error_code(status: int) -> str:
    if status in CODES:
        return CODES[status]
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


def error_body(status: int, detail: str, *, field: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {"error": error_code(status), "detail": detail}
    if field:
        body["field"] = field
    return body


def _default_detail(request: HttpRequest, response: HttpResponse) -> str:
    if response.status_code == 405:
        allowed = response.get("Allow", "")
        return f"{request.method} is not allowed here" + (f"; use {allowed}." if allowed else ".")
    if response.status_code in _DETAILS:
        return _DETAILS[response.status_code]
    try:
        return HTTPStatus(response.status_code).phrase + "."
    except ValueError:
        return "The request failed."


class ApiErrorBodyMiddleware:
    """Gives an error answer under /api/ that is not JSON yet the documented error body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path_info.startswith(API_PREFIX)
            and not response.streaming
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            body = error_body(response.status_code, _default_detail(request, response))
            # Changed in place: the security headers and the request id stay as they were.
            response.content = json.dumps(body).encode()
            response["Content-Type"] = "application/json"
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
