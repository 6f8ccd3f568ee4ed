from django.urls import path

from polnet.analysis.trends import views

urlpatterns = [
    path("analysis/trends/", views.trends_page, name="trends"),
    path("analysis/projects/<int:project_id>/changes/", views.project_changes_page, name="project_changes"),
]
