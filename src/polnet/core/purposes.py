"""The listed purposes of processing, and the one rule for the purpose a search states.

A record is kept for one of these purposes, and a search of persons states which of them it
serves: the query log and the audit log keep it, and the data-protection officer reads it
there. The vocabulary lives in the kernel because the network's tokens (a floor below the
records) carry a default purpose, which the bureau sets when it issues the token.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput


class Purpose(models.TextChoices):
    """The listed purposes of processing (data rules)."""

    LOCATE_WANTED = "locate_wanted", _("Locating a wanted person")
    IDENTIFICATION = "identification", _("Identification")
    INVESTIGATION = "investigation", _("Criminal investigation")
    ALERT = "alert", _("Alert or warning")
    FORENSICS = "forensics", _("Forensics")
    SECURITY_CHECK = "security_check", _("Security check")
    THREAT_ANALYSIS = "threat_analysis", _("Threat analysis")
    BORDER_MANAGEMENT = "border_management", _("Border management")


LISTED = ", ".join(Purpose.values)  # named in every refusal, so a client can correct itself


def listed(purpose: str, *, field: str = "purpose") -> str:
    """A purpose from the list, or empty; anything else is refused."""
    purpose = purpose.strip()
    if purpose and purpose not in Purpose.values:
        raise InvalidInput(
            _("The purpose must be one of the listed purposes: %(listed)s."),
            code="purpose_unknown",
            field=field,
            listed=LISTED,
        )
    return purpose


def stated(actor: Actor, purpose: str, *, field: str = "purpose") -> str:
    """The purpose a search states: its own, or else the caller's default (a machine token's,
    set by its bureau; a passenger list's, stated at the upload). A search without one is
    refused before anything is searched or written."""
    chosen = listed(purpose, field=field) or listed(actor.default_purpose, field=field)
    if not chosen:
        raise InvalidInput(
            _("State the purpose of the search, one of: %(listed)s."),
            code="purpose_required",
            field=field,
            listed=LISTED,
        )
    return chosen
