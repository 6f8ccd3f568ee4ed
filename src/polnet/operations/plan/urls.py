from __future__ import annotations

from django.urls import path

from polnet.operations.plan import views

urlpatterns = [
    path("operations/", views.operation_list),
    path("operations/<int:operation_id>/", views.operation_detail),
    path("operations/<int:operation_id>/targets/", views.operation_targets),
]
