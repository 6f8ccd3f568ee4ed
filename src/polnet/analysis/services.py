"""Analysis projects: open one, invite bureaus, find the ones the analyst takes part in.

Every act inside a project is written to the audit log with the project as its purpose
(`log_in_project`), so a data-protection officer sees what was done for which analysis.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from polnet.analysis import policy
from polnet.analysis.models import CrimeArea, Participation, Project
from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.core.review import check_review_date
from polnet.network.models import Country
from polnet.records.models import HandlingCode, Purpose


def _require_analyst(actor: Actor) -> None:
    if not policy.may_analyse(actor):
        raise Forbidden(_("Only an analyst works in analysis projects."), code="not_an_analyst")


def projects(actor: Actor) -> QuerySet[Project]:
    """The projects the actor's party takes part in, newest first."""
    return Project.objects.filter(policy.projects_q(actor)).distinct()


def project_for(actor: Actor, project_id: int) -> Project:
    """The project, if the actor's party takes part in it; else not found (its existence
    is not disclosed)."""
    project = projects(actor).filter(pk=project_id).first()
    if project is None:
        raise NotFound(_("No such analysis project."), code="project_not_found")
    return project


def log_in_project(
    actor: Actor,
    project: Project,
    action: audit.Action | str,
    object_type: str,
    object_id: object = "",
    detail: dict[str, Any] | None = None,
) -> None:
    audit.log(actor, action, object_type, object_id, purpose=project.audit_purpose, detail=detail)


def _countries(codes: list[str]) -> list[Country]:
    found = {c.code: c for c in Country.objects.filter(code__in=codes, is_member=True)}
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise InvalidInput(
            _("Not a member country: %(codes)s."),
            code="participant_not_member",
            field="participants",
            codes=", ".join(unknown),
        )
    return [found[c] for c in codes]


@transaction.atomic
def open_project(
    actor: Actor,
    *,
    name: str,
    purpose: str,
    crime_area: str,
    review_date: date,
    handling_code: str = HandlingCode.H0,
    participants: list[str] | None = None,
) -> Project:
    """Open a project for the actor's party; the countries listed take part from the start."""
    _require_analyst(actor)
    name = name.strip()
    if not name:
        raise InvalidInput(_("Give the project a name."), code="project_name_missing", field="name")
    if purpose not in Purpose.values:
        raise InvalidInput(
            _("Choose one of the listed purposes."), code="project_purpose_unknown", field="purpose"
        )
    if crime_area not in CrimeArea.values:
        raise InvalidInput(
            _("Choose one of the crime areas."), code="project_crime_area_unknown", field="crime_area"
        )
    if handling_code not in HandlingCode.values:
        raise InvalidInput(
            _("Choose a handling code."), code="project_handling_code_unknown", field="handling_code"
        )
    check_review_date(review_date)
    assert actor.user_id is not None
    project = Project.objects.create(
        name=name[:200],
        purpose=purpose,
        crime_area=crime_area,
        handling_code=handling_code,
        review_date=review_date,
        owner_country_id=actor.country,
        opened_by_id=actor.user_id,
    )
    Participation.objects.create(project=project, country_id=actor.country, invited_by_id=actor.user_id)
    others = [c for c in dict.fromkeys(participants or []) if c != actor.country]
    for country in _countries(others):
        Participation.objects.create(project=project, country=country, invited_by_id=actor.user_id)
    log_in_project(
        actor,
        project,
        audit.Action.CREATE,
        "analysis_project",
        project.pk,
        {"participants": [actor.country or "secretariat", *others]},
    )
    return project
