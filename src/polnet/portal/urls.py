"""The home page of each role and the statistics page."""

from django.urls import URLPattern, path

from polnet.portal import views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("statistics/", views.statistics, name="statistics"),
]
