"""The maintained list of Article 3 terms: read by reviewers, changed by reviewers, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.notices import policy
from polnet.notices.compliance.textmatch import compile_term
from polnet.notices.models import Article3Term


def _require_reviewer(actor: Actor, *, write: bool) -> None:
    if not policy.is_reviewer(actor) or (write and not policy.writes(actor)):
        raise Forbidden(
            gettext_lazy("Only secretariat reviewers keep the Article 3 list."), code="terms_reviewer_only"
        )


def list_terms(actor: Actor, *, language: str = "", active_only: bool = False) -> QuerySet[Article3Term]:
    _require_reviewer(actor, write=False)
    qs = Article3Term.objects.all()
    if language:
        qs = qs.filter(language=language)
    if active_only:
        qs = qs.filter(active=True)
    return qs


def _clean_term(term: str) -> str:
    cleaned = " ".join(term.split())
    if not compile_term(cleaned).words:
        raise InvalidInput(gettext_lazy("A term needs at least one word."), code="term_empty", field="term")
    return cleaned


@transaction.atomic
def add_term(actor: Actor, data: dict[str, Any]) -> Article3Term:
    _require_reviewer(actor, write=True)
    term = _clean_term(data["term"])
    if Article3Term.objects.filter(term__iexact=term, language=data["language"]).exists():
        raise InvalidInput(
            gettext_lazy("This term is already listed for that language."), code="term_exists", field="term"
        )
    row = Article3Term.objects.create(
        term=term,
        language=data["language"],
        category=data["category"],
        active=data.get("active", True),
        note=data.get("note", ""),
        updated_by=actor.username,
    )
    audit.log(
        actor, audit.Action.CREATE, "article3_term", row.pk, detail={"term": term, "language": row.language}
    )
    return row


@transaction.atomic
def update_term(actor: Actor, pk: int, data: dict[str, Any]) -> Article3Term:
    _require_reviewer(actor, write=True)
    row = Article3Term.objects.select_for_update().filter(pk=pk).first()
    if row is None:
        raise NotFound(gettext_lazy("No such term."), code="term_not_found")
    before = {"term": row.term, "category": row.category, "active": row.active}
    if data.get("term") is not None:
        row.term = _clean_term(data["term"])
        clash = Article3Term.objects.filter(term__iexact=row.term, language=row.language).exclude(pk=row.pk)
        if clash.exists():
            raise InvalidInput(
                gettext_lazy("This term is already listed for that language."),
                code="term_exists",
                field="term",
            )
    for f in ("category", "active", "note"):
        if data.get(f) is not None:
            setattr(row, f, data[f])
    row.updated_at = timezone.now()
    row.updated_by = actor.username
    row.save()
    after = {"term": row.term, "category": row.category, "active": row.active}
    audit.log(actor, audit.Action.UPDATE, "article3_term", row.pk, detail={"before": before, "after": after})
    return row
