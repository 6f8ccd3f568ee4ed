"""Who reads an issued report outside its project: the core condition tree, not a second rule.

In plain words:
- the project's participants read its reports in every state (`analysis.services.project_for`);
- once issued, the owner bureau's users and the bureaus whose country the restriction admits
  (`core.policy.admits`, the records' own branch) read it while its review date has not
  passed; an extended-access unit of such a country only if the report is not bureau-only
  and the unit sees details;
- nobody else: the secretariat reads what it takes part in, the system administrator nothing.

What a report shows of each entity is decided again for each reader by the entity's own
policy (`reports/entities.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from polnet.core.actor import Actor, Role
from polnet.core.policy import (
    AccessFacts,
    Always,
    Condition,
    Equals,
    RecordStatus,
    admits,
    all_of,
    any_of,
    discloses_details,
    reads_police_data,
)

if TYPE_CHECKING:
    from django.db import models
    from django.db.models import Q

    from polnet.analysis.reports.models import Report

BUREAU_READERS = frozenset(
    {Role.BUREAU_OFFICER, Role.BUREAU_ADMIN, Role.ANALYST, Role.DATA_PROTECTION_OFFICER, Role.UNIT_OFFICER}
)


@dataclass(frozen=True, slots=True)
class ReportFacts(AccessFacts):
    """A report's access facts: the record facts (its record status says whether it is issued
    and within its review date) plus its state."""

    state: str = "draft"


@dataclass(frozen=True)
class InForce(Condition):
    """Issued, and its review date not passed: the report's `record_status` is active."""

    today: date

    def holds(self, facts: AccessFacts) -> bool:
        return facts.record_status == RecordStatus.ACTIVE

    def to_q(self, model: type[models.Model]) -> Q:
        from django.db.models import Q

        return Q(state="issued", review_date__gte=self.today)


def facts_of(report: Report, today: date | None = None) -> ReportFacts:
    day = today or timezone.localdate()
    in_force = report.state == "issued" and report.review_date >= day
    return ReportFacts(
        kind="report",
        owner_country=report.owner_country_id or "",
        restriction=report.restriction,
        listed_countries=report.listed_codes(),
        bureau_only=report.bureau_only,
        record_status=RecordStatus.ACTIVE if in_force else RecordStatus.EXPIRED,
        state=report.state,
    )


def dissemination(actor: Actor, today: date | None = None) -> Condition:
    """Default deny: the reports that reach the actor's bureau or unit."""
    day = today or timezone.localdate()
    if not reads_police_data(actor.token_scopes) or actor.country is None:
        return Always(False)
    if actor.role not in BUREAU_READERS or not discloses_details(actor):
        return Always(False)
    reached = any_of(Equals("owner_country", actor.country), admits(actor.country))
    if actor.unit is None:
        return all_of(InForce(day), reached)
    return all_of(InForce(day), Equals("bureau_only", False), reached)


def received_q(actor: Actor, today: date | None = None) -> Q:
    from polnet.analysis.reports.models import Report

    return dissemination(actor, today).to_q(Report)


def reaches(actor: Actor, report: Report, today: date | None = None) -> bool:
    return dissemination(actor, today).holds(facts_of(report, today))
