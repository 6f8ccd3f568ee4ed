"""Records in the admin: read-only, and filtered by the same policy as everything else."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from polnet.core.admin import ReadOnlyAdmin
from polnet.network.actors import actor_for
from polnet.records.models import Artwork, Firearm, Person, Record, TravelDocument, Vehicle


class PolicyFilteredAdmin(ReadOnlyAdmin):
    """Owners change records through the application's services; the admin only looks."""

    list_display = (
        "id",
        "owner_country",
        "purpose",
        "handling_code",
        "restriction",
        "record_status",
        "state",
        "review_date",
    )
    list_filter = ("owner_country", "record_status", "state", "handling_code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        model: type[Record] = self.model
        return model.objects.visible_to(actor_for(request.user, origin="admin"))  # type: ignore[arg-type]


for _model in (Person, TravelDocument, Vehicle, Firearm, Artwork):
    admin.site.register(_model, PolicyFilteredAdmin)
