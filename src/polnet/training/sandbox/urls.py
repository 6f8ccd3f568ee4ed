from django.urls import URLPattern, path

from polnet.training.sandbox import views

_RUN = "training/sandbox/run/<int:run_id>/"

urlpatterns: list[URLPattern] = [
    path("training/sandbox/", views.sandbox_home, name="training-sandbox"),
    path("training/sandbox/<slug:code>/start/", views.sandbox_start, name="training-sandbox-start"),
    path(_RUN, views.sandbox_run, name="training-sandbox-run"),
    path(_RUN + "check/<slug:kind>/", views.sandbox_check, name="training-sandbox-check"),
    path(_RUN + "open/<slug:kind>/<int:record_id>/", views.sandbox_open, name="training-sandbox-open"),
    path(_RUN + "report/<slug:kind>/<int:record_id>/", views.sandbox_report, name="training-sandbox-report"),
    path(_RUN + "notice/", views.sandbox_notice, name="training-sandbox-notice"),
    path(_RUN + "message/", views.sandbox_message, name="training-sandbox-message"),
    path(_RUN + "finish/", views.sandbox_finish, name="training-sandbox-finish"),
    path(_RUN + "result/", views.sandbox_result, name="training-sandbox-result"),
]
