"""Analysis projects: open one, invite bureaus, find the ones the analyst takes part in.

Every act inside a project is written to the audit log with the project as its purpose
(`log_in_project`), so a data-protection officer sees what was done for which analysis.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.analysis import policy
from polnet.analysis.models import CrimeArea, Participation, Project
from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.review import check_review_date
from polnet.network.models import Country
from polnet.records.models import HandlingCode, Purpose


def require_analyst(actor: Actor) -> None:
    if not policy.may_analyse(actor):
        raise Forbidden(_("Only an analyst works in analysis projects."), code="not_an_analyst")


def projects(actor: Actor) -> QuerySet[Project]:
    """The projects the actor's party takes part in, newest first."""
    return Project.objects.filter(policy.projects_q(actor)).distinct()


def project_for(actor: Actor, project_id: int) -> Project:
    """The project, if the actor's party takes part in it; else not found (its existence
    is not disclosed). Who is not an analyst is refused outright."""
    require_analyst(actor)
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


def _countries(codes: list[str], field: str = "participants") -> list[Country]:
    found = {c.code: c for c in Country.objects.filter(code__in=codes, is_member=True)}
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise InvalidInput(
            _("Not a member country: %(codes)s."),
            code="participant_not_member",
            field=field,
            codes=", ".join(unknown),
        )
    return [found[c] for c in codes]


def _check_details(name: str, purpose: str, crime_area: str, handling_code: str, review_date: date) -> str:
    """The project's details as given, checked; its name trimmed."""
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
    return name[:200]


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
    require_analyst(actor)
    name = _check_details(name, purpose, crime_area, handling_code, review_date)
    assert actor.user_id is not None
    project = Project.objects.create(
        name=name,
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


# ---- the project's life: its details, who takes part, closing it ------------------------------

SECRETARIAT = "secretariat"  # how the secretariat is named where a country code is expected


def party_name(country: str | None) -> str:
    return country or SECRETARIAT


def is_owner(actor: Actor, project: Project) -> bool:
    """The party that opened the project runs it: it invites, edits and closes."""
    return policy.same_party(actor, project.owner_country_id)


def _owned_open(actor: Actor, project_id: int, *, for_update: bool = True) -> Project:
    project = project_for(actor, project_id)
    if for_update:
        project = Project.objects.select_for_update().get(pk=project.pk)
    if not is_owner(actor, project):
        raise Forbidden(
            _("Only the party that opened the project changes it or invites others."),
            code="project_not_owner",
        )
    require_open(project)
    return project


def require_open(project: Project) -> None:
    if project.closed_at is not None:
        raise Conflict(_("The project is closed."), code="project_closed")


def participants(project: Project) -> list[Participation]:
    return list(project.participations.select_related("country").order_by("invited_at", "pk"))


@transaction.atomic
def read_project(actor: Actor, project_id: int) -> Project:
    """The project and who takes part in it; the reading is audited."""
    project = project_for(actor, project_id)
    log_in_project(actor, project, audit.Action.READ, "analysis_project", project.pk)
    return project


@transaction.atomic
def update_project(actor: Actor, project_id: int, changes: dict[str, Any]) -> Project:
    """Change the project's name, purpose, crime area, handling code or review date."""
    project = _owned_open(actor, project_id)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            _("These details cannot be changed: %(fields)s."),
            code="project_field_unknown",
            field=unknown[0],
            fields=", ".join(unknown),
        )
    merged = {f: changes.get(f, getattr(project, f)) for f in EDITABLE}
    merged["name"] = _check_details(**merged)
    changed = sorted(f for f in EDITABLE if merged[f] != getattr(project, f))
    for f in changed:
        setattr(project, f, merged[f])
    if changed:
        project.save(update_fields=changed)
        log_in_project(
            actor, project, audit.Action.UPDATE, "analysis_project", project.pk, {"fields": changed}
        )
    return project


EDITABLE = ("name", "purpose", "crime_area", "handling_code", "review_date")


@transaction.atomic
def invite(actor: Actor, project_id: int, party: str) -> Participation:
    """Invite a member country's bureau, or the secretariat ("secretariat"), to take part."""
    project = _owned_open(actor, project_id)
    party = party.strip()
    country = None if party.lower() == SECRETARIAT else _countries([party.upper()], "party")[0]
    code = country.code if country else None
    if project.participations.filter(country_id=code).exists():
        raise Conflict(
            _("%(party)s already takes part in the project."),
            code="participant_already",
            field="party",
            party=party_name(code),
        )
    assert actor.user_id is not None
    participation = Participation.objects.create(
        project=project, country=country, invited_by_id=actor.user_id
    )
    log_in_project(
        actor,
        project,
        audit.Action.GRANT,
        "analysis_participation",
        participation.pk,
        {"party": party_name(code)},
    )
    return participation


@transaction.atomic
def leave(actor: Actor, project_id: int) -> None:
    """The actor's party leaves the project; what it contributed leaves with it."""
    project = project_for(actor, project_id)
    if is_owner(actor, project):
        raise Conflict(
            _("The party that opened the project cannot leave it: close it instead."),
            code="project_owner_leaves",
        )
    from polnet.analysis.models import Contribution

    withdrawn = (
        Contribution.objects.filter(project=project, withdrawn_at__isnull=True)
        .filter(policy.party_q(actor))
        .update(withdrawn_at=timezone.now())
    )
    project.participations.filter(policy.party_q(actor)).delete()
    log_in_project(
        actor,
        project,
        audit.Action.REVOKE,
        "analysis_participation",
        project.pk,
        {"party": party_name(actor.country), "contributions_withdrawn": withdrawn},
    )


@transaction.atomic
def close(actor: Actor, project_id: int) -> Project:
    """Close the project: it stays readable to its participants, and nothing more is added."""
    project = _owned_open(actor, project_id)
    project.closed_at = timezone.now()
    project.save(update_fields=["closed_at"])
    log_in_project(actor, project, audit.Action.UPDATE, "analysis_project", project.pk, {"closed": True})
    return project
