from django.urls import URLPattern, URLResolver, include, path

app_name = "analysis"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("polnet.analysis.resolution.urls")),
]
