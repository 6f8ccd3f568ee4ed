"""What participants bring to a project, and what each participant reads of it.

An existing object (a record, a notice, a hit, a passenger-list hit row) is named by kind
and id, never copied: it may be contributed only by a party that may see it, and it is shown
to another participant only where that participant's own policy lets them see the object
(`policy.contributions_q`). A reader who may not see it sees nothing of the contribution,
not even that it exists. A text carries its party, a source evaluation (reliability A/B/C/X,
accuracy 1-4), a handling code and a restriction of its own (every participant, or only the
listed participant countries). Each act and each reading is audited with the project as its
purpose.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.analysis import policy
from polnet.analysis.models import Contribution, ContributionKind, ContributionRestriction, Project
from polnet.analysis.services import log_in_project, party_name, project_for, require_open
from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, InvalidInput, NotFound
from polnet.network.models import Country
from polnet.records.models import HandlingCode, InformationAccuracy, SourceReliability

OBJECT_KINDS = tuple(k.value for k in ContributionKind if k != ContributionKind.TEXT)
MAX_TEXT = 20_000
MAX_NOTE = 2_000
MAX_PAGE = 500


# ---- contributing ---------------------------------------------------------------------------


def _open_project(actor: Actor, project_id: int) -> Project:
    project = project_for(actor, project_id)
    require_open(project)
    return project


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            _("The note is too long (at most %(max)s characters)."),
            code="contribution_note_too_long",
            field="note",
            max=MAX_NOTE,
        )
    return note


@transaction.atomic
def contribute(actor: Actor, project_id: int, kind: str, object_id: int, note: str = "") -> Contribution:
    """Name an object the actor may see in the project. Hidden and absent look the same."""
    project = _open_project(actor, project_id)
    if kind not in OBJECT_KINDS:
        raise InvalidInput(
            _("Choose what to contribute: a record, a notice, a hit or a passenger-list result."),
            code="contribution_kind_unknown",
            field="kind",
        )
    visible = policy.objects_by_kind(actor)[kind]
    if not visible.filter(pk=object_id).exists():
        raise NotFound(
            _("There is no such %(kind)s, or it is not shared with you."),
            code="contribution_object_not_found",
            field="object_id",
            kind=ContributionKind(kind).label,
        )
    mine = Contribution.objects.filter(project=project, kind=kind, object_id=object_id, withdrawn_at=None)
    if mine.filter(policy.party_q(actor)).exists():
        raise Conflict(
            _("Your party has already contributed it to this project."),
            code="contribution_already",
            field="object_id",
        )
    assert actor.user_id is not None
    contribution = Contribution.objects.create(
        project=project,
        kind=kind,
        object_id=object_id,
        country_id=actor.country,
        contributed_by_id=actor.user_id,
        note=_note(note),
    )
    log_in_project(
        actor,
        project,
        audit.Action.CREATE,
        "analysis_contribution",
        contribution.pk,
        {"kind": kind, "object_id": object_id},
    )
    return contribution


def _listed(project: Project, actor: Actor, restriction: str, codes: list[str]) -> list[str]:
    codes = sorted({c.strip().upper() for c in codes if c.strip()})
    if restriction == ContributionRestriction.ALL_PARTICIPANTS:
        if codes:
            raise InvalidInput(
                _("List no countries when every participant may read it."),
                code="contribution_listed_with_all",
                field="listed_countries",
            )
        return []
    if not codes:
        raise InvalidInput(
            _("List at least one participant country."),
            code="contribution_none_listed",
            field="listed_countries",
        )
    taking_part = set(
        project.participations.filter(country__isnull=False).values_list("country_id", flat=True)
    )
    strangers = [c for c in codes if c not in taking_part]
    if strangers:
        raise InvalidInput(
            _("Only participant countries can be listed: %(codes)s does not take part."),
            code="contribution_listed_not_participant",
            field="listed_countries",
            codes=", ".join(strangers),
        )
    return [c for c in codes if c != actor.country]  # its own party reads it anyway


@transaction.atomic
def contribute_text(
    actor: Actor,
    project_id: int,
    *,
    text: str,
    source_reliability: str,
    information_accuracy: str,
    handling_code: str,
    restriction: str = ContributionRestriction.ALL_PARTICIPANTS,
    listed_countries: list[str] | None = None,
) -> Contribution:
    """A piece of information of the actor's party, graded and marked."""
    project = _open_project(actor, project_id)
    text = text.strip()
    if not text:
        raise InvalidInput(
            _("Write the information to contribute."), code="contribution_text_missing", field="text"
        )
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            _("The text is too long (at most %(max)s characters)."),
            code="contribution_text_too_long",
            field="text",
            max=MAX_TEXT,
        )
    if source_reliability not in SourceReliability.values:
        raise InvalidInput(
            _("Grade the source: A, B, C or X."),
            code="contribution_reliability_unknown",
            field="source_reliability",
        )
    if information_accuracy not in InformationAccuracy.values:
        raise InvalidInput(
            _("Grade the information: 1, 2, 3 or 4."),
            code="contribution_accuracy_unknown",
            field="information_accuracy",
        )
    if handling_code not in HandlingCode.values:
        raise InvalidInput(
            _("Choose a handling code."), code="contribution_handling_unknown", field="handling_code"
        )
    if restriction not in ContributionRestriction.values:
        raise InvalidInput(
            _("Choose who in the project may read it."),
            code="contribution_restriction_unknown",
            field="restriction",
        )
    listed = _listed(project, actor, restriction, listed_countries or [])
    assert actor.user_id is not None
    contribution = Contribution.objects.create(
        project=project,
        kind=ContributionKind.TEXT,
        country_id=actor.country,
        contributed_by_id=actor.user_id,
        text=text,
        source_reliability=source_reliability,
        information_accuracy=information_accuracy,
        handling_code=handling_code,
        restriction=restriction,
    )
    contribution.listed_countries.set(Country.objects.filter(code__in=listed))
    log_in_project(
        actor,
        project,
        audit.Action.CREATE,
        "analysis_contribution",
        contribution.pk,
        {"kind": "text", "restriction": restriction, "listed": listed, "handling_code": handling_code},
    )
    return contribution


