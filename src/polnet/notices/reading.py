"""Reading notices and diffusions: the one way to load them, lists and search, links, related
notices and the review queue (a notice's history is read in `history.py`). Hidden and absent
look the same (NotFound)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from polnet.core import audit
from polnet.core import policy as record_policy
from polnet.core.actor import Actor, TokenScope
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.core.limits import MAX_INT
from polnet.notices import policy
from polnet.notices.kinds import KIND_PRIORITY, NoticeKind, SubjectType
from polnet.notices.models import Notice
from polnet.notices.states import PENDING_REVIEW, Channel, State
from polnet.records.models import Firearm, Person, Record, TravelDocument, Vehicle
from polnet.records.names import name_q

LINKED_MODELS: dict[str, type[Record]] = {
    "persons": Person,
    "documents": TravelDocument,
    "vehicles": Vehicle,
    "firearms": Firearm,
}


def object_type(notice: Notice) -> str:
    return "diffusion" if notice.is_diffusion else "notice"


def require_read_details(actor: Actor) -> None:
    if not actor.allows_scope(TokenScope.RECORDS_READ):
        raise Forbidden(gettext_lazy("This token may not read notices."), code="notices_read_scope")
    if not record_policy.discloses_details(actor):
        raise Forbidden(
            gettext_lazy("Your unit's scope is hit / no hit: it does not see notice details."),
            code="hit_only_notice_details",
        )


def get_notice(actor: Actor, pk: int, *, for_update: bool = False) -> Notice:
    """The one way to load a notice: hidden and absent look the same."""
    qs = Notice.objects.visible_to(actor)
    if for_update:
        qs = qs.select_for_update()
    notice: Notice | None = qs.filter(pk=pk).first()
    if notice is None:
        raise NotFound(gettext_lazy("No notice or diffusion %(pk)s."), code="notice_not_found", pk=pk)
    return notice


def read_notice(actor: Actor, pk: int) -> Notice:
    require_read_details(actor)
    with transaction.atomic():
        notice = get_notice(actor, pk)
        audit.log(actor, audit.Action.READ, object_type(notice), pk, purpose=notice.kind)
    return notice


FILTERS = {"state": "state", "kind": "kind", "channel": "channel", "country": "owner_country_id"}


def search(qs: QuerySet[Notice], text: str) -> QuerySet[Notice]:
    q = Q()
    for token in text.split()[:6]:
        q &= name_q(token) | Q(subject_description__icontains=token) | Q(warrants__charge__icontains=token)
    entity = text.strip().replace("-", "/")
    if "/" in entity:
        year, _, number = entity.partition("/")
        if year.isdigit() and number.isdigit():
            q |= Q(entity_year=int(year), entity_number=int(number))
    return qs.filter(pk__in=Notice.objects.filter(q).values("pk"))


def visible_notices(
    actor: Actor, *, text: str = "", filters: dict[str, str] | None = None
) -> QuerySet[Notice]:
    """What the actor may see (the notice policy), filtered and searched; not yet audited."""
    require_read_details(actor)
    qs: QuerySet[Notice] = Notice.objects.visible_to(actor)
    for name, value in (filters or {}).items():
        field = FILTERS.get(name)
        if field is None:
            raise InvalidInput(
                gettext_lazy("Unknown filter %(name)r."), code="filter_unknown", field=name, name=name
            )
        if value:
            qs = qs.filter(**{field: value.upper() if name == "country" else value})
    if text.strip():
        qs = search(qs, text)
    return qs


def list_notices(
    actor: Actor, *, text: str = "", filters: dict[str, str] | None = None, limit: int = 50, offset: int = 0
) -> tuple[int, list[Notice]]:
    """A page of what the actor may see, newest first. Searching is audited."""
    qs = visible_notices(actor, text=text, filters=filters)
    if not 1 <= limit <= 500:
        raise InvalidInput(gettext_lazy("limit is out of range."), code="limit_out_of_range", field="limit")
    if not 0 <= offset <= MAX_INT:
        raise InvalidInput(
            gettext_lazy("offset is out of range."), code="offset_out_of_range", field="offset"
        )
    with transaction.atomic():
        total = qs.count()
        rows = list(qs.prefetch_related("names").order_by("-id")[offset : offset + limit])
        audit.log(
            actor,
            audit.Action.SEARCH,
            "notice",
            "",
            detail={"text": text[:200], "filters": filters or {}, "count": len(rows)},
        )
    return total, rows


def linked_records(actor: Actor, notice: Notice) -> list[tuple[str, Record]]:
    """The records a notice links to, among those the actor may see."""
    out: list[tuple[str, Record]] = []
    for name, model in LINKED_MODELS.items():
        manager = getattr(notice, name)
        for rec in manager.all().filter(record_policy.visible_q(actor, model)).order_by("pk"):
            out.append((model.RECORD_KIND, rec))
    return out


def chosen_records(actor: Actor, link: str, ids: list[int]) -> dict[int, Record]:
    """Of the records chosen on a request form, those the actor may see (to name them)."""
    model = LINKED_MODELS[link]
    qs = model.objects.filter(pk__in=ids[:200]).filter(record_policy.visible_q(actor, model))
    if model is Person:
        qs = qs.prefetch_related("names")
    return {rec.pk: rec for rec in qs}


def related_notices(actor: Actor, notice: Notice, limit: int = 20) -> list[Notice]:
    """Other notices and diffusions on the same person: a shared linked record, or the same name
    with a compatible year of birth. Only what the actor may see."""
    if notice.subject_type != SubjectType.PERSON:
        return []
    q = Q(persons__in=notice.persons.all()) if notice.persons.exists() else Q(pk__in=[])
    for n in notice.names.all():
        same = Q()
        if n.family:
            same &= Q(names__family__iexact=n.family)
        if n.given:
            same &= Q(names__given__iexact=n.given)
        if n.full and not (n.family or n.given):
            same &= Q(names__full__iexact=n.full)
        if same:
            if notice.dob_year is not None:
                same &= Q(dob_year=notice.dob_year) | Q(dob_year__isnull=True)
            q |= same
    ids = Notice.objects.filter(q).exclude(pk=notice.pk).values("pk")
    return list(Notice.objects.visible_to(actor).filter(pk__in=ids).order_by("-id")[:limit])


def review_queue(actor: Actor) -> list[Notice]:
    """Requests awaiting the secretariat, and diffusions not yet reviewed: oldest first, then
    the most urgent kinds."""
    if not policy.is_reviewer(actor):
        raise Forbidden(
            gettext_lazy("Only secretariat reviewers have a review queue."), code="review_queue_reviewer_only"
        )
    qs = Notice.objects.visible_to(actor).filter(
        Q(channel=Channel.NOTICE, state__in=sorted(PENDING_REVIEW))
        | Q(channel=Channel.DIFFUSION, state=State.CIRCULATED, reviewed_at__isnull=True)
    )
    rows = list(qs.prefetch_related("names"))
    rows.sort(key=lambda n: (n.submitted_at or n.created_at, KIND_PRIORITY.get(NoticeKind(n.kind), 99), n.pk))
    return rows
