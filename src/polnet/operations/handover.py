"""After the operation: its targets and hits flow into an analysis project (docs/operations.md,
"Into analysis").

The project is opened through the analysis services, so analysis's own rule decides who may
open it (`analysis/policy.may_analyse`) and every act is audited with the project as its
purpose. It is seeded with what the opener reads of the operation (`policy.targets_q`,
`policy.operation_hits_q`) and, of that, only what analysis lets the opener contribute (each
object's owner's policy, `analysis/policy.objects_by_kind`, checked again by `contribute`);
a text of the opener's party counts what was left out. One project per operation
(`AnalysisLink`): opening it again leads to the same project.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from polnet.analysis import contributions
from polnet.analysis import policy as analysis_policy
from polnet.analysis import services as analysis_services
from polnet.analysis.models import CrimeArea as AnalysisArea
from polnet.analysis.models import Project
from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden
from polnet.operations import policy
from polnet.operations.models import AnalysisLink, CrimeArea, Operation, OperationHit, Target
from polnet.operations.plan import services as plan_services
from polnet.records.models import Purpose

# The analysis files' crime area of each of the operations' crime areas.
CRIME_AREAS: dict[str, str] = {
    CrimeArea.DRUGS: AnalysisArea.DRUGS,
    CrimeArea.FIREARMS: AnalysisArea.FIREARMS,
    CrimeArea.HUMAN_TRAFFICKING: AnalysisArea.HUMAN_TRAFFICKING,
    CrimeArea.MIGRANT_SMUGGLING: AnalysisArea.PEOPLE_SMUGGLING,
    CrimeArea.FUGITIVES: AnalysisArea.FUGITIVES,
    CrimeArea.TERRORISM: AnalysisArea.TERRORISM,
    CrimeArea.VEHICLES: AnalysisArea.VEHICLE_CRIME,
    CrimeArea.CULTURAL_PROPERTY: AnalysisArea.CULTURAL_PROPERTY,
    CrimeArea.ENVIRONMENT: AnalysisArea.ENVIRONMENTAL,
    CrimeArea.FINANCIAL: AnalysisArea.FINANCIAL_CRIME,
}
REVIEW_DAYS = 365  # the project's first review date; its opener may change it

# Why something of the operation is not in the project (the keys of `Handover.left_out`).
OPERATION_ONLY = "operation_only_targets"  # vessels, containers, plates: not database records
IDENTIFIER_HITS = "operation_only_hits"  # hits on those: no record, no screening hit
NOT_VISIBLE = "not_visible"  # records, notices or hits the opener may not see


@dataclass(frozen=True)
class Handover:
    project: Project
    created: bool  # False: the operation's project was already open
    added: dict[str, int] = field(default_factory=dict)  # contributions by kind
    left_out: dict[str, int] = field(default_factory=dict)  # by reason, as above


def _wanted(actor: Actor, op: Operation) -> tuple[dict[tuple[str, int], str], Counter[str]]:
    """(kind, id) of each record or notice targeted, and of each screening hit and hit record,
    among what the actor reads of the operation; with the note each will carry."""
    wanted: dict[tuple[str, int], str] = {}
    left: Counter[str] = Counter()
    targeted = gettext("Target of operation %(name)s") % {"name": op.code_name}
    hit_during = gettext("Hit during operation %(name)s") % {"name": op.code_name}
    targets = Target.objects.filter(policy.targets_q(actor, op))
    for kind, record_id in targets.values_list("kind", "record_id"):
        if record_id is None:
            left[OPERATION_ONLY] += 1
        else:
            wanted.setdefault((kind, record_id), targeted)
    hits = OperationHit.objects.filter(policy.operation_hits_q(actor), operation=op)
    for hit_id, kind, record_id in hits.values_list("hit_id", "target__kind", "target__record_id"):
        if hit_id is not None:
            wanted.setdefault(("hit", hit_id), hit_during)
        if record_id is not None:
            wanted.setdefault((kind, record_id), targeted)
        elif hit_id is None:
            left[IDENTIFIER_HITS] += 1
    return wanted, left


def _note(op: Operation, left: Counter[str]) -> str:
    lines = [
        gettext("Opened from operation %(name)s (active %(start)s to %(end)s).")
        % {"name": op.code_name, "start": op.active_on.isoformat(), "end": op.active_until.isoformat()}
    ]
    if not left:
        return "\n".join([*lines, gettext("Nothing of the operation was left out.")])
    lines.append(gettext("Left out of this project:"))
    labels = {
        OPERATION_ONLY: gettext("operation-only identifiers (not database records)"),
        IDENTIFIER_HITS: gettext("hits on operation-only identifiers"),
        NOT_VISIBLE: gettext("records, notices or hits your bureau may not see"),
    }
    lines += [f"- {labels[reason]}: {n}" for reason, n in sorted(left.items()) if n]
    return "\n".join(lines)


def _seed(actor: Actor, op: Operation, project: Project) -> tuple[dict[str, int], dict[str, int]]:
    wanted, left = _wanted(actor, op)
    by_kind: dict[str, list[int]] = {}
    for kind, object_id in wanted:
        by_kind.setdefault(kind, []).append(object_id)
    visible = analysis_policy.objects_by_kind(actor)
    added: Counter[str] = Counter()
    for kind, ids in sorted(by_kind.items()):
        seen = set(visible[kind].filter(pk__in=ids).values_list("pk", flat=True))
        left[NOT_VISIBLE] += len(set(ids) - seen)
        for object_id in sorted(seen):
            contributions.contribute(actor, project.pk, kind, object_id, wanted[(kind, object_id)])
            added[kind] += 1
    contributions.contribute_text(
        actor,
        project.pk,
        text=_note(op, +left),
        source_reliability="A",  # the system's own count: exact
        information_accuracy="1",
        handling_code=op.handling_code,
    )
    return dict(added), {k: n for k, n in left.items() if n}


@transaction.atomic
def open_analysis(actor: Actor, operation_id: int) -> Handover:
    """The operation's analysis project: opened and seeded the first time, the same one after."""
    op = plan_services.get_operation(actor, operation_id, for_update=True)  # strangers: not found
    analysis_services.require_analyst(actor)
    if op.phase not in policy.ANALYSED_PHASES:
        raise Conflict(
            _("An analysis project is opened once the operation is closing or closed."),
            code="operation_analysis_too_early",
        )
    if not policy.may_open_analysis(actor, op):
        raise Forbidden(
            _("Only a bureau taking part in the operation opens its analysis project."),
            code="operation_analysis_forbidden",
        )
    link = AnalysisLink.objects.filter(operation=op).first()
    if link is not None:
        project = analysis_services.projects(actor).filter(pk=link.project_id).first()
        if project is None:
            raise Conflict(
                _(
                    "The operation's analysis project was opened without your bureau: "
                    "ask its opener to invite it."
                ),
                code="operation_analysis_not_invited",
            )
        return Handover(project, created=False)
    countries = list(op.participants.values_list("country_id", flat=True))
    project = analysis_services.open_project(
        actor,
        name=op.code_name,
        purpose=Purpose.INVESTIGATION,
        crime_area=CRIME_AREAS[op.crime_area],
        review_date=timezone.localdate() + timedelta(days=REVIEW_DAYS),
        handling_code=op.handling_code,
        participants=countries,
    )
    assert actor.user_id is not None  # an analyst is a person
    AnalysisLink.objects.create(operation=op, project=project, opened_by_id=actor.user_id)
    added, left_out = _seed(actor, op, project)
    audit.log(
        actor,
        audit.Action.CREATE,
        "operation_analysis",
        op.pk,
        detail={"project": project.pk, "added": added, "left_out": left_out},
    )
    return Handover(project, True, added, left_out)


def linked_project_id(operation: Operation) -> int | None:
    """The id of the operation's analysis project, if one was opened."""
    return AnalysisLink.objects.filter(operation=operation).values_list("project_id", flat=True).first()
