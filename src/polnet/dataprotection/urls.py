"""The data-protection pages; each part adds its own."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = []
urlpatterns += [path("", include("polnet.dataprotection.requests.urls"))]
