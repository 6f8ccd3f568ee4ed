from django.contrib import admin
from django.urls import include, path

from polnet.api import api

# Each app keeps its pages in its own urls.py; this only mounts them.
urlpatterns = [
    path("api/", api.urls),  # first: machine clients call it thousands of times a second
    path("api/", include("polnet.core.urls")),  # the audit witness: authenticated by signature
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("polnet.portal.urls")),
    path("", include("polnet.network.urls")),
    path("", include("polnet.records.urls")),
    path("", include("polnet.screening.urls")),
    path("", include("polnet.notices.urls")),
    path("", include("polnet.messaging.urls")),
    path("", include("polnet.notifications.urls")),
    path("", include("polnet.analysis.urls")),
    path("", include("polnet.dataprotection.urls")),
    path("", include("polnet.training.urls")),
    path("", include("polnet.operations.urls")),
    path("", include("polnet.feeds.urls")),
    path("admin/", admin.site.urls),
]
