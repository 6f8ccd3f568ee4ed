from django.urls import URLPattern, path

from polnet.training.learning import views

MODULE = "training/courses/<int:course_id>/modules/<int:module_id>/"

urlpatterns: list[URLPattern] = [
    path("training/", views.home, name="training-home"),
    path(MODULE, views.module_page, name="training-module"),
    path(MODULE + "done/", views.lesson_done, name="training-lesson-done"),
    path(MODULE + "attempts/", views.attempt_start, name="training-attempt-start"),
    path("training/attempts/<int:pk>/", views.attempt_page, name="training-attempt"),
    path("training/staff/", views.staff_page, name="training-staff"),
]
