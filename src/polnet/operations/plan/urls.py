from __future__ import annotations

from django.urls import path

from polnet.operations.plan import views

urlpatterns = [
    path("operations/", views.operation_list, name="operations"),
    path("operations/<int:operation_id>/", views.operation_detail, name="operation-plan"),
    path("operations/<int:operation_id>/targets/", views.operation_targets, name="operation-targets"),
    path("operations/<int:operation_id>/posts/", views.post_picker, name="operation-posts"),
]
