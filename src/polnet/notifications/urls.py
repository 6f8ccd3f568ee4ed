"""The notifications pages."""

from django.urls import URLPattern, path

from polnet.notifications import views

urlpatterns: list[URLPattern] = [
    path("notifications/", views.inbox, name="notifications"),
    path("notifications/badge/", views.badge, name="notifications-badge"),
]
