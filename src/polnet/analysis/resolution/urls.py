from django.urls import path

from polnet.analysis.resolution import views

urlpatterns = [
    path("analysis/projects/<int:project_id>/duplicates/", views.duplicates, name="duplicates"),
    path("analysis/projects/<int:project_id>/duplicates/runs/", views.start_run, name="duplicates-run"),
    path(
        "analysis/projects/<int:project_id>/duplicates/runs/<int:run_id>/",
        views.run_state,
        name="duplicates-run-state",
    ),
    path(
        "analysis/projects/<int:project_id>/duplicates/pairs/<int:pair_id>/<str:decision>/",
        views.decide,
        name="duplicates-decide",
    ),
]
