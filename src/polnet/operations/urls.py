"""The joint operations' pages; each part adds its own."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("polnet.operations.plan.urls")),
    path("", include("polnet.operations.board_urls")),
    path("", include("polnet.operations.reports.urls")),
    path("", include("polnet.operations.handover_views")),
    path("", include("polnet.operations.messages_urls")),
]
