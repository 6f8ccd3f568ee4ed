"""Notices as plain data for the API, the pages and the command line."""

from __future__ import annotations

from typing import Any

from polnet.core.actor import Actor
from polnet.notices import policy
from polnet.notices.compliance import precheck
from polnet.notices.kinds import spec_for
from polnet.notices.models import ArrestWarrant, ExtractStatus, Notice, NoticeEvent
from polnet.notices.reading import linked_records
from polnet.notices.states import FINAL, TRANSITIONS, Party, State
from polnet.records.names import names_out, ranked


def label(notice: Notice) -> str:
    """A short title: the subject's first name form, else its description, else the kind."""
    names = ranked(notice.names.all())
    if names and names[0].display:
        return names[0].display
    text = (notice.subject_description or notice.facts).strip().splitlines()
    return (text[0][:80] if text else "") or spec_for(notice.kind).label


def allowed_acts(actor: Actor, notice: Notice) -> list[str]:
    """What this actor may do with the notice now (the services check again)."""
    source = policy.is_source(actor, notice.owner_country_id or "")
    reviewer = policy.is_reviewer(actor) and policy.writes(actor)
    acts = [
        str(t.act)
        for t in TRANSITIONS[notice.channel].values()
        if notice.state in t.sources
        and ((t.party == Party.SOURCE and source) or (t.party == Party.SECRETARIAT and reviewer))
        and not (t.act == "confirm" and notice.reviewed_at is not None)
    ]
    spec = spec_for(notice.kind)
    extractable = (
        not notice.is_diffusion
        and spec.public_extract
        and not spec.by_secretariat
        and notice.restriction == "all"
        and not notice.bureau_only
        and notice.state not in FINAL
    )
    if (
        extractable
        and source
        and notice.extract_status not in (ExtractStatus.REQUESTED, ExtractStatus.APPROVED)
    ):
        acts.append("extract_request")
    if reviewer and notice.extract_status == ExtractStatus.REQUESTED:
        if notice.state == State.PUBLISHED:
            acts.append("extract_approve")
        acts.append("extract_refuse")
    if (source or reviewer) and notice.extract_status in (ExtractStatus.REQUESTED, ExtractStatus.APPROVED):
        acts.append("extract_withdraw")
    return acts


def findings_out(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "code": f["code"],
            "field": f.get("field", ""),
            "params": f.get("params", {}),
            "message": precheck.describe(f),
        }
        for f in findings
    ]


def summary_out(notice: Notice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "reference": notice.reference,
        "entity_id": notice.entity_id or None,
        "channel": notice.channel,
        "kind": notice.kind,
        "state": notice.state,
        "owner_country": notice.owner_country_id,
        "label": label(notice),
        "created_at": notice.created_at,
        "submitted_at": notice.submitted_at,
        "published_at": notice.published_at,
    }


def _first_approvals(notice: Notice) -> dict[str, Any]:
    """Under four eyes: when the first reviewer approved, waiting for a second (None: not yet)."""
    return {"publication": notice.approved_at, "extract": notice.extract_approved_at}


def sees_precheck(actor: Actor, notice: Notice) -> bool:
    return actor.country is None or actor.country == notice.owner_country_id


def notice_out(actor: Actor, notice: Notice) -> dict[str, Any]:
    out = summary_out(notice)
    out.update(
        version=notice.version,
        language=notice.language,
        subject_type=notice.subject_type,
        subject_description=notice.subject_description,
        facts=notice.facts,
        names=names_out(notice.names.all()),
        date_of_birth=notice.date_of_birth or None,
        sex=notice.sex,
        nationalities=sorted(c.pk for c in notice.nationalities.all()),
        place_of_birth=notice.place_of_birth,
        country_of_birth=notice.country_of_birth_id,
        height_cm=notice.height_cm,
        weight_kg=notice.weight_kg,
        eye_colours=notice.eye_colours,
        hair_colours=notice.hair_colours,
        languages_spoken=notice.languages_spoken,
        distinguishing_marks=notice.distinguishing_marks,
        details=notice.details,
        warrants=[warrant_out(w) for w in notice.warrants.all()],
        links=[
            {"kind": kind, "id": rec.pk, "label": str(rec)} for kind, rec in linked_records(actor, notice)
        ],
        images=[
            {
                "id": i.pk,
                "content_type": i.content_type,
                "size": i.size,
                "caption": i.caption,
                "in_public_extract": i.in_public_extract,
                "url": f"/api/notices/{notice.pk}/images/{i.pk}",
            }
            for i in notice.images.all()
        ],
        restriction=notice.restriction,
        listed_countries=sorted(c.pk for c in notice.listed_countries.all()),
        bureau_only=notice.bureau_only,
        review_date=notice.review_date,
        hit_action=notice.hit_action,
        hit_action_reference=notice.hit_action_reference,
        hit_action_note=notice.hit_action_note,
        suspended_until=notice.suspended_until,
        reviewed_at=notice.reviewed_at,
        extract_status=notice.extract_status,
        precheck=findings_out(notice.precheck) if sees_precheck(actor, notice) else None,
        prechecked_at=notice.prechecked_at,
        first_approval=_first_approvals(notice) if sees_precheck(actor, notice) else None,
        allowed_acts=allowed_acts(actor, notice),
        from_diffusion=notice.from_diffusion_id,
        requests=(
            list(notice.requests.values_list("pk", flat=True))
            if notice.is_diffusion and sees_precheck(actor, notice)
            else []
        ),
    )
    return out


def warrant_out(w: ArrestWarrant) -> dict[str, Any]:
    return {
        "decision": w.decision,
        "issuing_country": w.issuing_country_id,
        "authority": w.authority,
        "reference": w.reference,
        "issued_on": w.issued_on,
        "charge": w.charge,
        "charge_translation": w.charge_translation,
        "charge_translation_language": w.charge_translation_language,
        "law": w.law,
        "max_penalty_months": w.max_penalty_months,
        "convicted": w.convicted,
        "sentence_months": w.sentence_months,
        "remaining_sentence_months": w.remaining_sentence_months,
    }


def event_out(e: NoticeEvent, insider: bool) -> dict[str, Any]:
    return {
        "at": e.at,
        "act": e.act,
        "from_state": e.from_state,
        "to_state": e.to_state,
        "actor": e.actor_name,
        "affiliation": e.affiliation,
        "reason": e.reason if insider else None,
    }