def add(actor: Actor, project_id: int, data: dict[str, Any]) -> Contribution:
    """A contribution as the API and the pages send it (`schemas.ContributionIn`): an object
    by kind and id, or a text with its grading and marking."""
    if data.get("kind") == ContributionKind.TEXT:
        if not data.get("source_reliability"):
            raise InvalidInput(
                _("Grade the source: A, B, C or X."),
                code="contribution_reliability_unknown",
                field="source_reliability",
            )
        if not data.get("information_accuracy"):
            raise InvalidInput(
                _("Grade the information: 1, 2, 3 or 4."),
                code="contribution_accuracy_unknown",
                field="information_accuracy",
            )
        if not data.get("handling_code"):
            raise InvalidInput(
                _("Choose a handling code."), code="contribution_handling_unknown", field="handling_code"
            )
        return contribute_text(
            actor,
            project_id,
            text=data.get("text") or "",
            source_reliability=str(data["source_reliability"]),
            information_accuracy=str(data["information_accuracy"]),
            handling_code=str(data["handling_code"]),
            restriction=str(data.get("restriction") or ContributionRestriction.ALL_PARTICIPANTS),
            listed_countries=list(data.get("listed_countries") or []),
        )
    if not data.get("object_id"):
        raise InvalidInput(
            _("Give the id of what you contribute."), code="contribution_object_missing", field="object_id"
        )
    return contribute(
        actor, project_id, str(data.get("kind")), int(data["object_id"]), data.get("note") or ""
    )


@transaction.atomic
def withdraw(actor: Actor, project_id: int, contribution_id: int) -> Contribution:
    """Take back a contribution of the actor's party (it stays in the audit log only)."""
    project = _open_project(actor, project_id)
    contribution = (
        Contribution.objects.select_for_update()
        .filter(project=project, pk=contribution_id, withdrawn_at=None)
        .filter(policy.party_q(actor))
        .first()
    )
    if contribution is None:
        raise NotFound(
            _("Your party has no such contribution in this project."), code="contribution_not_found"
        )
    contribution.withdrawn_at = timezone.now()
    contribution.save(update_fields=["withdrawn_at"])
    log_in_project(
        actor,
        project,
        audit.Action.DELETE,
        "analysis_contribution",
        contribution.pk,
        {"kind": contribution.kind, "object_id": contribution.object_id},
    )
    return contribution


# ---- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A contribution as one reader sees it: the object's own label, codes and page."""

    contribution: Contribution
    label: str
    url: str
    # The source evaluation and handling code: a text's own, a record's; empty for the rest.
    source_reliability: str
    information_accuracy: str
    handling_code: str
    owner: str  # whose object it is: the owner's country, or "secretariat"; empty for a text
    mine: bool  # contributed by the reader's party: it may withdraw it

    @property
    def kind(self) -> str:
        return self.contribution.kind

    @property
    def party(self) -> str:
        return party_name(self.contribution.country_id)

    @property
    def evaluation(self) -> str:
        return f"{self.source_reliability}{self.information_accuracy}"


@dataclass(frozen=True)
class ContributionPage:
    total: int
    rows: list[Shown]
    by_kind: dict[str, int]


def visible_contributions(actor: Actor, project: Project) -> QuerySet[Contribution]:
    """The project's contributions the actor reads, in one policy-filtered query."""
    return (
        Contribution.objects.filter(project=project, withdrawn_at=None)
        .filter(policy.contributions_q(actor))
        .order_by("-contributed_at", "-pk")
    )


def _loaded(actor: Actor, kind: str, ids: list[int]) -> dict[int, Any]:
    """The objects of one kind, read once more through their owner's policy: one query."""
    qs = policy.objects_by_kind(actor)[kind].filter(pk__in=ids)
    if kind in ("person", "notice"):
        qs = qs.prefetch_related("names")
    return {o.pk: o for o in qs}


