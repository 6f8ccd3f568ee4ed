from django.urls import URLPattern, path

from polnet.training.capacity import views

PLAN = "training/plans/<int:pk>/"

urlpatterns: list[URLPattern] = [
    path("training/plans/", views.plan_list, name="training-plans"),
    path("training/plans/new/", views.plan_new, name="training-plan-new"),
    path(PLAN, views.plan_detail, name="training-plan"),
    path(PLAN + "edit/", views.plan_edit, name="training-plan-edit"),
    path(PLAN + "activities/new/", views.activity_new, name="training-activity-new"),
    path(PLAN + "indicators/new/", views.indicator_new, name="training-indicator-new"),
    path("training/activities/<int:pk>/", views.activity_edit, name="training-activity"),
    path("training/dashboard/", views.dashboard_page, name="training-dashboard"),
]
