"""Every URL refuses an anonymous caller, except the ones listed as public."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.url_paths import every_path

PUBLIC = {
    "/login/",
    "/api/openapi.json",
    "/admin/login/",
    "/notices/public/",
    "/notices/v1/red",
    "/notices/v1/yellow",
    "/notices/v1/un",
    "/artworks/public/",  # stolen works of art their owners listed publicly
    "/artworks/v1/",
    "/verify/",  # certificate verification: anyone holding a certificate's code
    "/verify/person/",
    "/operations/public/person/",  # a released operation summary: totals only
}


@pytest.mark.django_db
def test_every_url_refuses_anonymous_callers() -> None:
    client = Client()
    paths = every_path()
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
