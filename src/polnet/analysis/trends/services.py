"""The way in to trends: a series, every series, a project's month of changes, the fold.

Trends count only what the reader may see (`scope.py`). A project's changes are read inside
the project and audited with it as purpose; the figures of the trends page are counts of
what the reader may open anyway, and carry no personal data, so reading them is not logged
(as the statistics page).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.analysis import services as analysis_services
from polnet.analysis.models import Project
from polnet.analysis.trends import rollup, scope
from polnet.analysis.trends.changes import Changes, month_changes, parse_month
from polnet.analysis.trends.filters import Filters
from polnet.analysis.trends.series import SERIES
from polnet.analysis.trends.tables import Table
from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import NotFound


def series(actor: Actor, name: str, filters: Filters) -> Table:
    scope.require_analyst(actor)
    build = SERIES.get(name)
    if build is None:
        raise NotFound(_("No such trend."), code="trend_not_found")
    return build(actor, filters)


def every_series(actor: Actor, filters: Filters) -> dict[str, Table]:
    scope.require_analyst(actor)
    return {name: build(actor, filters) for name, build in SERIES.items()}


def project_changes(actor: Actor, project_id: int, month: str | None = None) -> tuple[Project, Changes]:
    """What changed in the project in the month ("YYYY-MM", this month by default)."""
    scope.require_analyst(actor)
    project = analysis_services.project_for(actor, project_id)
    first = parse_month(month, timezone.now().date())
    changes = month_changes(actor, project, first)
    analysis_services.log_in_project(
        actor,
        project,
        audit.Action.READ,
        "analysis_project_changes",
        project.pk,
        {"month": first.strftime("%Y-%m"), **changes.counts},
    )
    return project, changes


def fold_checks() -> int:
    """Fold the query-log rows not yet in the rollup (the scheduled job, and the CLI)."""
    return rollup.fold()
