from django.urls import path

from polnet.training.packages import views

urlpatterns = [
    path("training/packages/import/", views.import_page, name="training_package_import"),
    path("training/packages/export/<int:course_id>/", views.export_page, name="training_package_export"),
]
