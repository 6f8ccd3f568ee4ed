"""Translated names of roles, unit kinds, scopes and result levels, for the web interface."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ROLES: dict[str, Promise] = {
    "bureau_officer": _("Bureau officer"),
    "bureau_admin": _("Bureau administrator"),
    "unit_officer": _("Unit officer"),
    "secretariat_reviewer": _("Secretariat reviewer"),
    "analyst": _("Analyst"),
    "dpo": _("Data-protection officer"),
    "sysadmin": _("System administrator"),
}
UNIT_KINDS: dict[str, Promise] = {
    "border_crossing": _("Border crossing"),
    "airport": _("Airport"),
    "seaport": _("Seaport"),
    "customs": _("Customs"),
    "immigration": _("Immigration"),
    "police_unit": _("Police unit"),
}
RESULT_LEVELS: dict[str, Promise] = {
    "hit_only": _("Hit / no hit only"),
    "full": _("Full record"),
}
TOKEN_SCOPES: dict[str, Promise] = {
    "records:read": _("Read records"),
    "records:write": _("Write records"),
    "screening": _("Screening checks"),
    "messages": _("Secure messages"),
    "network:admin": _("Network administration (units, users, tokens)"),
}

CHOICES: dict[str, dict[str, Promise]] = {
    "role": ROLES,
    "unit_kind": UNIT_KINDS,
    "result_level": RESULT_LEVELS,
    "token_scope": TOKEN_SCOPES,
}
