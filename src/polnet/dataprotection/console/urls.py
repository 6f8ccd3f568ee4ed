from django.urls import path

from polnet.dataprotection.console import views

urlpatterns = [
    path("dataprotection/console/", views.console_home, name="dp_console"),
    path("dataprotection/console/history/", views.history_lookup, name="dp_history_lookup"),
    path("dataprotection/console/history/<str:kind>/<int:pk>/", views.history, name="dp_history"),
    path("dataprotection/console/log/", views.processing_log, name="dp_log"),
    path("dataprotection/console/log/export/", views.export_log, name="dp_log_export"),
    path("dataprotection/console/alerts/", views.alert_list, name="dp_alerts"),
    path("dataprotection/console/alerts/<int:pk>/", views.alert_detail, name="dp_alert"),
    path("dataprotection/console/register/", views.register_page, name="dp_register"),
    path("dataprotection/console/register.csv", views.register_csv, name="dp_register_csv"),
]
