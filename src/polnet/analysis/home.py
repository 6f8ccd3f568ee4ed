"""What the analyst's home page and the main navigation take from the analysis app."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.analysis import contributions, services
from polnet.analysis.policy import may_analyse
from polnet.core.actor import Actor

ANALYSIS_URL = "/analysis/"
ANALYSIS_LABEL = _("Analysis")
TRENDS_URL = "/analysis/trends/"
TRENDS_LABEL = _("Trends")
RECEIVED_URL = "/analysis/reports/received/"
RECEIVED_LABEL = _("Analytical reports")


def analysis_links(actor: Actor) -> list[tuple[str, Promise]]:
    """The main navigation's analysis links: projects and trends for an analyst, and the
    analytical reports issued to a bureau for its people."""
    links: list[tuple[str, Promise]] = []
    if may_analyse(actor):
        links += [(ANALYSIS_URL, ANALYSIS_LABEL), (TRENDS_URL, TRENDS_LABEL)]
    if actor.country is not None and actor.unit is None:
        links.append((RECEIVED_URL, RECEIVED_LABEL))
    return links


def analyst_home(actor: Actor) -> dict[str, Any]:
    """The projects the analyst's party takes part in, and the newest contributions it may read
    in the open ones (kind, party, time: no content, so nothing of them is read here)."""
    return {
        "projects": list(services.projects(actor).select_related("owner_country")[:20]),
        "recent": contributions.recent_contributions(actor, limit=10),
        "analysis_url": ANALYSIS_URL,
    }
