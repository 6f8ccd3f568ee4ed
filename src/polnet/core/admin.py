from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from polnet.core.models import AuditEntry
from polnet.core.policy import reads_audit_details


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The admin shows; changes go through the audited services, never around them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


def reads_details(request: HttpRequest) -> bool:
    """The signed-in user reads the audit log's details (`policy.reads_audit_details`)."""
    from polnet.network.actors import actor_for  # network builds on core

    user: Any = request.user
    return bool(user.is_active and reads_audit_details(actor_for(user, origin="admin")))


# What an act was about: record ids, purposes, search texts, the name tried at a failed sign-in.
DETAIL_FIELDS = frozenset({"object_id", "purpose", "detail"})


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Staff see each entry's who, what kind, when and where; its details only their reader."""

    list_display = ("seq", "at", "actor_name", "affiliation", "action", "object_type", "object_id", "origin")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_id", "request_id")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or reads_details(request)

    def _shown(self, request: HttpRequest, names: Any) -> Any:
        return names if reads_details(request) else [n for n in names if n not in DETAIL_FIELDS]

    def get_list_display(self, request: HttpRequest) -> Any:
        return self._shown(request, super().get_list_display(request))

    def get_search_fields(self, request: HttpRequest) -> Any:
        return self._shown(request, super().get_search_fields(request))

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self._shown(request, super().get_fields(request, obj))

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # A filter in the address (?detail__icontains=…) would answer questions about details.
        if lookup.split("__")[0] in DETAIL_FIELDS and not reads_details(request):
            return False
        return super().lookup_allowed(lookup, value, request)
