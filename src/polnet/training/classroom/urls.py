from django.urls import URLPattern, path

from polnet.training.classroom import views

SESSION = "training/sessions/<int:pk>/"

urlpatterns: list[URLPattern] = [
    path("training/sessions/", views.session_list, name="training-sessions"),
    path("training/sessions/new/", views.session_new, name="training-session-new"),
    path(SESSION, views.session_detail, name="training-session"),
    path(SESSION + "register/", views.session_register, name="training-session-register"),
    path(SESSION + "attendance/", views.session_attendance, name="training-session-attendance"),
    path(SESSION + "close/", views.session_close, name="training-session-close"),
    path(
        "training/sessions/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="training-registration-cancel",
    ),
]
