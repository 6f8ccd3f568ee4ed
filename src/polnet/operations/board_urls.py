from __future__ import annotations

from django.urls import path

from polnet.operations import board_views

urlpatterns = [
    path("operations/<int:operation_id>/board/", board_views.board_page, name="operations-board"),
    path("operations/<int:operation_id>/board/live/", board_views.board_live, name="operations-board-live"),
    path("operations/hits/<int:hit_id>/", board_views.operation_hit, name="operations-hit"),
]
