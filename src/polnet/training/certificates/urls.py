from django.urls import URLPattern, path

from polnet.training.certificates import requirement_views, views

urlpatterns: list[URLPattern] = [
    path("training/certificates/", views.certificate_list, name="training-certificates"),
    path(
        "training/certificates/<int:pk>/certificate.pdf",
        views.certificate_pdf,
        name="training-certificate-pdf",
    ),
    path(
        "training/certificates/<int:pk>/revoke/", views.certificate_revoke, name="training-certificate-revoke"
    ),
    path("training/requirements/", requirement_views.requirement_list, name="training-requirements"),
    path("training/requirements/add/", requirement_views.requirement_add, name="training-requirement-add"),
    path(
        "training/requirements/<int:pk>/remove/",
        requirement_views.requirement_remove,
        name="training-requirement-remove",
    ),
    path("verify/", views.verify_form, name="certificate-verify"),
    path("verify/<str:code>/", views.verify_code, name="certificate-verify-code"),
]
