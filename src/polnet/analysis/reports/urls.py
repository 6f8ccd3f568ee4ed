from django.urls import URLPattern, path

from polnet.analysis.reports import views

PROJECT = "analysis/projects/<int:project_id>/reports/"
REPORT = PROJECT + "<int:report_id>/"
RECEIVED = "analysis/reports/received/"

urlpatterns: list[URLPattern] = [
    path(PROJECT, views.project_reports, name="reports"),
    path(REPORT, views.report_editor, name="report"),
    path(REPORT + "update/", views.report_update, name="report-update"),
    path(REPORT + "sections/", views.section_add, name="report-section-add"),
    path(REPORT + "sections/chart/", views.section_chart_add, name="report-section-chart"),
    path("analysis/reports/add-chart/", views.trend_chart_add, name="report-add-trend-chart"),
    path(REPORT + "sections/<int:section_id>/move/", views.section_move, name="report-section-move"),
    path(REPORT + "sections/<int:section_id>/remove/", views.section_remove, name="report-section-remove"),
    path(REPORT + "sections/<int:section_id>/chart.png", views.chart_image, name="report-chart"),
    path(REPORT + "issue/", views.report_issue, name="report-issue"),
    path(REPORT + "pdf/", views.report_pdf, name="report-pdf"),
    path(REPORT + "ftm/", views.report_ftm, name="report-ftm"),
    path(RECEIVED, views.received_list, name="reports-received"),
    path(RECEIVED + "<int:report_id>/", views.received_read, name="report-received"),
    path(RECEIVED + "<int:report_id>/pdf/", views.report_pdf, name="report-received-pdf"),
    path(RECEIVED + "<int:report_id>/ftm/", views.report_ftm, name="report-received-ftm"),
    path(
        RECEIVED + "<int:report_id>/sections/<int:section_id>/chart.png",
        views.chart_image,
        name="report-received-chart",
    ),
]
