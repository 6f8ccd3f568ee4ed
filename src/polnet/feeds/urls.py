from __future__ import annotations

from django.urls import path

from polnet.feeds import views
from polnet.network.web import actor_required

urlpatterns = [
    path("feeds/", actor_required(views.batches_page), name="feeds"),
    path("feeds/<int:batch_id>/", actor_required(views.batch_page), name="feed-batch"),
]
