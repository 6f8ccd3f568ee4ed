"""The client's real address and protocol behind a reverse proxy, from trusted proxies only.

A proxy says who its client was (X-Forwarded-For) and whether it spoke HTTPS
(X-Forwarded-Proto). Anybody can send those headers, so they count only when the
request came from an address in POLNET_TRUSTED_PROXIES; from anywhere else they are
removed before Django or the application reads them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # settings.py imports this module: nothing that needs settings at import
    from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Headers a proxy sets about its client; Django's SECURE_PROXY_SSL_HEADER reads the first.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)


def parse_trusted_proxies(value: str) -> list[str]:
    """POLNET_TRUSTED_PROXIES: comma-separated addresses or networks (10.0.0.5, 10.1.0.0/16)."""
    proxies = [part.strip() for part in value.split(",") if part.strip()]
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"POLNET_TRUSTED_PROXIES: {proxy!r} is not an IP address or network "
                "(e.g. 10.0.0.5 or 10.1.0.0/16)."
            ) from None
    return proxies


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


@lru_cache(maxsize=4096)
def _address(value: str) -> Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: Address | None) -> bool:
    proxies: list[str] = getattr(settings, "POLNET_TRUSTED_PROXIES", [])
    return address is not None and any(address in net for net in _networks(tuple(proxies)))


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent the request: the connection's peer, or, if that peer is a
    trusted proxy, the rightmost address in X-Forwarded-For that is not a trusted proxy.

    Addresses left of that one were written by the client itself and prove nothing."""
    peer = str(request.META.get("REMOTE_ADDR") or "unknown")
    current = _address(peer)
    if not _trusted(current):
        return str(current) if current is not None else peer[:64]
    hops = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # not an address: nothing further left can be believed
        current = address
        if not _trusted(address):
            break
    return str(current)


class TrustedProxyMiddleware:
    """First in line: forwarded headers from a peer that is not a trusted proxy are removed,
    so that Django's SECURE_PROXY_SSL_HEADER and `client_address` only ever see a proxy's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if not _trusted(_address(str(meta.get("REMOTE_ADDR", "")))):
            for header in FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)
