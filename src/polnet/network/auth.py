"""API authentication and token scopes: one rule, declared on every route, checked in one place.

A caller is a verified (password + TOTP) session or a machine token; both resolve to an
Actor, which ninja hands to endpoints as ``request.auth``. Every operation is registered
through a `ScopedRouter` and names the token scope it needs (``scope=``); a route without
one is refused when the URLs load. The scope is checked here, while authenticating, so a
token without it is refused before its request body is even read, and it is published in
the OpenAPI document as ``x-polnet-scope``. A signed-in person carries no token and is
bounded by role and policy alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Router
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from polnet.core.actor import Actor, TokenScope
from polnet.core.errors import Forbidden, InsufficientScope, NotAuthenticated
from polnet.core.proxies import client_address
from polnet.network.actors import actor_for
from polnet.network.services import authenticate_token

ANY_SCOPE: Final = "any"
"""For the few operations any valid token may call: who am I, the list of countries."""

RouteScope = TokenScope | Literal["any"]
SCOPE_KEY: Final = "x-polnet-scope"  # where the OpenAPI document names an operation's scope
_KNOWN_SCOPES: Final = frozenset(s.value for s in TokenScope)


def client_origin(request: HttpRequest) -> str:
    return client_address(request)[:64]  # behind a trusted proxy, the proxy's client


def request_id(request: HttpRequest) -> str:
    return str(getattr(request, "polnet_request_id", ""))


def token_admits(scopes: frozenset[TokenScope], needed: RouteScope) -> bool:
    """The scope rule itself: a token is admitted to an operation if it holds its scope."""
    return needed == ANY_SCOPE or needed in scopes


class VerifiedSessionAuth(APIKeyCookie):
    """Django's session, but only once the second factor was verified.

    ninja's cookie authentication checks CSRF before it knows whether the cookie signs anyone
    in, so a stale cookie (or a token client that kept one) got "CSRF check failed" instead
    of 401. Here the check comes after: only a session that authenticates a person can be
    forged, and an unsafe request on it still needs the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, scope: RouteScope = ANY_SCOPE) -> None:
        super().__init__(csrf=False)  # checked in authenticate(), once a person is found
        self.scope = scope

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        if key is None:  # no session cookie (a machine client's call has no request.user)
            return None
        user: Any = request.user
        if not (user.is_authenticated and user.is_verified()):
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise Forbidden(
                _(
                    "The CSRF check failed: a signed-in browser sends the X-CSRFToken header "
                    "with each change."
                ),
                code="csrf_failed",
            )
        actor = actor_for(user, origin=client_origin(request), request_id=request_id(request))
        if not actor.handles_police_data and self.scope not in LEARNERS_SCOPES:
            raise Forbidden(
                _("Your account is for the learning centre only; this operation is not part of it."),
                code="learning_only",
            )
        return actor


# What a learner or a trainer (`core.actor.LEARNING_ONLY_ROLES`) may call, signed in: the
# learning centre, and the joint operations a partner observes (the operations' policy shows an
# observer the plan and the totals, read only, and nothing of an operation it does not observe).
LEARNERS_SCOPES: Final = frozenset({ANY_SCOPE, TokenScope.TRAINING, TokenScope.OPERATIONS})


class TokenAuth(HttpBearer):
    """A machine token, admitted only to operations whose scope it holds."""

    def __init__(self, scope: RouteScope) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        # A presented token that fails is the answer (401, "token not valid"): the session
        # is not tried instead, so the client learns its token is wrong.
        user, record = authenticate_token(token)
        scopes = frozenset(TokenScope(s) for s in record.scopes if s in _KNOWN_SCOPES)
        if not token_admits(scopes, self.scope):
            held = ", ".join(sorted(scopes)) or "none"
            raise InsufficientScope(
                _(
                    "This token's scopes (%(held)s) do not include %(scope)s, which this operation "
                    "needs. Ask your bureau administrator for a token with that scope."
                ),
                code="scope_not_granted",
                held=held,
                scope=self.scope,
            )
        return actor_for(
            user,
            origin=client_origin(request),
            request_id=request_id(request),
            token_scopes=scopes,
            default_purpose=record.default_purpose,  # for its searches that state no purpose
        )


def needs(scope: RouteScope) -> list[Callable[[HttpRequest], Any]]:
    """The authentication of an operation that needs ``scope``: a token holding it, or a person."""
    return [TokenAuth(scope), VerifiedSessionAuth(scope)]


def mount(api: NinjaAPI, prefix: str, router: Router) -> None:
    """Add an app's router to the API; only a ScopedRouter, whose routes all name their scope."""
    _require_scoped(prefix, router)
    api.add_router(prefix, router)


def _require_scoped(prefix: str, router: object) -> None:
    if not isinstance(router, ScopedRouter):
        raise ImproperlyConfigured(f"The router mounted at {prefix!r} must be a ScopedRouter.")


def refuse_undeclared(request: HttpRequest) -> None:
    """The API's default authentication: an operation that declares no scope admits nobody."""
    raise NotAuthenticated(_("This operation declares no token scope."), code="scope_undeclared")


class ScopedRouter(Router):
    """A ninja Router whose every operation must say, with ``scope=``, which token scope it needs."""

    def api_operation(
        self, methods: list[str], path: str, *, scope: RouteScope | None = None, **kwargs: Any
    ) -> Callable[[Any], Any]:
        if scope is None:
            raise ImproperlyConfigured(
                f"API operation {' '.join(methods)} {path} declares no token scope: "
                "give its route scope=TokenScope.… (or ANY_SCOPE)."
            )
        if scope != ANY_SCOPE:
            scope = TokenScope(scope)
        if "auth" in kwargs:
            raise ImproperlyConfigured(f"API operation {path}: the scope decides its authentication.")
        extra = {**(kwargs.pop("openapi_extra", None) or {}), SCOPE_KEY: str(scope)}
        return super().api_operation(methods, path, auth=needs(scope), openapi_extra=extra, **kwargs)

    def add_router(self, prefix: str, router: Router | str, **kwargs: Any) -> None:
        _require_scoped(prefix, router)
        super().add_router(prefix, router, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Callable[[Any], Any]:
        return self.api_operation(["GET"], path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Callable[[Any], Any]:
        return self.api_operation(["POST"], path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Callable[[Any], Any]:
        return self.api_operation(["PUT"], path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Callable[[Any], Any]:
        return self.api_operation(["PATCH"], path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Callable[[Any], Any]:
        return self.api_operation(["DELETE"], path, **kwargs)
