from django.urls import path

from polnet.core.witness_view import receive_checkpoint

urlpatterns = [
    path("audit/witness/", receive_checkpoint, name="audit-witness"),
]
