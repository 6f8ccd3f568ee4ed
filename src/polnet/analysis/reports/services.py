"""Analytical reports: write one inside a project, issue it to bureaus, read it.

A draft is written and read by the project's participants; issuing freezes it and lets the
bureaus its restriction reaches read it too (`reports/policy.py`). Every act is audited with
the project as its purpose (`log_in_project`), reads by receiving bureaus included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.analysis import policy as analysis_policy
from polnet.analysis.reports import policy
from polnet.analysis.reports.entities import ENTITY_KINDS, checked_keys, visible_entities
from polnet.analysis.reports.models import Report, ReportSection, ReportState
from polnet.analysis.reports.reading import ReportView, report_view
from polnet.analysis.reports.sections import checked_section, section_keys
from polnet.analysis.services import log_in_project, project_for, projects
from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.policy import Restriction
from polnet.core.review import check_review_date
from polnet.core.sharing import listed_fits
from polnet.network.models import Country
from polnet.records.models import HandlingCode

OBJECT = "analysis_report"
MAX_SECTIONS = 200


def _not_found() -> NotFound:
    return NotFound(_("No such report, or it has not reached you."), code="report_not_found")


def _require_analyst(actor: Actor) -> None:
    if not analysis_policy.may_analyse(actor):
        raise Forbidden(_("Only an analyst writes analytical reports."), code="report_not_analyst")


def _handling(code: str) -> str:
    if code not in HandlingCode.values:
        raise InvalidInput(
            _("Choose a handling code."), code="report_handling_unknown", field="handling_code"
        )
    return code


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("Give the report a title."), code="report_title_missing", field="title")
    if len(title) > 300:
        raise InvalidInput(_("A title has at most 300 characters."), code="report_title_long", field="title")
    return title


# ---- reading -------------------------------------------------------------------------------


def reports_in(actor: Actor, project_id: int) -> QuerySet[Report]:
    project = project_for(actor, project_id)
    return Report.objects.filter(project=project).select_related("created_by")


def _in_project(actor: Actor, report_id: int, *, for_update: bool = False) -> Report:
    """A report of a project the actor takes part in; else not found."""
    qs = Report.objects.filter(project__in=projects(actor)).select_related("project")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    report = qs.filter(pk=report_id).first()
    if report is None:
        raise _not_found()
    return report


def draft_for(actor: Actor, report_id: int) -> Report:
    """A draft the actor may write (locked until the transaction ends); else a refusal."""
    return _draft(actor, report_id)


def writable_drafts(actor: Actor) -> QuerySet[Report]:
    """The drafts of the open projects the actor takes part in, by project."""
    if not analysis_policy.may_analyse(actor):
        return Report.objects.none()
    return (
        Report.objects.filter(
            project__in=projects(actor), project__closed_at__isnull=True, state=ReportState.DRAFT
        )
        .select_related("project")
        .order_by("project__name", "project_id", "-id")
    )


def _draft(actor: Actor, report_id: int) -> Report:
    _require_analyst(actor)
    report = _in_project(actor, report_id, for_update=True)
    if report.is_issued:
        raise Conflict(_("An issued report no longer changes."), code="report_already_issued")
    return report


def received(actor: Actor) -> QuerySet[Report]:
    """The issued reports that reach the actor's bureau (or unit), newest first."""
    return Report.objects.filter(policy.received_q(actor)).select_related("project").order_by("-issued_at")


@dataclass
class Opened:
    view: ReportView
    participant: bool  # read inside its project, not as a receiving bureau


def open_report(actor: Actor, report_id: int, *, purpose: str = "read") -> Opened:
    """The report as the actor may read it: as a participant of its project, or as a bureau it
    reached. Audited with what the reader was shown and what was withheld."""
    participant = True
    try:
        report = _in_project(actor, report_id)
    except NotFound:
        participant = False
        found = received(actor).filter(pk=report_id).first()
        if found is None:
            raise
        report = found
    view = report_view(actor, report)
    action = audit.Action.EXPORT if purpose != "read" else audit.Action.READ
    log_in_project(
        actor,
        report.project,
        action,
        OBJECT,
        report.pk,
        {
            "as": "participant" if participant else "recipient",
            "format": purpose,
            "entities": len(view.entities),
            "withheld": view.withheld,
        },
    )
    return Opened(view, participant)


