"""The learning centre's pages; each part adds its own."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("polnet.training.sandbox.urls")),
    path("", include("polnet.training.packages.urls")),
    path("", include("polnet.training.capacity.urls")),
    path("", include("polnet.training.catalogue.urls")),
    path("", include("polnet.training.learning.urls")),
    path("", include("polnet.training.certificates.urls")),
    path("", include("polnet.training.classroom.urls")),
]
