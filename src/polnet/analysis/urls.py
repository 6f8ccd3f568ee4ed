from django.urls import URLPattern, URLResolver

from polnet.analysis.trends import urls as trends_urls

app_name = "analysis"

urlpatterns: list[URLPattern | URLResolver] = []
urlpatterns += trends_urls.urlpatterns
