"""Who sees what in the console: the one rule, written once (`docs/dataprotection.md`).

- The secretariat's officer sees every entry, query, hit and alert.
- A bureau's officer sees an entry of the audit log when it was made by someone of the
  bureau (the bureau itself or one of its units) OR it is about a record the bureau owns;
  a query-log row or a hit made by the bureau's people or naming the bureau's records
  (a hit's owner); the alerts on the bureau's people or on reads of its records; and the
  access history of the bureau's own records only.
- Anyone else sees nothing: the console's pages and API refuse them (403).
"""

from __future__ import annotations

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, NotFound
from polnet.dataprotection.policy import may_supervise, supervised_q, supervises_network
from polnet.network.models import Unit
from polnet.records.kinds import KINDS as RECORD_KINDS

NOTHING = Q(pk__in=[])


def require_supervisor(actor: Actor) -> None:
    """Only a data-protection officer (or a token with the data-protection scope) gets in."""
    if not may_supervise(actor):
        raise Forbidden(
            _("Only a data-protection officer may use the console."), code="not_data_protection_officer"
        )


def affiliations(country: str) -> list[str]:
    """The affiliations under which the bureau's people act: the bureau and each of its units."""
    units = Unit.objects.filter(bureau__country_id=country).values_list("pk", flat=True)
    return [f"bureau:{country}", *(f"unit:{pk}" for pk in units)]


def _owned_records_q(country: str) -> Q:
    """Audit entries whose object is a record the bureau owns."""
    about = NOTHING
    for kind, spec in RECORD_KINDS.items():
        ids = (
            spec.model.objects.filter(owner_country_id=country)
            .annotate(text_id=Cast("pk", CharField()))
            .values("text_id")
        )
        about |= Q(object_type=kind, object_id__in=ids)
    return about


def audit_q(actor: Actor) -> Q:
    """The audit entries the officer answers for."""
    if not may_supervise(actor):
        return NOTHING
    if supervises_network(actor):
        return Q()
    assert actor.country is not None
    return Q(affiliation__in=affiliations(actor.country)) | _owned_records_q(actor.country)


def querylog_q(actor: Actor) -> Q:
    """Query-log rows made by the bureau's people (rows naming its records reach the officer
    through the records' access history)."""
    if not may_supervise(actor):
        return NOTHING
    if supervises_network(actor):
        return Q()
    assert actor.country is not None
    return Q(affiliation__in=affiliations(actor.country))


def hit_q(actor: Actor) -> Q:
    """Hits made by the bureau's people or on the bureau's records."""
    if not may_supervise(actor):
        return NOTHING
    if supervises_network(actor):
        return Q()
    return supervised_q(actor, "owner_country_id") | supervised_q(actor, "screening_country_id")


def alert_q(actor: Actor) -> Q:
    """Alerts on the bureau's people, or on reads of the bureau's records."""
    if not may_supervise(actor):
        return NOTHING
    return supervised_q(actor, "country_id") | supervised_q(actor, "concerns_country_id")


def require_history_of(actor: Actor, owner_country: str | None) -> None:
    """A record's access history: its owner's officer, or the secretariat's. Another bureau's
    record looks absent, as it does everywhere else."""
    require_supervisor(actor)
    if supervises_network(actor) or (owner_country is not None and owner_country == actor.country):
        return
    raise NotFound(_("There is no such record under your supervision."), code="record_not_supervised")