# ---- writing -------------------------------------------------------------------------------


@transaction.atomic
def create_report(
    actor: Actor, project_id: int, *, title: str, summary: str = "", handling_code: str = HandlingCode.H0
) -> Report:
    _require_analyst(actor)
    project = project_for(actor, project_id)
    if project.closed_at is not None:
        raise Conflict(_("The project is closed."), code="report_project_closed")
    assert actor.user_id is not None
    report = Report.objects.create(
        project=project,
        owner_country_id=project.owner_country_id,
        created_by_id=actor.user_id,
        title=_title(title),
        summary=(summary or "").strip()[:20_000],
        handling_code=_handling(handling_code),
        review_date=project.review_date,
    )
    log_in_project(actor, project, audit.Action.CREATE, OBJECT, report.pk, {"handling_code": handling_code})
    return report


def _touch(report: Report) -> None:
    report.version += 1
    report.updated_at = timezone.now()
    report.save(update_fields=["version", "updated_at"])


@transaction.atomic
def update_report(
    actor: Actor,
    report_id: int,
    *,
    title: str | None = None,
    summary: str | None = None,
    handling_code: str | None = None,
) -> Report:
    report = _draft(actor, report_id)
    if title is not None:
        report.title = _title(title)
    if summary is not None:
        report.summary = summary.strip()[:20_000]
    if handling_code is not None:
        report.handling_code = _handling(handling_code)
    report.save(update_fields=["title", "summary", "handling_code"])
    _touch(report)
    log_in_project(
        actor, report.project, audit.Action.UPDATE, OBJECT, report.pk, {"handling_code": report.handling_code}
    )
    return report


def _renumber(report: Report) -> None:
    for n, section in enumerate(report.sections.order_by("position", "id"), start=1):
        if section.position != n:
            ReportSection.objects.filter(pk=section.pk).update(position=n)


def _sources_seen(actor: Actor, keys: list[str]) -> None:
    """The author names only entities it may read itself: others answer as absent ones do."""
    named = [k for k in keys if k.partition(":")[0] in ENTITY_KINDS]
    seen = visible_entities(actor, named)
    missing = [k for k in named if k not in seen]
    if missing:
        raise InvalidInput(
            _("No such entity, or it is not shared with you: %(key)s."),
            code="report_entity_unseen",
            field="keys",
            key=missing[0],
        )


@transaction.atomic
def add_section(
    actor: Actor,
    report_id: int,
    *,
    kind: str,
    title: str = "",
    body: str = "",
    data: Any = None,
    sources: list[str] | None = None,
    position: int | None = None,
    audit_detail: dict[str, Any] | None = None,
) -> ReportSection:
    report = _draft(actor, report_id)
    title, body, stored = checked_section(kind, title, body, data)
    source_keys = checked_keys(sources or [])
    _sources_seen(actor, section_keys(kind, stored, source_keys))
    count = report.sections.count()
    if count >= MAX_SECTIONS:
        raise InvalidInput(
            _("A report has at most %(n)s sections."), code="report_too_many_sections", n=MAX_SECTIONS
        )
    last = report.sections.aggregate(m=Max("position"))["m"] or 0
    at = last + 1 if position is None else max(1, min(position, last + 1))
    report.sections.filter(position__gte=at).update(position=F("position") + 1)
    section = ReportSection.objects.create(
        report=report, position=at, kind=kind, title=title, body=body, data=stored, sources=source_keys
    )
    _renumber(report)
    _touch(report)
    log_in_project(
        actor,
        report.project,
        audit.Action.UPDATE,
        OBJECT,
        report.pk,
        {
            "section": section.pk,
            "act": "add",
            "kind": kind,
            "keys": section_keys(kind, stored, source_keys),
            **(audit_detail or {}),
        },
    )
    section.refresh_from_db()
    return section


def _section(report: Report, section_id: int) -> ReportSection:
    section = report.sections.filter(pk=section_id).first()
    if section is None:
        raise NotFound(_("No such section in this report."), code="report_section_not_found")
    return section


