"""Every URL refuses an anonymous caller, except the ones listed as public."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "/login/",
    "/api/openapi.json",
    "/admin/login/",
    "/notices/public/",
    "/notices/v1/red",
    "/notices/v1/yellow",
    "/notices/v1/un",
    "/verify/",  # certificate verification: anyone holding a certificate's code
    "/verify/person/",
}


def _paths(patterns: list, prefix: str = "") -> list[str]:  # type: ignore[type-arg]
    out: list[str] = []
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            out += _paths(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            path = re.sub(r"<int:\w+>", "1", route)
            path = re.sub(r"<(?:str:)?\w+>", "person", path)
            path = re.sub(r"[\^$]", "", path).replace("\\Z", "").replace("\\", "")
            if "(?P" in path or "<" in path:
                continue
            out.append("/" + path)
    return sorted(set(out))


@pytest.mark.django_db
def test_every_url_refuses_anonymous_callers() -> None:
    client = Client()
    paths = _paths(get_resolver().url_patterns)
    assert len(paths) > 20
    leaks = []
    for path in paths:
        if path in PUBLIC:
            continue
        for method in ("get", "post"):
            status = getattr(client, method)(path).status_code
            if status not in (302, 401, 403, 404, 405):
                leaks.append(f"{method.upper()} {path} -> {status}")
    assert not leaks, leaks
