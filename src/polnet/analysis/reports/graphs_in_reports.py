"""A view of the link graph added to a draft report, rebuilt on the server.

The graph page posts only the keys of the entities on screen. Labels and links are never
taken from the browser: the graph services load the entities the analyst may see now and
the links between them with their reasons (`graph.services.among`), and that snapshot is
stored. A key the analyst may not see is left out, as an absent one is.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polnet.analysis.graph import services as graph
from polnet.analysis.reports import sections, services
from polnet.analysis.reports.models import ReportSection, SectionKind
from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput, NotFound


def _party(actor: Actor) -> str:
    if actor.country:
        return _("the bureau of %(country)s") % {"country": actor.country}
    return _("the General Secretariat")


@transaction.atomic
def add_graph_view(
    actor: Actor, project_id: int, report_id: int, keys: list[str], *, title: str = ""
) -> ReportSection:
    """Add the entities among `keys` the actor may see, and the links between them, as a
    graph section of a draft of the project the actor may write."""
    report = services.draft_for(actor, report_id)  # not found, not an analyst, issued: refused
    if report.project_id != project_id:
        raise NotFound(gettext_lazy("No such report, or it has not reached you."), code="report_not_found")
    asked = list(dict.fromkeys(k.strip() for k in keys if k.strip()))
    if len(asked) > sections.MAX_NODES:
        raise InvalidInput(
            gettext_lazy("A graph view holds at most %(n)s entities."),
            code="report_graph_view_large",
            field="nodes",
            n=sections.MAX_NODES,
        )
    answer = graph.among(actor, project_id, asked)
    if not answer.nodes:
        raise InvalidInput(
            gettext_lazy("Show at least one entity on the graph first."),
            code="report_graph_view_empty",
            field="nodes",
        )
    snapshot = graph.snapshot(answer)
    day = timezone.localdate().isoformat()
    caption = _("The entities and links as %(party)s could see them on %(day)s.") % {
        "party": _party(actor),
        "day": day,
    }
    return services.add_section(
        actor,
        report_id,
        kind=SectionKind.GRAPH,
        title=(title or "").strip() or _("Link graph (%(day)s)") % {"day": day},
        body=caption,
        data=snapshot,
        audit_detail={
            "graph_view": True,
            "asked": len(asked),
            "left_out": len(asked) - len(snapshot["nodes"]),
            "edges": len(snapshot["edges"]),
        },
    )
