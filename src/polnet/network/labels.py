"""Translated names of roles, unit kinds, scopes and result levels, for the web interface.

Unit kinds are the model's translated choices; roles, scopes and result levels are the
kernel's enums (`core/actor.py`), which hold no Django labels, so theirs are written here.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import StrOrPromise
from polnet.network.models import UnitKind

ROLES: dict[str, Promise] = {
    "bureau_officer": _("Bureau officer"),
    "bureau_admin": _("Bureau administrator"),
    "unit_officer": _("Unit officer"),
    "secretariat_reviewer": _("Secretariat reviewer"),
    "analyst": _("Analyst"),
    "dpo": _("Data-protection officer"),
    "sysadmin": _("System administrator"),
    "trainer": _("Trainer"),
    "partner": _("Partner organisation member"),
}
UNIT_KINDS: dict[str, StrOrPromise] = {str(value): label for value, label in UnitKind.choices}
RESULT_LEVELS: dict[str, Promise] = {
    "hit_only": _("Hit / no hit only"),
    "full": _("Full record"),
}
TOKEN_SCOPES: dict[str, Promise] = {
    "records:read": _("Read records"),
    "records:write": _("Write records"),
    "records:import": _("Import records in bulk"),
    "screening": _("Screening checks"),
    "messages": _("Secure messages"),
    "analysis": _("Analysis"),
    "data_protection": _("Data protection"),
    "training": _("Learning centre"),
    "operations": _("Joint operations"),
    "carrier:check": _("Carrier's passenger check (board / do not board)"),
    "network:admin": _("Network administration (units, users, tokens)"),
}

CHOICES: dict[str, Mapping[str, StrOrPromise]] = {
    "role": ROLES,
    "unit_kind": UNIT_KINDS,
    "result_level": RESULT_LEVELS,
    "token_scope": TOKEN_SCOPES,
}
