"""The console's acts. Each takes the officer, applies `console/policy.py`, reads the sources
through `console/sources.py` and writes its own audit entry (purpose "data_protection")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.dataprotection.console import extract, policy, sources
from polnet.dataprotection.console.filters import LogFilters
from polnet.dataprotection.console.models import Alert, AlertState
from polnet.network.models import User
from polnet.records.kinds import KINDS as RECORD_KINDS
from polnet.records.models import TravelDocument
from polnet.screening.models import QueryLog

PURPOSE = "data_protection"  # what the console's own reads are logged for
MAX_EXTRACT = 100_000


# ---- access history ---------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRef:
    kind: str
    pk: int
    owner_country: str | None
    exists: bool
    documents: list[int]  # a person's documents (by holder), whose history is included


def _record(kind: str, pk: int) -> RecordRef:
    if not 0 < pk < 2**63:  # beyond any row's number (and any database's integers)
        raise InvalidInput(_("Give a whole number."), code="bad_number", field="id")
    spec = RECORD_KINDS.get(kind)
    if spec is None:
        raise InvalidInput(_("This is not a kind of record."), code="unknown_record_kind", field="kind")
    row = spec.model.objects.filter(pk=pk).values("owner_country_id").first()
    if row is None:
        # A deleted record's acts stay in the log; who owned it is no longer known here.
        return RecordRef(kind, pk, None, False, [])
    documents = (
        list(TravelDocument.objects.filter(holder_id=pk).values_list("pk", flat=True))
        if kind == "person"
        else []
    )
    return RecordRef(kind, pk, row["owner_country_id"], True, documents)


def _history_sources(ref: RecordRef) -> list[sources.Source]:
    parts: list[tuple[str, list[int]]] = [(ref.kind, [ref.pk])]
    if ref.documents:
        parts.append(("document", ref.documents))
    hits = sources.hits_on(parts)
    hit_ids = list(hits.values_list("pk", flat=True)[:2000])
    return [
        sources.Source(sources.audit_about(parts).order_by("-at", "-seq"), sources.from_audit),
        sources.Source(sources.queries_showing(hit_ids).order_by("-at", "-id"), sources.from_query),
        sources.Source(hits.select_related("screened_by").order_by("-at", "-id"), sources.from_hit),
    ]


def access_history(
    actor: Actor, kind: str, pk: int, *, page: int = 1, per_page: int = 50
) -> tuple[RecordRef, sources.Page]:
    """Who read, changed, searched or was shown the record (a person: with their documents),
    when, from where and for what purpose, newest first."""
    policy.require_supervisor(actor)
    ref = _record(kind, pk)
    policy.require_history_of(actor, ref.owner_country)
    with transaction.atomic():
        found = sources.merged_page(_history_sources(ref), page, per_page)
        audit.log(
            actor,
            audit.Action.READ,
            "access_history",
            f"{kind}:{pk}",
            purpose=PURPOSE,
            detail={"kind": kind, "id": pk, "page": page, "count": len(found.events)},
        )
    return ref, found


# ---- the processing log ---------------------------------------------------------------


def _log_sources(actor: Actor, f: LogFilters) -> list[sources.Source]:
    entries = AuditEntry.objects.filter(policy.audit_q(actor))
    queries = QueryLog.objects.filter(policy.querylog_q(actor))
    if f.user:
        entries, queries = entries.filter(actor_name=f.user), queries.filter(actor_name=f.user)
    if f.unit is not None:
        entries = entries.filter(affiliation=f"unit:{f.unit}")
        queries = queries.filter(affiliation=f"unit:{f.unit}")
    if f.purpose:
        entries, queries = entries.filter(purpose=f.purpose), queries.filter(purpose=f.purpose)
    if f.since:
        entries, queries = entries.filter(at__gte=f.since), queries.filter(at__gte=f.since)
    if f.until:
        entries, queries = entries.filter(at__lt=f.until), queries.filter(at__lt=f.until)
    if f.kind:
        if f.record_id is not None:
            parts = [(f.kind, [f.record_id])]
            entries = entries.filter(pk__in=sources.audit_about(parts).values("pk"))
            hit_ids = list(sources.hits_on(parts).values_list("pk", flat=True)[:2000])
            queries = queries.filter(pk__in=sources.queries_showing(hit_ids).values("pk"))
        else:
            entries, queries = entries.filter(object_type=f.kind), queries.filter(kind=f.kind)
    return [
        sources.Source(entries.order_by("-at", "-seq"), sources.from_audit),
        sources.Source(queries.order_by("-at", "-id"), sources.from_query),
    ]


def search_log(actor: Actor, f: LogFilters, *, page: int = 1, per_page: int = 50) -> sources.Page:
    """The processing log the officer answers for (audit entries and screening queries), filtered."""
    policy.require_supervisor(actor)
    with transaction.atomic():
        found = sources.merged_page(_log_sources(actor, f), page, per_page)
        audit.log(
            actor,
            audit.Action.SEARCH,
            "processing_log",
            "",
            purpose=PURPOSE,
            detail={"filters": f.as_dict(), "page": page, "total": found.total},
        )
    return found


def export_log(actor: Actor, f: LogFilters, *, now: datetime | None = None) -> extract.Extract:
    """A signed extract of the filtered log: every entry, oldest last, with a header line."""
    policy.require_supervisor(actor)
    now = now or timezone.now()
    with transaction.atomic():
        log_sources = _log_sources(actor, f)
        total = sum(s.rows.count() for s in log_sources)
        if total > MAX_EXTRACT:
            raise InvalidInput(
                _("%(count)s entries match: narrow the filters to at most %(max)s."),
                code="extract_too_large",
                field="since",
                count=total,
                max=MAX_EXTRACT,
            )
        events = [e.as_dict() for e in sources.every_event(log_sources, MAX_EXTRACT)]
        made = extract.build(events, filters=f.as_dict(), exported_by=actor.username, now=now)
        audit.log(
            actor,
            audit.Action.EXPORT,
            "processing_log",
            "",
            purpose=PURPOSE,
            detail={"filters": f.as_dict(), "count": made.count, "key_id": made.key_id},
        )
    return made


# ---- alerts --------------------------------------------------------------------------------


def alerts(actor: Actor, *, state: str = "", page: int = 1, per_page: int = 50) -> tuple[list[Alert], int]:
    policy.require_supervisor(actor)
    qs = Alert.objects.filter(policy.alert_q(actor))
    if state:
        if state not in AlertState.values:
            raise InvalidInput(_("There is no such state."), code="bad_state", field="state")
        qs = qs.filter(state=state)
    total = qs.count()
    rows = list(qs.select_related("closed_by")[(page - 1) * per_page : page * per_page])
    with transaction.atomic():
        audit.log(
            actor,
            audit.Action.SEARCH,
            "dp_alert",
            "",
            purpose=PURPOSE,
            detail={"state": state, "page": page, "ids": [a.pk for a in rows][:500]},
        )
    return rows, total


def _alert(actor: Actor, pk: int, *, for_update: bool = False) -> Alert:
    qs = Alert.objects.filter(policy.alert_q(actor) & Q(pk=pk)) if 0 < pk < 2**63 else Alert.objects.none()
    if for_update:
        qs = qs.select_for_update(of=("self",))
    alert: Alert | None = qs.select_related("closed_by").first()
    if alert is None:
        raise NotFound(_("There is no such alert under your supervision."), code="alert_not_found")
    return alert


def alert(actor: Actor, pk: int) -> Alert:
    policy.require_supervisor(actor)
    with transaction.atomic():
        found = _alert(actor, pk)
        audit.log(actor, audit.Action.READ, "dp_alert", pk, purpose=PURPOSE)
    return found


def close_alert(actor: Actor, pk: int, note: str, *, now: datetime | None = None) -> Alert:
    """Close an open alert; the note says what was found and done."""
    policy.require_supervisor(actor)
    note = note.strip()
    if not note:
        raise InvalidInput(_("Say why the alert is closed."), code="note_required", field="note")
    if len(note) > 4000:
        raise InvalidInput(
            _("The note is too long (4000 characters at most)."), code="note_too_long", field="note"
        )
    with transaction.atomic():
        found = _alert(actor, pk, for_update=True)
        if found.state == AlertState.CLOSED:
            raise Conflict(_("This alert is already closed."), code="alert_closed")
        found.state = AlertState.CLOSED
        found.closing_note = note
        found.closed_by = User.objects.filter(pk=actor.user_id or 0).first()
        found.closed_at = now or timezone.now()
        found.save(update_fields=["state", "closing_note", "closed_by", "closed_at"])
        audit.log(actor, audit.Action.UPDATE, "dp_alert", pk, purpose=PURPOSE, detail={"state": "closed"})
    return found


def open_alert_count(actor: Actor) -> int:
    """For the home panel and the menu: no content, so nothing is read."""
    open_alerts: int = Alert.objects.filter(policy.alert_q(actor) & Q(state=AlertState.OPEN)).count()
    return open_alerts
