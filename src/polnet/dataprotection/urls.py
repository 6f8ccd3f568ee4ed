"""The data-protection pages; each part adds its own."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from polnet.dataprotection import retention_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("dataprotection/retention/", retention_views.retention_page, name="dataprotection-retention"),
    path("", include("polnet.dataprotection.requests.urls")),
    path("", include("polnet.dataprotection.console.urls")),
]