@transaction.atomic
def move_section(actor: Actor, report_id: int, section_id: int, position: int) -> ReportSection:
    report = _draft(actor, report_id)
    section = _section(report, section_id)
    ordered = [s for s in report.sections.order_by("position", "id") if s.pk != section.pk]
    at = max(1, min(position, len(ordered) + 1))
    ordered.insert(at - 1, section)
    for n, s in enumerate(ordered, start=1):
        ReportSection.objects.filter(pk=s.pk).update(position=n)
    _touch(report)
    log_in_project(
        actor,
        report.project,
        audit.Action.UPDATE,
        OBJECT,
        report.pk,
        {"section": section.pk, "act": "move", "to": at},
    )
    section.refresh_from_db()
    return section


@transaction.atomic
def remove_section(actor: Actor, report_id: int, section_id: int) -> None:
    report = _draft(actor, report_id)
    section = _section(report, section_id)
    section.delete()
    _renumber(report)
    _touch(report)
    log_in_project(
        actor,
        report.project,
        audit.Action.UPDATE,
        OBJECT,
        report.pk,
        {"section": section_id, "act": "remove"},
    )


def _listed(codes: list[str]) -> list[Country]:
    codes = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    found = {c.code: c for c in Country.objects.filter(code__in=codes, is_member=True)}
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise InvalidInput(
            _("Not a member country: %(codes)s."),
            code="report_country_unknown",
            field="listed_countries",
            codes=", ".join(unknown),
        )
    return [found[c] for c in codes]


@transaction.atomic
def issue_report(
    actor: Actor,
    report_id: int,
    *,
    restriction: str,
    listed_countries: list[str] | None = None,
    bureau_only: bool = False,
    review_date: date | None = None,
) -> Report:
    """Freeze the report and disseminate it: the bureaus the restriction admits read it,
    each seeing its entities through its own policy."""
    report = _draft(actor, report_id)
    if restriction not in Restriction.__members__.values():
        raise InvalidInput(
            _("Choose who the report is shared with."), code="report_restriction_unknown", field="restriction"
        )
    listed = _listed(listed_countries or [])
    misfit = listed_fits(restriction, [c.code for c in listed])
    if misfit:
        raise InvalidInput(
            _("List at least one country for this restriction, and none for all members."),
            code="report_listed_misfit",
            field="listed_countries",
        )
    day = review_date or report.project.review_date
    check_review_date(day)
    if not report.sections.exists():
        raise InvalidInput(
            _("Add at least one section before issuing."), code="report_empty", field="sections"
        )
    assert actor.user_id is not None
    report.restriction = restriction
    report.bureau_only = bureau_only
    report.review_date = day
    report.state = ReportState.ISSUED
    report.issued_at = timezone.now()
    report.issued_by_id = actor.user_id
    report.save()
    report.listed_countries.set(listed)
    _touch(report)
    log_in_project(
        actor,
        report.project,
        "issue",
        OBJECT,
        report.pk,
        {
            "restriction": restriction,
            "listed_countries": [c.code for c in listed],
            "bureau_only": bureau_only,
            "review_date": day.isoformat(),
            "version": report.version,
        },
    )
    return report


# ---- exports -------------------------------------------------------------------------------


def report_pdf(actor: Actor, report_id: int) -> tuple[Report, bytes]:
    """The PDF of the report as the actor may read it (audited as an export)."""
    from polnet.analysis.reports.pdf import render_pdf

    opened = open_report(actor, report_id, purpose="pdf")
    return opened.view.report, render_pdf(opened.view)


def report_ftm(actor: Actor, report_id: int) -> tuple[Report, str]:
    """The FollowTheMoney entities (JSON lines) of the report as the actor may read it."""
    from polnet.analysis.reports.ftm import render_ftm

    opened = open_report(actor, report_id, purpose="ftm")
    return opened.view.report, render_ftm(opened.view)


def chart_png(actor: Actor, report_id: int, section_id: int) -> bytes:
    """A chart section drawn for the page (the report's reading is audited with the page)."""
    from polnet.analysis.reports.pdf import chart_png as draw

    readable = Q(project__in=projects(actor)) | policy.received_q(actor)
    report = Report.objects.filter(readable, pk=report_id).first()
    if report is None:
        raise _not_found()
    section = report.sections.filter(pk=section_id, kind="chart").first()
    png = draw(section.data.get("spec", {})) if section is not None else None
    if png is None:
        raise NotFound(_("No such section in this report."), code="report_section_not_found")
    return png


def file_name(report: Report, extension: str) -> str:
    return f"report-{report.pk}-v{report.version}.{extension}"
