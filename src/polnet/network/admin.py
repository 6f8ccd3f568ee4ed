from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django_otp.admin import OTPAdminSite

from polnet.core.admin import ReadOnlyAdmin
from polnet.core.models import AuditEntry
from polnet.core.policy import reads_audit_details
from polnet.network.actors import actor_for
from polnet.network.models import ApiToken, Bureau, Country, Partner, Unit, User


class AdminSite(OTPAdminSite):  # type: ignore[misc]
    """Staff with a verified second factor, and the reader of the audit log's details.

    People sign in on /login/ only: the admin's own form would pass by its throttle and audit."""

    def has_permission(self, request: HttpRequest) -> bool:
        user: Any = request.user
        return bool(user.is_active and (user.is_staff or reads_details(request)) and user.is_verified())

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        user: Any = request.user
        if user.is_authenticated and user.is_verified():
            raise PermissionDenied  # signed in, but not someone the admin is for
        return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or "/admin/", "/login/")


admin.site.__class__ = AdminSite


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ("code", "alpha3", "name", "is_member")
    list_filter = ("is_member",)
    search_fields = ("code", "alpha3", "name")


@admin.register(Bureau)
class BureauAdmin(ReadOnlyAdmin):
    list_display = ("name", "country", "city")


@admin.register(Partner)
class PartnerAdmin(ReadOnlyAdmin):
    list_display = ("name", "short_name", "kind", "country", "active")
    list_filter = ("kind", "active")


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("name", "bureau", "kind", "result_level", "may_write", "active")
    list_filter = ("kind", "result_level", "active")


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "role", "bureau", "unit", "is_machine", "is_active", "last_login")
    list_filter = ("role", "is_machine", "is_active")
    search_fields = ("username",)
    exclude = ("password",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "prefix", "user", "expires_at", "revoked_at", "last_used_at")
    exclude = ("secret_hash",)


def reads_details(request: HttpRequest) -> bool:
    """The signed-in user reads the audit log's details (`policy.reads_audit_details`)."""
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
