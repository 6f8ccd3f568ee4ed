"""How the notifications about requests read, where they open, and who may still open them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.notifications import registry

REQUEST_KINDS = {
    "data_request_received": _("A bureau registered a request from an individual: %(reference)s"),
    "consultation_answered": _("An owner bureau answered about request %(reference)s"),
    "consultation_overdue": _("An owner bureau has not answered about request %(reference)s by the deadline"),
}
CONSULTATION_KINDS = {
    "consultation_asked": _("The control body asks whether your data may be disclosed: %(reference)s"),
}


def visible_requests(actor: Actor, ids: Any) -> QuerySet[Any]:
    from polnet.dataprotection.requests import policy
    from polnet.dataprotection.requests.models import DataRequest

    return DataRequest.objects.filter(policy.requests_q(actor), pk__in=ids).values("pk")


def visible_consultations(actor: Actor, ids: Any) -> QuerySet[Any]:
    from polnet.dataprotection.requests import policy
    from polnet.dataprotection.requests.models import Consultation

    return Consultation.objects.filter(policy.consultations_q(actor), pk__in=ids).values("pk")


def register() -> None:
    registry.register_subject("data_request", "/dataprotection/requests/{id}/", visible_requests)
    registry.register_kinds("data_request", REQUEST_KINDS)
    registry.register_subject("consultation", "/dataprotection/consultations/{id}/", visible_consultations)
    registry.register_kinds("consultation", CONSULTATION_KINDS)
