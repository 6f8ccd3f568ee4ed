from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext

# No inline script or style anywhere: every script is a file under /static/.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# A client's own request id (to find its call in the audit log) is kept if it looks like one.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def request_id_of(request: HttpRequest) -> str:
    sent = request.META.get("HTTP_X_REQUEST_ID", "")
    return sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex


class SecurityHeadersMiddleware:
    """Adds the content-security policy and a request id for the audit log; API answers,
    personal data among them, are not stored by browsers or shared caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.polnet_request_id = request_id_of(request)  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        response["X-Request-ID"] = request.polnet_request_id  # type: ignore[attr-defined]
        if request.path_info.startswith("/api/"):
            response["Cache-Control"] = "no-store"
        return response


class UnstorableTextMiddleware:
    """Refuses a page request whose query or form holds a NUL, which PostgreSQL can neither store
    nor compare with, with a 400 page that says so (the API's parser does the same). Django
    decodes forms with replacement, so a lone surrogate cannot arrive this way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
            texts = [text for source in sources for key, values in source.lists() for text in (key, *values)]
            if any("\x00" in text for text in texts):
                message = gettext(
                    "The form holds a character that cannot be stored. Remove it and try again."
                )
                return render(request, "error.html", {"message": message, "status": 400}, status=400)
        return self.get_response(request)


def background(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view that open pages call by themselves (polling for new hits, a batch's progress).

    Such a request (sent by htmx) is not the officer's activity: it reads the session but
    does not extend it, so a page left open still signs out after the idle limit. Opening
    the same address as a page is activity as usual."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.polnet_background = request.headers.get("HX-Request") == "true"  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's sessions, extended on each request except a background one (see `background`)."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if getattr(request, "polnet_background", False) and session is not None and not session.modified:
            patch_vary_headers(response, ("Cookie",))
            patch_cache_control(response, private=True, no_store=True)
            return response
        return super().process_response(request, response)


class PageMessageMiddleware(MessageMiddleware):
    """Django's one-time messages for pages. The API answers in its bodies and never shows
    one, so its requests skip building the signed-cookie store (a tenth of a check's cost)."""

    def process_request(self, request: HttpRequest) -> None:
        if not request.path_info.startswith("/api/"):
            super().process_request(request)


def is_token_api_call(request: HttpRequest) -> bool:
    """An API call with a bearer token and no cookie: a machine client, not a browser.

    It has no session, no sign-in, no page language and no page to frame, so the
    middleware of the web pages has nothing to do for it; at the border's rate of
    document checks that work was a quarter of each call's cost."""
    meta = request.META
    return (
        request.path_info.startswith("/api/")
        and str(meta.get("HTTP_AUTHORIZATION", "")).startswith("Bearer ")
        and not meta.get("HTTP_COOKIE")
    )


_M = TypeVar("_M", bound=type)


def pages_only(middleware: _M) -> _M:
    """``middleware``, passed by for a machine client's API call (see `is_token_api_call`).

    A subclass, so Django's checks still find the middleware they look for."""

    class PagesOnly(middleware):  # type: ignore[misc, valid-type]
        def __call__(self, request: HttpRequest) -> Any:
            if is_token_api_call(request):
                return self.get_response(request)
            return super().__call__(request)

    PagesOnly.__name__ = PagesOnly.__qualname__ = middleware.__name__
    return cast(_M, PagesOnly)
