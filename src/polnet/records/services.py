"""The only code that changes records, and the one way to load them.

Every function takes the acting party; every act is audited in its own transaction;
hidden records answer NotFound and visible-but-not-yours answers Forbidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit, erasure, gates, policy, purposes, search, sharing
from polnet.core.actions import check_action, default_action
from polnet.core.actor import Actor, Gated, TokenScope
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.limits import MAX_INT
from polnet.core.policy import RecordStatus
from polnet.core.review import check_review_date, latest_review_date
from polnet.records import history
from polnet.records.kinds import COMMON_FILTERS, countries, shown_holder, spec_for
from polnet.records.models import (
    PERSONAL_DATA_KINDS,
    LifeState,
    Person,
    Record,
    RecordChange,
    TravelDocument,
)

MAX_PAGE = 500
MAX_OFFSET = MAX_INT  # far past any table


def _record_changed(kind: str, pk: int, deleted: bool = False) -> None:
    """Into the change feed, in the caller's transaction: no change is lost or announced early."""
    RecordChange.objects.create(kind=kind, record_id=pk, deleted=deleted)


def _require_read_details(actor: Actor) -> None:
    gates.require_clear(actor, Gated.CONSULT)
    if not actor.allows_scope(TokenScope.RECORDS_READ):
        raise Forbidden(_("This token may not read records."), code="records_read_scope")
    if not policy.discloses_details(actor):
        raise Forbidden(_("Your unit sees hits only, not record details."), code="hit_only_scope")


# ---- reading ------------------------------------------------------------------------------


def visible(actor: Actor, kind: str) -> QuerySet[Any]:
    spec = spec_for(kind)
    return spec.model.objects.visible_to(actor)


@dataclass(frozen=True)
class RecordPage:
    """A page of a list: the records, and for those a ranked search found, its score and reason
    (records found exactly as typed have none and come first)."""

    total: int
    rows: list[Record]
    ranked: dict[int, search.Found] = field(default_factory=dict)
    fuzzy: bool = False  # a ranked search took part


def list_records(
    actor: Actor,
    kind: str,
    *,
    text: str = "",
    filters: dict[str, str] | None = None,
    limit: int = 50,
    offset: int = 0,
    export: bool = False,
    purpose: str = "",
) -> tuple[int, list[Record]]:
    """A page of the records the actor may see (`find_records`)."""
    page = find_records(
        actor, kind, text=text, filters=filters, limit=limit, offset=offset, export=export, purpose=purpose
    )
    return page.total, page.rows


def find_records(
    actor: Actor,
    kind: str,
    *,
    text: str = "",
    filters: dict[str, str] | None = None,
    limit: int = 50,
    offset: int = 0,
    export: bool = False,
    purpose: str = "",
) -> RecordPage:
    """A page of the records the actor may see: newest first, or for a search the records found
    exactly as typed, newest first, then those the registered matcher ranks (`core.search`),
    best first. Reading personal data is audited."""
    _require_read_details(actor)
    spec = spec_for(kind)
    qs: QuerySet[Any] = spec.model.objects.visible_to(actor)
    for param, value in (filters or {}).items():
        lookup = COMMON_FILTERS.get(param) or spec.filters.get(param)
        if lookup is None:
            raise InvalidInput(_("Unknown filter %(name)r."), code="filter_unknown", field=param, name=param)
        if value != "":
            qs = qs.filter(
                **{
                    lookup: value.upper()
                    if lookup.endswith("country_id") or lookup.endswith("__code")
                    else value
                }
            )
    if not 1 <= limit <= (100_000 if export else MAX_PAGE):
        raise InvalidInput(_("limit is out of range."), code="limit_out_of_range", field="limit")
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(_("offset is out of range."), code="offset_out_of_range", field="offset")
    text = text.strip()
    purpose = search_purpose(actor, kind, text, purpose)
    exact = spec.search(qs, text) if text else qs
    matcher = search.matcher_for(kind) if text else None
    with transaction.atomic():
        ranked: dict[int, search.Found] = {}
        if matcher is not None:
            found = matcher(
                actor, kind, text[:200], state=(filters or {}).get("state", ""), limit=search.MAX_FOUND
            )
            # The list's own filters and the policy's SQL filter decide once more: a matcher
            # reading an index a moment late shows nothing the list would not.
            kept = set(
                qs.filter(pk__in=[f.record_id for f in found])
                .exclude(pk__in=exact.values("pk"))
                .values_list("pk", flat=True)
            )
            ranked = {f.record_id: f for f in found if f.record_id in kept}
        exact_total = exact.count()
        total = exact_total + len(ranked)
        rows: list[Record] = []
        loaded = qs.select_related("created_by", *spec.related).prefetch_related(*spec.prefetch)
        if offset < exact_total:
            rows = list(loaded.filter(pk__in=exact.values("pk")).order_by("-id")[offset : offset + limit])
        wanted = list(ranked)[max(0, offset - exact_total) : max(0, offset + limit - exact_total)]
        if wanted:
            by_id = {r.pk: r for r in loaded.filter(pk__in=wanted)}
            rows += [by_id[pk] for pk in wanted if pk in by_id]
        if kind in PERSONAL_DATA_KINDS or export:
            audit.log(
                actor,
                audit.Action.EXPORT if export else audit.Action.SEARCH,
                kind,
                "",
                purpose=purpose,
                detail={
                    "text": text[:200],
                    "filters": filters or {},
                    "count": len(rows),
                    "ids": [r.pk for r in rows][:500],
                    "ranked": len(ranked),
                },
            )
    shown = {r.pk: ranked[r.pk] for r in rows if r.pk in ranked}
    return RecordPage(total, rows, shown, matcher is not None)


