"""The border check pages."""

from django.urls import URLPattern, path

from polnet.screening.web import answer_views, batch_views, hit_views, report_views, views

urlpatterns: list[URLPattern] = [
    path("check/", views.check, name="check"),
    path("check/hits/", views.recent_hits, name="check-hits"),
    path("check/hits/ours/", answer_views.owner_hits, name="check-owner-hits"),
    path("check/hits/overdue/", answer_views.overdue_queue, name="check-overdue-hits"),
    path("check/hits/<int:pk>/", answer_views.hit_detail, name="check-hit"),
    path("check/hits/<int:pk>/answer/", answer_views.answer, name="check-hit-answer"),
    path("check/hits/<int:pk>/state/", hit_views.hit_state, name="check-hit-state"),
    path("check/hits/<int:pk>/outcome/", hit_views.report_outcome, name="check-hit-outcome"),
    path("check/hits/<int:pk>/report/", report_views.hit_report, name="check-hit-report"),
    path("check/our-hits/", hit_views.own_hits, name="check-own-hits"),
    path("check/batches/", batch_views.upload, name="check-batch-upload"),
    path("check/batches/<int:pk>/", batch_views.status, name="check-batch"),
    path("check/batches/<int:pk>/rows/<int:row>/", batch_views.correct_row, name="check-batch-row"),
]
