from django.urls import URLPattern, URLResolver, include, path

app_name = "analysis"

urlpatterns: list[URLPattern | URLResolver] = []
urlpatterns += [path("", include("polnet.analysis.reports.urls"))]
