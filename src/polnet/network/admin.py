from __future__ import annotations

from django.contrib import admin
from django_otp.admin import OTPAdminSite

from polnet.core.admin import ReadOnlyAdmin
from polnet.network.models import ApiToken, Bureau, Country, Unit, User

# The admin asks for the second factor too.
admin.site.__class__ = OTPAdminSite


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
