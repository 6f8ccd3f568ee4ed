"""Addenda, versions, sightings and reservations as plain data for the API and the pages."""

from __future__ import annotations

from typing import Any

from polnet.core.actor import Actor
from polnet.notices.models import Addendum, Notice, NoticeVersion, Reservation, Sighting
from polnet.notices.output import findings_out, sees_precheck


def addendum_out(actor: Actor, notice: Notice, a: Addendum) -> dict[str, Any]:
    insider = sees_precheck(actor, notice)
    return {
        "id": a.pk,
        "notice_id": a.notice_id,
        "state": a.state,
        "names": a.names,
        "warrants": a.warrants,
        "information": a.information,
        "photo_url": f"/api/notices/addenda/{a.pk}/photo" if a.photo else None,
        "photo_caption": a.photo_caption,
        "created_at": a.created_at,
        "first_approval_at": a.approved_at if insider else None,
        "decided_at": a.decided_at,
        "reason": a.reason if insider else None,
        "precheck": findings_out(a.precheck) if insider else None,
        "version": a.version,
    }


def version_out(v: NoticeVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "at": v.at,
        "act": v.act,
        "addendum_id": v.addendum_id,
        "changes": v.changes,
        "content": v.content,
    }


def sighting_out(s: Sighting) -> dict[str, Any]:
    return {
        "id": s.pk,
        "notice_id": s.notice_id,
        "reporting_country": s.reporting_country_id,
        "country": s.country_id,
        "place": s.place,
        "seen_at": s.seen_at,
        "reliability": s.reliability,
        "information": s.information,
        "created_at": s.created_at,
    }


def reservation_out(r: Reservation) -> dict[str, Any]:
    return {
        "notice_id": r.notice_id,
        "country": r.country_id,
        "reason": r.reason,
        "created_at": r.created_at,
        "lifted_at": r.lifted_at,
    }
