from django.urls import URLPattern, path

from polnet.training.certificates import views

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
    path("verify/", views.verify_form, name="certificate-verify"),
    path("verify/<str:code>/", views.verify_code, name="certificate-verify-code"),
]
