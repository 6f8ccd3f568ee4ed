from django.contrib import admin
from django.urls import include, path

from polnet.api import api
from polnet.network import views as network_views
from polnet.portal.views import home, statistics
from polnet.records import views as record_views

urlpatterns = [
    path("api/", api.urls),  # first: machine clients call it thousands of times a second
    path("", home, name="home"),
    path("login/", network_views.sign_in, name="login"),
    path("login/enrol/", network_views.enrol, name="enrol"),
    path("logout/", network_views.sign_out, name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("statistics/", statistics, name="statistics"),
    path("bureau/", include("polnet.network.admin_urls")),
    path("records/", record_views.record_index, name="record-index"),
    path("records/<str:kind>/", record_views.record_list, name="record-list"),
    path("records/<str:kind>/new/", record_views.record_create, name="record-create"),
    path("records/<str:kind>/<int:pk>/", record_views.record_detail, name="record-detail"),
    path("records/<str:kind>/<int:pk>/edit/", record_views.record_edit, name="record-edit"),
    path("", include("polnet.screening.urls")),
    path("", include("polnet.notices.urls")),
    path("", include("polnet.messaging.urls")),
    path("admin/", admin.site.urls),
]
