from __future__ import annotations

from django.urls import path

from polnet.operations import messages_views

urlpatterns = [
    path(
        "operations/<int:operation_id>/messages/",
        messages_views.operation_messages,
        name="operations-messages",
    ),
]
