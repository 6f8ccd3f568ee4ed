from django.urls import path

from polnet.analysis.graph import views

app_name = "graph"

urlpatterns = [
    path("analysis/projects/<int:project_id>/graph/", views.graph_page, name="page"),
    path("analysis/projects/<int:project_id>/graph/links/", views.add_link, name="add_link"),
    path("analysis/projects/<int:project_id>/graph/to-report/", views.view_to_report, name="to_report"),
]
