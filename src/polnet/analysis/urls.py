from django.urls import URLPattern, URLResolver, include, path

from polnet.analysis import views
from polnet.analysis.trends import urls as trends_urls

app_name = "analysis"

urlpatterns: list[URLPattern | URLResolver] = [
    path("analysis/", views.index, name="index"),
    path("analysis/projects/<int:pk>/", views.project_page, name="project"),
    path("analysis/projects/<int:pk>/invite/", views.invite, name="project-invite"),
    path("analysis/projects/<int:pk>/edit/", views.edit, name="project-edit"),
    path("analysis/projects/<int:pk>/leave/", views.leave, name="project-leave"),
    path("analysis/projects/<int:pk>/close/", views.close, name="project-close"),
    path("analysis/projects/<int:pk>/contribute/", views.contribute_text, name="contribute-text"),
    path("analysis/projects/<int:pk>/contribute/object/", views.contribute_object, name="contribute-object"),
    path(
        "analysis/projects/<int:pk>/contributions/<int:contribution_pk>/withdraw/",
        views.withdraw,
        name="contribution-withdraw",
    ),
]
urlpatterns += [path("", include("polnet.analysis.reports.urls"))]
urlpatterns += trends_urls.urlpatterns
urlpatterns += [path("", include("polnet.analysis.graph.urls"))]
urlpatterns += [path("", include("polnet.analysis.resolution.urls"))]
