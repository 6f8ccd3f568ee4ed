"""The sandbox's words: feedback steps, record fields, and candidates' reasons, in the reader's
language. The checker stores codes; they are worded here when a page shows them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from polnet.core.actions import HitAction
from polnet.screening.engine.boundary import Candidate
from polnet.screening.web.display import worded

STEPS: dict[str, Promise] = {
    "document_checked": _("Check the document"),
    "hit_opened": _("Open the hit"),
    "holder_found": _("Find the person behind the document"),
    "reported": _("Report the hit with the owner's action"),
    "person_checked": _("Check the traveller"),
    "candidate": _("Choose the right candidate"),
    "vehicle_checked": _("Check the vehicle"),
    "notice_sent": _("Send the request"),
    "identity": _("Identity particulars"),
    "offence": _("The offence"),
    "warrant": _("The arrest warrant"),
    "assurance": _("The requesting bureau's assurance"),
    "message_sent": _("Send the message"),
    "addressee": _("The addressee"),
    "reference": _("The subject reference"),
    "body": _("The message"),
}

NOTES: dict[str, Promise] = {
    "document_found": _(
        "You checked number %(number)s as read from the machine-readable zone, and the sandbox found it."
    ),
    "document_not_checked": _(
        "Missed: check the document number as read from the machine-readable zone (%(number)s)."
    ),
    "opened": _("You opened the hit %(ref)s and read what its owner asks."),
    "not_opened": _("Missed: open the hit %(ref)s before acting on it."),
    "holder_opened": _("You opened the record of the document's holder, %(ref)s."),
    "holder_not_opened": _("Missed: open the record of the document's holder (%(ref)s) from the hit."),
    "report_missing": _("Missed: report the hit on %(ref)s; its owner asks: %(expected)s."),
    "report_on_document": _(
        "You reported the document, but the wanted person is its holder, %(ref)s; "
        "the owner asks: %(expected)s."
    ),
    "action_wrong": _('You chose "%(chosen)s" on %(ref)s, but its owner asks: %(expected)s.'),
    "action_right": _("You reported %(ref)s with the action its owner asks: %(expected)s."),
    "person_found": _("You checked %(name)s and the engine found the wanted person under another spelling."),
    "person_not_checked": _("Missed: check the traveller's name (%(name)s) and date of birth."),
    "decoy_reported": _(
        "You reported %(ref)s, born %(born)s; the traveller was born %(traveller)s. "
        "The date of birth decides among people who share a name."
    ),
    "candidate_right": _("You chose %(ref)s, whose date of birth (%(born)s) is the traveller's."),
    "vin_as_read": _(
        "You checked the VIN as read (%(vin)s): the engine found the stolen vehicle one OCR confusion away."
    ),
    "vin_corrected": _(
        "You found the stolen vehicle; at the border, check the VIN as read (%(vin)s): "
        "the engine allows for an O read for a 0."
    ),
    "vin_not_checked": _("Missed: check the VIN as read (%(vin)s)."),
    "notice_missing": _("Missed: fill and send the notice request."),
    "fields_missing": _("Missing: %(fields)s."),
    "identity_differs": _(
        "The identity particulars differ from the fugitive's file; copy them as the file gives them."
    ),
    "identity_ok": _("Family name, given names, date of birth and nationality, as in the file."),
    "penalty_too_low": _(
        "A red notice needs an offence punishable by at least %(minimum)s years; you gave %(years)s."
    ),
    "offence_ok": _(
        "The charge, the law and a maximum penalty of %(years)s years: a serious ordinary-law crime."
    ),
    "warrant_differs": _("The warrant's reference or date differs from the file."),
    "warrant_ok": _("Arrest warrant %(reference)s, its date and the authority that issued it."),
    "assurance_given": _(
        "Your bureau assures that the warrant is valid and that extradition will be sought."
    ),
    "assurance_missing": _(
        "Missing: your bureau's assurance that the warrant is valid and that extradition will be sought."
    ),
    "message_missing": _("Missed: write to the bureau that owns %(ref)s."),
    "addressee_right": _("You wrote to the owner of the record, the training bureau %(country)s."),
    "addressee_wrong": _(
        "You wrote to the training bureau %(chosen)s, but the record belongs to "
        "the training bureau %(country)s."
    ),
    "reference_right": _("You named the record by its reference, %(ref)s."),
    "reference_wrong": _("Give the record's reference, %(ref)s, so that its owner finds it at once."),
    "body_given": _("You said what happened."),
    "body_missing": _("Missing: say what happened at the hit."),
}

FIELDS: dict[str, Promise] = {
    "family_name": _("Family name"),
    "given_names": _("Given names"),
    "date_of_birth": _("Date of birth"),
    "nationality": _("Nationality"),
    "charge": _("Charge (the facts)"),
    "law": _("Law that makes it an offence"),
    "max_penalty_years": _("Maximum penalty (years)"),
    "warrant_reference": _("Arrest warrant reference"),
    "warrant_date": _("Date of the warrant"),
    "warrant_authority": _("Issuing judicial authority"),
    "name": _("Name"),
    "sex": _("Sex"),
    "number": _("Document number"),
    "issuing_country": _("Issuing country"),
    "kind": _("Kind"),
    "status": _("Reported status"),
    "vin": _("VIN"),
    "plate": _("Number plate"),
    "make": _("Make"),
    "model": _("Model"),
    "colour": _("Colour"),
}


def action_label(code: str) -> str:
    try:
        return str(HitAction(code).label)
    except ValueError:
        return code


def _value(key: str, value: Any) -> str:
    if key in ("chosen", "expected"):
        return action_label(str(value))
    if key == "fields":
        separator = pgettext("between the items of a list", ", ")
        return separator.join(str(FIELDS.get(v, v)) for v in value)
    return str(value)


@dataclass(frozen=True)
class StepView:
    title: str
    ok: bool
    note: str


def step_view(step: dict[str, Any]) -> StepView:
    params = {k: _value(k, v) for k, v in (step.get("params") or {}).items()}
    template = NOTES.get(str(step.get("note")))
    try:
        note = str(template) % params if template is not None else ""
    except (KeyError, ValueError, TypeError):  # a stored step its template no longer fits
        note = ""
    return StepView(str(STEPS.get(str(step.get("step")), step.get("step", ""))), bool(step.get("ok")), note)


def reasons(candidate: Candidate) -> list[str]:
    """Why a candidate matches, worded by the screening pages' own words (escaped there)."""
    return [
        worded(
            {
                "code": f.code,
                "params": dict(f.params),
                "notes": [{"code": n.code, "params": dict(n.params)} for n in f.notes],
                "detail": f.detail,
            }
        )
        for f in candidate.explanation
    ]