SEARCH_PURPOSE_FIELD = "search_purpose"  # `purpose` filters the records by their own purpose


def search_purpose(actor: Actor, kind: str, text: str, purpose: str) -> str:
    """The purpose a list search states: required to search persons by name (the caller's
    default applies: a token's), kept when stated for any other list."""
    if kind == "person" and text:
        return purposes.stated(actor, purpose, field=SEARCH_PURPOSE_FIELD)
    return purposes.listed(purpose, field=SEARCH_PURPOSE_FIELD) or actor.default_purpose


def get_record(actor: Actor, kind: str, pk: int, *, for_update: bool = False) -> Record:
    """The one way to load a record: hidden and absent look the same (404)."""
    spec = spec_for(kind)
    qs = spec.model.objects.visible_to(actor)
    if for_update:
        qs = qs.select_for_update()
    rec: Record | None = qs.select_related("created_by").filter(pk=pk).first()
    if rec is None:
        raise NotFound(_("There is no such record, or it is not shared with you."), code="record_not_found")
    return rec


def read_record(actor: Actor, kind: str, pk: int) -> Record:
    _require_read_details(actor)
    with transaction.atomic():
        rec = get_record(actor, kind, pk)
        if kind in PERSONAL_DATA_KINDS:
            audit.log(actor, audit.Action.READ, kind, pk, purpose=rec.purpose)
    return rec


# ---- writing ------------------------------------------------------------------------------


def _apply_access(rec: Record, data: dict[str, Any], current: list[str] | None) -> list[str] | None:
    """Set the access fields sent; return the listed countries to store (None: unchanged)."""
    for f in (
        "purpose",
        "handling_code",
        "source_reliability",
        "information_accuracy",
        "restriction",
        "bureau_only",
    ):
        if f in data and data[f] is not None:
            setattr(rec, f, data[f])
    if data.get("review_date") is not None:
        check_review_date(data["review_date"])
        rec.review_date = data["review_date"]
        if rec.record_status == RecordStatus.EXPIRED:
            rec.record_status = RecordStatus.ACTIVE  # re-justified by a new review date
    return sharing.listed_after(
        rec.restriction,
        data.get("listed_countries"),
        current,
        lambda codes: countries(codes, "listed_countries"),
    )


ACTION_FIELDS = ("hit_action", "hit_action_reference", "hit_action_note")


def _apply_action(rec: Record, data: dict[str, Any], *, new: bool) -> None:
    """The action on a hit: as sent, kept, or for a new record the default of its kind and
    purpose; checked whole (an arrest needs its warrant whichever field changed)."""
    if not new and all(data.get(f) is None for f in ACTION_FIELDS):
        return
    action = data.get("hit_action") or rec.hit_action
    if not action:
        action = default_action(rec.RECORD_KIND, purpose=rec.purpose)
    reference = data.get("hit_action_reference")
    note = data.get("hit_action_note")
    chosen = check_action(
        rec.RECORD_KIND,
        str(action),
        rec.hit_action_reference if reference is None else reference,
        rec.hit_action_note if note is None else note,
    )
    rec.hit_action, rec.hit_action_reference = chosen.action, chosen.reference
    rec.hit_action_note = chosen.note


def _holder_link(actor: Actor, rec: Record, data: dict[str, Any]) -> dict[str, Any]:
    """A document names as its holder only a person record the actor may see. A holder hidden
    from the actor reads as null to it (`kinds.shown_holder`), so a null it sends back keeps it."""
    if not isinstance(rec, TravelDocument) or "holder_id" not in data:
        return data
    wanted = data["holder_id"]
    if wanted is None:
        if rec.holder_id is not None and shown_holder(actor, rec) is None:
            return {k: v for k, v in data.items() if k != "holder_id"}
    elif not Person.objects.visible_to(actor).filter(pk=wanted).exists():
        # The same answer as for no such person: the check reveals nothing hidden.
        raise InvalidInput(
            _("The holder must be a person record of your country."), code="holder_unknown", field="holder_id"
        )
    return data


