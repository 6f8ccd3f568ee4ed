"""What the main navigation and the officer's home page take from the data-protection app."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.dataprotection.policy import may_supervise

CONSOLE_URL = "/dataprotection/console/"
CONSOLE_LABEL = _("Data protection")


def dataprotection_links(actor: Actor) -> list[tuple[str, Promise]]:
    """The main navigation's link to the console, for a data-protection officer."""
    return [(CONSOLE_URL, CONSOLE_LABEL)] if may_supervise(actor) else []


def officer_home(actor: Actor) -> dict[str, Any] | None:
    """The officer's home panel (open alerts: a count, nothing read), or None for others."""
    if not may_supervise(actor):
        return None
    from polnet.dataprotection.console.services import open_alert_count

    return {"dp_console_url": CONSOLE_URL, "dp_open_alerts": open_alert_count(actor)}
