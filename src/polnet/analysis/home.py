"""What the analyst's home page and the main navigation take from the analysis app."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from polnet.analysis import contributions, services
from polnet.core.actor import Actor

ANALYSIS_URL = "/analysis/"
ANALYSIS_LABEL = _("Analysis")


def analyst_home(actor: Actor) -> dict[str, Any]:
    """The projects the analyst's party takes part in, and the newest contributions it may read
    in the open ones (kind, party, time: no content, so nothing of them is read here)."""
    return {
        "projects": list(services.projects(actor).select_related("owner_country")[:20]),
        "recent": contributions.recent_contributions(actor, limit=10),
        "analysis_url": ANALYSIS_URL,
    }