def prepare(
    actor: Actor,
    kind: str,
    data: dict[str, Any],
    rec: Record,
    *,
    new: bool,
    listed_now: frozenset[str],
    changeable: policy.Condition | None = None,
) -> list[str]:
    """The rules of a create (`new`) or of a change, applied to a model instance without
    saving it, for a caller that writes many records at once (`polnet.feeds`): the same
    checks as `create_record` and `update_record`, the write left to the caller (inside
    `kinds.many_rows()`, which leaves a document's duplicate check to it). Returns the listed
    countries the record should have; `changeable`: the actor's `policy.changeability`,
    built once for many rows."""
    data = _holder_link(actor, rec, data)
    if new and data.get("review_date") is None:
        data = {**data, "review_date": latest_review_date()}
    listed = _apply_access(rec, data, current=sorted(listed_now))
    _apply_action(rec, data, new=new)
    spec_for(kind).apply(rec, data)
    final = sorted(listed_now) if listed is None else listed
    rec._listed_cache = frozenset(final)  # type: ignore[attr-defined]  # read by access_facts
    sharing.require_within_reach(actor, rec.access_facts(), changeable)
    return final


@transaction.atomic
def create_record(actor: Actor, kind: str, data: dict[str, Any]) -> Record:
    spec = spec_for(kind)
    gates.require_clear(actor, Gated.CREATE_RECORDS)
    if actor.country is None or not policy.may_create(actor, kind, actor.country):
        raise Forbidden(_("You may not create records in this database."), code="record_create_forbidden")
    rec = spec.model(owner_country_id=actor.country, created_by_id=actor.user_id)  # type: ignore[misc]
    data = _holder_link(actor, rec, data)
    if data.get("review_date") is None:
        data = {**data, "review_date": latest_review_date()}
    listed = _apply_access(rec, data, current=[])
    _apply_action(rec, data, new=True)
    after_save = spec.apply(rec, data)
    rec.save()
    rec.listed_countries.set(listed or [])  # type: ignore[arg-type]  # primary keys
    after_save()
    sharing.require_within_reach(actor, rec.access_facts())
    audit.log(actor, audit.Action.CREATE, kind, rec.pk, purpose=rec.purpose)
    history.record_event(actor, kind, rec.pk, "create")
    _record_changed(kind, rec.pk)
    return rec


@transaction.atomic
def update_record(actor: Actor, kind: str, pk: int, data: dict[str, Any]) -> Record:
    spec = spec_for(kind)
    rec = get_record(actor, kind, pk, for_update=True)
    if not policy.can_change(actor, rec.access_facts()):
        raise Forbidden(_("Only the bureau that owns this record may change it."), code="record_owner_only")
    expected = data.get("version")
    if expected != rec.version:
        raise Conflict(
            _(
                "The record changed since you read it (you sent version %(sent)s, it is now %(now)s). "
                "Reload it and apply your change again."
            ),
            code="record_version_conflict",
            field="version",
            sent=expected,
            now=rec.version,
        )
    data = _holder_link(actor, rec, data)
    changes = sorted(k for k in data if k != "version")  # the API passes only the fields sent
    current = sorted(rec.listed_codes()) if "restriction" in data else None
    listed = _apply_access(rec, data, current)
    _apply_action(rec, data, new=False)
    after_save = spec.apply(rec, data)
    rec.version += 1
    rec.updated_at = timezone.now()
    rec.save()
    if listed is not None:
        rec.listed_countries.set(listed)  # type: ignore[arg-type]  # primary keys
    after_save()
    sharing.require_within_reach(actor, rec.access_facts())
    # Field names only: values stay out of the log so that a deletion really deletes.
    audit.log(
        actor,
        audit.Action.UPDATE,
        kind,
        rec.pk,
        purpose=rec.purpose,
        detail={"fields": changes, "version": rec.version},
    )
    history.record_event(actor, kind, rec.pk, "update", fields=changes)
    _record_changed(kind, rec.pk)
    return rec


@transaction.atomic
def delete_record(actor: Actor, kind: str, pk: int) -> None:
    rec = get_record(actor, kind, pk, for_update=True)
    if not policy.can_change(actor, rec.access_facts()):
        raise Forbidden(_("Only the bureau that owns this record may change it."), code="record_owner_only")
    erase_record(actor, kind, rec, cause="owner")


