"""What the notice page shows after publication (versions, addenda, sightings, reservations, the
request a diffusion became), and who may do what there. The services check again."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor, Role
from polnet.notices import policy
from polnet.notices.after import addenda, reservations, sightings, versions
from polnet.notices.after.addenda import OPEN_TO_ADDENDA
from polnet.notices.after.conversion import CONVERTIBLE
from polnet.notices.after.output import addendum_out
from polnet.notices.models import Addendum, AddendumState, Notice
from polnet.notices.states import FINAL, Channel
from polnet.notices.web.after_forms import AddendumForm, LiftForm, ReservationForm, SightingForm

CHANGE_LABELS = {
    "names": _("Names added"),
    "warrants": _("Warrants added"),
    "photo": _("Photo added"),
    "information": _("Information added"),
}
VERSION_ACTS = {"publish": _("Published"), "send": _("Sent"), "addendum": _("Addendum applied")}


def _bureau_officer(actor: Actor) -> bool:
    return (
        policy.writes(actor)
        and actor.country is not None
        and actor.unit is None
        and actor.role in (Role.BUREAU_OFFICER, Role.BUREAU_ADMIN)
    )


def _versions(notice: Notice) -> list[dict[str, Any]]:
    return [
        {
            "number": v.number,
            "at": v.at,
            "act": str(VERSION_ACTS.get(v.act, v.act)),
            "changes": [
                (str(CHANGE_LABELS.get(c["what"], c["what"])), c.get("added") or []) for c in v.changes
            ],
        }
        for v in versions.versions_of(notice)
    ]


def _addendum_view(actor: Actor, notice: Notice, a: Addendum) -> dict[str, Any]:
    out = addendum_out(actor, notice, a)
    out["state_label"] = AddendumState(a.state).label
    out["names_text"] = [
        " ".join(p for p in (n.get("given"), n.get("family"), n.get("full")) if p) for n in a.names
    ]
    out["photo_page_url"] = f"/notices/addenda/{a.pk}/photo/" if a.photo else ""
    out["may_decide"] = (
        a.state == AddendumState.PENDING and policy.is_reviewer(actor) and policy.writes(actor)
    )
    return out


def after_context(actor: Actor, notice: Notice, **forms: Any) -> dict[str, Any]:
    source = policy.is_source(actor, notice.owner_country_id or "")
    insider = actor.country is None or actor.country == notice.owner_country_id
    member = _bureau_officer(actor) and not source
    own = (
        notice.reservations.filter(country_id=actor.country, lifted_at__isnull=True).first()
        if actor.country
        else None
    )
    live_requests = notice.requests.exclude(state__in=sorted(FINAL)) if notice.is_diffusion else None
    return {
        "versions": _versions(notice),
        "addenda": [_addendum_view(actor, notice, a) for a in addenda.for_notice(actor, notice)],
        "may_add": source and notice.channel == Channel.NOTICE and notice.state in OPEN_TO_ADDENDA,
        "addendum_form": forms.get("addendum_form") or AddendumForm(),
        "sightings": sightings.for_notice(actor, notice),
        "may_report_sighting": _bureau_officer(actor) and notice.state in sightings.REPORTABLE,
        "sighting_form": forms.get("sighting_form") or SightingForm(),
        "reservations": reservations.for_notice(actor, notice),
        "reservations_insider": insider,
        "own_reservation": own,
        "may_reserve": member and own is None and notice.state in reservations.RESERVABLE,
        "reservation_form": forms.get("reservation_form") or ReservationForm(),
        "lift_form": LiftForm(),
        "may_convert": source
        and notice.is_diffusion
        and notice.state in CONVERTIBLE
        and live_requests is not None
        and not live_requests.exists(),
        "became_requests": list(notice.requests.order_by("pk")) if notice.is_diffusion and insider else [],
    }


def addenda_queue(actor: Actor) -> list[dict[str, Any]]:
    """The addenda in the secretariat's review queue, as the queue page shows them."""
    if not policy.is_reviewer(actor):
        return []
    return [{"notice": a.notice, **_addendum_view(actor, a.notice, a)} for a in addenda.queue(actor)]