def _first_name(obj: Any) -> str:
    names = [n for n in obj.names.all() if not n.is_alias] or list(obj.names.all())
    return names[0].display if names else ""


def _describe(kind: str, obj: Any) -> tuple[str, str, str]:
    """(label, url, owner) of an object the reader may see."""
    if kind == "person":
        return _first_name(obj) or str(obj.pk), f"/records/person/{obj.pk}/", obj.owner_country_id
    if kind in ("document", "vehicle", "firearm", "artwork"):
        return str(obj), f"/records/{kind}/{obj.pk}/", obj.owner_country_id
    if kind == "notice":
        label = f"{obj.get_kind_display()} {obj.reference}: {_first_name(obj)}".strip(": ")
        return label, f"/notices/{obj.pk}/", party_name(obj.owner_country_id)
    if kind == "hit":
        where = f" · {obj.location}" if obj.location else ""
        label = f"#{obj.pk} · {obj.kind} {obj.record_id}{where} · {obj.at:%Y-%m-%d %H:%M}"
        return label, f"/check/hits/{obj.pk}/", party_name(obj.owner_country_id)
    # A passenger-list hit row: its flight and booking, as read from the list.
    values = obj.values or {}
    extra = " · ".join(v for v in (values.get("flight", ""), values.get("booking", "")) if v)
    label = f"#{obj.batch_id}/{obj.row}" + (f" · {extra}" if extra else "")
    return label, "", ""


def _shown(actor: Actor, c: Contribution, obj: Any) -> Shown:
    mine = policy.same_party(actor, c.country_id)
    if c.kind == ContributionKind.TEXT:
        return Shown(c, c.text, "", c.source_reliability, c.information_accuracy, c.handling_code, "", mine)
    label, url, owner = _describe(c.kind, obj)
    graded = c.kind in ("person", "document", "vehicle", "firearm", "artwork")
    return Shown(
        c,
        label,
        url,
        obj.source_reliability if graded else "",
        obj.information_accuracy if graded else "",
        obj.handling_code if graded else "",
        owner,
        mine,
    )


def shown_one(actor: Actor, c: Contribution) -> Shown:
    """A contribution just made, as its contributor sees it (it may see the object)."""
    c.listed = list(c.listed_countries.all())  # type: ignore[attr-defined]
    obj = None
    if c.kind != ContributionKind.TEXT:
        obj = _loaded(actor, c.kind, [c.object_id or 0]).get(c.object_id or 0)
        if obj is None:
            raise NotFound(
                _("Your party has no such contribution in this project."), code="contribution_not_found"
            )
    return _shown(actor, c, obj)


def list_contributions(
    actor: Actor, project_id: int, *, kind: str = "", limit: int = 100, offset: int = 0
) -> ContributionPage:
    """A page of the contributions the actor reads, newest first, each object read through its
    owner's policy: one query for the page, one per kind of object on it. Audited."""
    project = project_for(actor, project_id)
    if kind and kind not in ContributionKind.values:
        raise InvalidInput(_("Unknown kind of contribution."), code="contribution_kind_filter", field="kind")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(_("limit is out of range."), code="limit_out_of_range", field="limit")
    if offset < 0:
        raise InvalidInput(_("offset is out of range."), code="offset_out_of_range", field="offset")
    qs = visible_contributions(actor, project)
    counts = {row["kind"]: row["n"] for row in qs.order_by().values("kind").annotate(n=Count("pk"))}
    if kind:
        qs = qs.filter(kind=kind)
    total = counts.get(kind, 0) if kind else sum(counts.values())
    page = list(
        qs.select_related("contributed_by").prefetch_related(Prefetch("listed_countries", to_attr="listed"))[
            offset : offset + limit
        ]
    )
    wanted: dict[str, list[int]] = defaultdict(list)
    for c in page:
        if c.kind != ContributionKind.TEXT and c.object_id is not None:
            wanted[c.kind].append(c.object_id)
    objects = {k: _loaded(actor, k, ids) for k, ids in wanted.items()}
    rows = []
    for c in page:
        obj = objects.get(c.kind, {}).get(c.object_id or 0)
        if c.kind != ContributionKind.TEXT and obj is None:
            continue  # hidden between the two reads: shown nowhere
        rows.append(_shown(actor, c, obj))
    with transaction.atomic():
        log_in_project(
            actor,
            project,
            audit.Action.READ,
            "analysis_contribution",
            "",
            {"kind": kind, "ids": [r.contribution.pk for r in rows][:MAX_PAGE]},
        )
    return ContributionPage(total, rows, counts)


def recent_contributions(actor: Actor, limit: int = 10) -> list[Contribution]:
    """The newest contributions the actor reads across the open projects its party takes part
    in (its home page): kind, party and time only, in one query, never a hidden one."""
    from polnet.analysis.services import projects

    open_projects = projects(actor).filter(closed_at=None).values("pk")
    return list(
        Contribution.objects.filter(project__in=open_projects, withdrawn_at=None)
        .filter(policy.contributions_q(actor))
        .select_related("project")
        .order_by("-contributed_at", "-pk")[:limit]
    )
