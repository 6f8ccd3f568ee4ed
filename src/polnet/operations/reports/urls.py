"""The field reports' and results' pages."""

from __future__ import annotations

from django.urls import path

from polnet.operations.reports import views

urlpatterns = [
    path("operations/<int:operation_id>/reports/new/", views.new_report, name="operation-report-new"),
    path(
        "operations/<int:operation_id>/reports/new/<str:kind>/", views.new_line, name="operation-report-line"
    ),
    path("operations/reports/<int:report_id>/", views.report_detail, name="operation-report"),
    path("operations/reports/<int:report_id>/photos/", views.photo_add, name="operation-report-photo-add"),
    path(
        "operations/reports/<int:report_id>/photos/<int:photo_id>/",
        views.photo_image,
        name="operation-report-photo",
    ),
    path("operations/<int:operation_id>/report/", views.final_report, name="operation-final-report"),
    path("operations/<int:operation_id>/report.pdf", views.final_pdf, name="operation-final-pdf"),
    path("operations/<int:operation_id>/report.csv", views.final_csv, name="operation-final-csv"),
    path("operations/<int:operation_id>/report/release/", views.release, name="operation-summary-release"),
    path("operations/public/<str:code_name>/", views.public_summary, name="operation-public-summary"),
]