def erase_record(actor: Actor, kind: str, rec: Record, *, cause: str) -> dict[str, int]:
    """The one way a record leaves, in the caller's transaction: the record, its history and
    photos, and what the apps above derived from it (`core.erasure`); the screening index
    follows the change feed. The audit entry names the kind, the id, the purpose and why
    (`cause`: "owner" or "retention"), never a value. Returns the derived rows changed."""
    from polnet.records import photos  # photos load records through this module

    pk, purpose = rec.pk, rec.purpose
    rec.delete()
    history.forget(kind, pk)  # its steps (and the reasons they give) go with it
    photos.forget(kind, pk)  # and its photos, files included once this commits
    derived = erasure.erase(kind, [pk], actor)
    audit.log(
        actor,
        audit.Action.DELETE,
        kind,
        pk,
        purpose=purpose,
        detail={"cause": cause, "derived": {name: n for name, n in derived.items() if n}},
    )
    _record_changed(kind, pk, deleted=True)
    return derived


def expire_overdue(actor: Actor, today: date | None = None) -> dict[str, int]:
    """Mark records whose review date has passed as expired (hidden from other countries)."""
    from polnet.records.kinds import KINDS

    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    for kind, spec in KINDS.items():
        with transaction.atomic():
            ids = list(
                spec.model.objects.filter(
                    record_status=RecordStatus.ACTIVE, review_date__lt=today
                ).values_list("pk", flat=True)
            )
            if ids:
                spec.model.objects.filter(pk__in=ids).update(
                    record_status=RecordStatus.EXPIRED, updated_at=timezone.now()
                )
                audit.log(actor, "expire", kind, "", detail={"ids": ids[:1000], "count": len(ids)})
                history.record_events(actor, kind, ids, "expire")
                RecordChange.objects.bulk_create([RecordChange(kind=kind, record_id=pk) for pk in ids])
        counts[kind] = len(ids)
    return counts


# ---- the life of a record -------------------------------------------------------------------

MAX_REASON = 2000


def _reason(text: str, *, required: bool) -> str:
    reason = (text or "").strip()
    if required and not reason:
        raise InvalidInput(_("Give the reason."), code="reason_required", field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            _("The reason is too long (at most %(max)s characters)."),
            code="reason_too_long",
            field="reason",
            max=MAX_REASON,
        )
    return reason


def _change_state(actor: Actor, kind: str, pk: int, new: LifeState, reason: str) -> Record:
    """Move a record to another state: owner only, audited, in history, and into the change
    feed in the same transaction. Screening re-reads a candidate's state before every hit, so
    the next check after the commit no longer hits a closed record (`screening.rows`)."""
    rec = get_record(actor, kind, pk, for_update=True)
    if not policy.can_change(actor, rec.access_facts()):
        raise Forbidden(_("Only the bureau that owns this record may change it."), code="record_owner_only")
    before = rec.state
    if new == LifeState.ACTIVE and before == LifeState.ACTIVE:
        raise Conflict(_("This record is already active."), code="record_already_active")
    if new != LifeState.ACTIVE and before != LifeState.ACTIVE:
        raise Conflict(_("This record is no longer active: reactivate it first."), code="record_not_active")
    rec.state = new
    rec.state_reason = reason
    rec.state_changed_at = timezone.now()
    rec.state_changed_by_id = actor.user_id
    rec.version += 1
    rec.updated_at = rec.state_changed_at
    rec.save()
    act = "reactivated" if new == LifeState.ACTIVE else str(new)
    # The reason stays with the record and its history; the log keeps what happened.
    audit.log(
        actor,
        act,
        kind,
        rec.pk,
        purpose=rec.purpose,
        detail={"from": before, "to": str(new), "reason_given": bool(reason), "version": rec.version},
    )
    history.record_event(actor, kind, rec.pk, act, fields=["state"], reason=reason)
    _record_changed(kind, rec.pk)
    return rec


@transaction.atomic
def locate_record(actor: Actor, kind: str, pk: int, reason: str = "") -> Record:
    """A wanted person located, a stolen or lost object recovered: it no longer hits."""
    spec_for(kind)
    state = LifeState.LOCATED if kind == "person" else LifeState.RECOVERED
    return _change_state(actor, kind, pk, state, _reason(reason, required=False))


@transaction.atomic
def cancel_record(actor: Actor, kind: str, pk: int, reason: str) -> Record:
    """Withdraw a record that should not stand (entered by mistake, case closed): a reason is required."""
    spec_for(kind)
    return _change_state(actor, kind, pk, LifeState.CANCELLED, _reason(reason, required=True))


@transaction.atomic
def reactivate_record(actor: Actor, kind: str, pk: int, reason: str = "") -> Record:
    """Put a located, recovered or cancelled record back in force (and back in screening)."""
    spec_for(kind)
    return _change_state(actor, kind, pk, LifeState.ACTIVE, _reason(reason, required=False))


def record_history(actor: Actor, kind: str, pk: int) -> tuple[Record, list[history.Step]]:
    """A record's steps, for whoever may read the record."""
    _require_read_details(actor)
    rec = get_record(actor, kind, pk)
    return rec, history.steps(actor, rec)
