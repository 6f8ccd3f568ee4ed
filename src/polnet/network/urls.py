"""Signing in and out, and the bureau administration pages (under /bureau/)."""

from django.urls import URLPattern, URLResolver, include, path

from polnet.network import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.sign_in, name="login"),
    path("login/enrol/", views.enrol, name="enrol"),
    path("logout/", views.sign_out, name="logout"),
    path("bureau/", include("polnet.network.admin_urls")),
]
