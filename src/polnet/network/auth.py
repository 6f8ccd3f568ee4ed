"""API authentication: a verified (password + TOTP) session, or a scoped machine token.

Both resolve to an Actor, which ninja hands to endpoints as ``request.auth``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from polnet.core.actor import Actor, TokenScope
from polnet.core.errors import NotAuthenticated
from polnet.core.proxies import client_address
from polnet.network.actors import actor_for
from polnet.network.services import authenticate_token


def client_origin(request: HttpRequest) -> str:
    return client_address(request)[:64]  # behind a trusted proxy, the proxy's client


def request_id(request: HttpRequest) -> str:
    return str(getattr(request, "polnet_request_id", ""))


class VerifiedSessionAuth(APIKeyCookie):
    """Django's session, but only once the second factor was verified (CSRF checked)."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        if key is None:  # no session cookie (a machine client's call has no request.user)
            return None
        user: Any = request.user
        if not (user.is_authenticated and user.is_verified()):
            return None
        return actor_for(user, origin=client_origin(request), request_id=request_id(request))


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        try:
            user, record = authenticate_token(token)
        except NotAuthenticated:
            return None
        scopes = frozenset(TokenScope(s) for s in record.scopes)
        return actor_for(
            user, origin=client_origin(request), request_id=request_id(request), token_scopes=scopes
        )


API_AUTH = [TokenAuth(), VerifiedSessionAuth()]
