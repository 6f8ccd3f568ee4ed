"""Notices in the admin: read-only and filtered by the notice policy; the Article 3 list is
editable by secretariat reviewers (who need staff access to the admin), through the audited
service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from polnet.core.actor import Role
from polnet.core.admin import ReadOnlyAdmin
from polnet.network.actors import actor_for
from polnet.notices.compliance import terms
from polnet.notices.models import Article3Term, Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "channel",
        "kind",
        "state",
        "owner_country",
        "entity_year",
        "entity_number",
        "created_at",
    )
    list_filter = ("channel", "kind", "state")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return Notice.objects.visible_to(actor_for(request.user, origin="admin"))  # type: ignore[arg-type]


def _is_reviewer(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and user.is_staff and user.role == Role.SECRETARIAT_REVIEWER)


@admin.register(Article3Term)
class Article3TermAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("term", "language", "category", "active", "updated_at", "updated_by")
    list_filter = ("language", "category", "active")
    search_fields = ("term", "note")
    fields = ("term", "language", "category", "active", "note")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        user: Any = request.user
        return bool(user.is_active and user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_reviewer(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_reviewer(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: the history of what was flagged stays explainable

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("language",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Article3Term, form: ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        actor = actor_for(request.user, origin="admin")  # type: ignore[arg-type]
        data = {f: form.cleaned_data.get(f) for f in ("term", "language", "category", "active", "note")}
        saved = terms.update_term(actor, obj.pk, data) if change else terms.add_term(actor, data)
        obj.pk = saved.pk
