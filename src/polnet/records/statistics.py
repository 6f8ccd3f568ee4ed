"""Counts of the records an actor may see, per database, owner country and status.

Every count goes through the one policy filter, so the figures never reveal records the
reader could not open. Counts carry no personal data, so reading them is not audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from polnet.core import policy
from polnet.core.actor import Actor, TokenScope
from polnet.core.errors import Forbidden
from polnet.core.policy import RecordStatus
from polnet.records.kinds import KINDS
from polnet.records.models import LifeState

CLOSED = "closed"  # located, recovered or cancelled: no longer screened


@dataclass
class CountryRow:
    country: str
    per_kind: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.per_kind.values())


@dataclass
class Statistics:
    kinds: list[str]
    totals: dict[str, int]
    per_status: dict[str, dict[str, int]]  # kind -> active / expired / closed -> count
    countries: list[CountryRow]

    @property
    def grand_total(self) -> int:
        return sum(self.totals.values())


def record_statistics(actor: Actor) -> Statistics:
    if not actor.allows_scope(TokenScope.RECORDS_READ) or not policy.discloses_details(actor):
        raise Forbidden(_("Your unit sees hits only, not record details."), code="hit_only_scope")
    kinds = list(KINDS)
    per_status: dict[str, dict[str, int]] = {}
    by_country: dict[str, CountryRow] = {}
    for kind, spec in KINDS.items():
        visible = spec.model.objects.visible_to(actor)
        counts = {**{s.value: 0 for s in RecordStatus}, CLOSED: 0}
        rows = (
            visible.values_list("owner_country_id", "record_status", "state")
            .annotate(n=Count("id"))
            .order_by()
        )
        for owner, status, state, n in rows:
            # A located, recovered or cancelled record is closed, whatever its review date.
            key = status if state == LifeState.ACTIVE else CLOSED
            counts[key] = counts.get(key, 0) + n
            row = by_country.setdefault(owner, CountryRow(owner))
            row.per_kind[kind] = row.per_kind.get(kind, 0) + n
        per_status[kind] = counts
    totals = {kind: sum(per_status[kind].values()) for kind in kinds}
    countries = sorted(by_country.values(), key=lambda r: (-r.total, r.country))
    return Statistics(kinds, totals, per_status, countries)
