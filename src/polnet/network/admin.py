from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django_otp.admin import OTPAdminSite

from polnet.core.admin import ReadOnlyAdmin, reads_details
from polnet.network.models import ApiToken, Bureau, Country, Unit, User


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
