from django.urls import URLPattern, path

from polnet.dataprotection.requests import views

CASE = "dataprotection/requests/<int:pk>/"

urlpatterns: list[URLPattern] = [
    path("dataprotection/requests/", views.request_list, name="dp-requests"),
    path("dataprotection/requests/new/", views.request_register, name="dp-request-new"),
    path(CASE, views.request_case, name="dp-request"),
    path(CASE + "find/", views.request_find, name="dp-request-find"),
    path(CASE + "consult/", views.request_consult, name="dp-request-consult"),
    path(CASE + "decide/", views.request_decide, name="dp-request-decide"),
    path(CASE + "answered/", views.request_answered, name="dp-request-answered"),
    path(CASE + "letter.pdf", views.request_letter, name="dp-request-letter"),
    path(CASE + "documents/<int:document_id>/", views.request_document, name="dp-request-document"),
    path("dataprotection/consultations/", views.consultation_list, name="dp-consultations"),
    path("dataprotection/consultations/<int:pk>/", views.consultation_answer, name="dp-consultation"),
]
