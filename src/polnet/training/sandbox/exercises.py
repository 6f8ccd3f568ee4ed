"""The sandbox's exercises: what the trainee is handed, and the checker of their acts.

A checker reads the run's log (the acts, in order) and returns its steps: each a code, whether
it was done right, a note code and the note's values. Steps are stored as codes and worded
when shown (`words.py`), so the feedback reads in the trainee's language of the day.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.identifiers.normalise import normalise_identifier
from polnet.training.sandbox.world import planted, world

Act = dict[str, Any]
Step = dict[str, Any]


def step(code: str, ok: bool, note: str, **params: Any) -> Step:
    return {"step": code, "ok": ok, "note": note, "params": params}


# The fugitive's file of the notice exercise: what the requesting bureau holds.
FUGITIVE_FILE = {
    "family_name": "Ferrer Ibáñez",
    "given_names": "Lucía",
    "date_of_birth": "1990-09-04",
    "nationality": "ES",
    "charge": "Armed robbery of a jewellery shop in Valencia, 2 June 2025",
    "law": "Código Penal, art. 237 and 242.3",
    "max_penalty_years": "5",
    "warrant_reference": "AW-VLC-2025-0173",
    "warrant_date": "2025-10-12",
    "warrant_authority": "Juzgado de Instrucción n.º 4 de Valencia",
}
# A red notice is for a serious ordinary-law crime punishable by at least two years.
MIN_PENALTY_YEARS = 2


def _acts(log: list[Act], name: str, **match: Any) -> Iterator[Act]:
    return (a for a in log if a.get("act") == name and all(a.get(k) == v for k, v in match.items()))


def _found(log: list[Act], kind: str, record_id: int) -> bool:
    return any(record_id in a.get("found", []) for a in _acts(log, "check", kind=kind))


def _opened(log: list[Act], kind: str, record_id: int) -> bool:
    return any(_acts(log, "open", kind=kind, id=record_id))


def _report_step(log: list[Act], kind: str, record_id: int) -> Step:
    """Reported on the right record, with the action its owner asks for."""
    record = world().record(kind, record_id)
    assert record is not None
    reports = list(_acts(log, "report", kind=kind, id=record_id))
    if not reports:
        return step("reported", False, "report_missing", ref=record.ref, expected=record.action)
    chosen = reports[-1].get("action", "")
    if chosen != record.action:
        return step("reported", False, "action_wrong", ref=record.ref, chosen=chosen, expected=record.action)
    return step("reported", True, "action_right", ref=record.ref, expected=record.action)


def check_passport(log: list[Act]) -> list[Step]:
    p = planted()
    doc, holder = world().record("document", p.passport_document), world().record("person", p.passport_holder)
    assert doc is not None and holder is not None
    steps = [
        step("document_checked", True, "document_found", number=p.passport.number)
        if _found(log, "document", doc.id)
        else step("document_checked", False, "document_not_checked", number=p.passport.number),
        step(
            "hit_opened",
            _opened(log, "document", doc.id),
            "opened" if _opened(log, "document", doc.id) else "not_opened",
            ref=doc.ref,
        ),
    ]
    seen = _opened(log, "person", holder.id)
    steps.append(step("holder_found", seen, "holder_opened" if seen else "holder_not_opened", ref=holder.ref))
    if not any(_acts(log, "report", kind="person", id=holder.id)) and any(
        _acts(log, "report", kind="document")
    ):
        steps.append(step("reported", False, "report_on_document", ref=holder.ref, expected=holder.action))
    else:
        steps.append(_report_step(log, "person", holder.id))
    return steps


def check_spelling(log: list[Act]) -> list[Step]:
    p = planted()
    wanted = world().record("person", p.wanted)
    assert wanted is not None
    found = _found(log, "person", wanted.id)
    steps = [
        step(
            "person_checked", found, "person_found" if found else "person_not_checked", name=p.traveller_name
        )
    ]
    for decoy_id in p.decoys:
        if any(_acts(log, "report", kind="person", id=decoy_id)):
            decoy = world().record("person", decoy_id)
            assert decoy is not None
            born = decoy.fact("date_of_birth")
            steps.append(
                step(
                    "candidate",
                    False,
                    "decoy_reported",
                    ref=decoy.ref,
                    born=born,
                    traveller=p.traveller_birth,
                )
            )
            return steps
    steps.append(step("candidate", True, "candidate_right", ref=wanted.ref, born=p.traveller_birth))
    steps.append(_report_step(log, "person", wanted.id))
    return steps


def check_vehicle(log: list[Act]) -> list[Step]:
    p = planted()
    vehicle = world().record("vehicle", p.vehicle)
    assert vehicle is not None
    as_read = normalise_identifier(p.vin_read)
    read = [a for a in _acts(log, "check", kind="vehicle") if vehicle.id in a.get("found", [])]
    if any(normalise_identifier(str(a.get("query", {}).get("vin", ""))) == as_read for a in read):
        checked = step("vehicle_checked", True, "vin_as_read", vin=p.vin_read)
    elif read:
        checked = step("vehicle_checked", True, "vin_corrected", vin=p.vin_read)
    else:
        checked = step("vehicle_checked", False, "vin_not_checked", vin=p.vin_read)
    opened = _opened(log, "vehicle", vehicle.id)
    return [
        checked,
        step("hit_opened", opened, "opened" if opened else "not_opened", ref=vehicle.ref),
        _report_step(log, "vehicle", vehicle.id),
    ]


def _same(a: object, b: str) -> bool:
    def fold(s: str) -> str:
        plain = unicodedata.normalize("NFKD", s.casefold())
        return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())

    return fold(str(a or "")) == fold(b)


def _missing(fields: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if not str(fields.get(n) or "").strip()]


def check_notice(log: list[Act]) -> list[Step]:
    """The minimum criteria of a red notice request, one step each."""
    requests = list(_acts(log, "notice"))
    if not requests:
        return [step("notice_sent", False, "notice_missing")]
    f: dict[str, Any] = requests[-1].get("fields", {})
    steps: list[Step] = []
    identity = ("family_name", "given_names", "date_of_birth", "nationality")
    if missing := _missing(f, identity):
        steps.append(step("identity", False, "fields_missing", fields=missing))
    elif not all(_same(f.get(n), FUGITIVE_FILE[n]) for n in identity):
        steps.append(step("identity", False, "identity_differs"))
    else:
        steps.append(step("identity", True, "identity_ok"))
    if missing := _missing(f, ("charge", "law", "max_penalty_years")):
        steps.append(step("offence", False, "fields_missing", fields=missing))
    elif int(f["max_penalty_years"]) < MIN_PENALTY_YEARS:
        steps.append(
            step("offence", False, "penalty_too_low", years=f["max_penalty_years"], minimum=MIN_PENALTY_YEARS)
        )
    else:
        steps.append(step("offence", True, "offence_ok", years=f["max_penalty_years"]))
    if missing := _missing(f, ("warrant_reference", "warrant_date", "warrant_authority")):
        steps.append(step("warrant", False, "fields_missing", fields=missing))
    elif not (
        _same(f["warrant_reference"], FUGITIVE_FILE["warrant_reference"])
        and f["warrant_date"] == FUGITIVE_FILE["warrant_date"]
    ):
        steps.append(step("warrant", False, "warrant_differs"))
    else:
        steps.append(step("warrant", True, "warrant_ok", reference=f["warrant_reference"]))
    ok = bool(f.get("assurance"))
    steps.append(step("assurance", ok, "assurance_given" if ok else "assurance_missing"))
    return steps


def check_message(log: list[Act]) -> list[Step]:
    """Tell the owner bureau of a hit: the right addressee, the record's reference, a text."""
    p = planted()
    card = world().record("document", p.stolen_card)
    assert card is not None
    opened = _opened(log, "document", card.id)
    steps = [
        step("document_checked", True, "document_found", number=p.stolen_card_number)
        if _found(log, "document", card.id)
        else step("document_checked", False, "document_not_checked", number=p.stolen_card_number),
        step("hit_opened", opened, "opened" if opened else "not_opened", ref=card.ref),
    ]
    messages = list(_acts(log, "message"))
    if not messages:
        return [*steps, step("message_sent", False, "message_missing", ref=card.ref)]
    sent: dict[str, Any] = messages[-1].get("fields", {})
    to = str(sent.get("to", ""))
    steps.append(
        step("addressee", True, "addressee_right", country=to)
        if to == card.owner
        else step("addressee", False, "addressee_wrong", chosen=to, country=card.owner)
    )
    said = normalise_identifier(str(sent.get("reference", "")))
    right = said == normalise_identifier(card.ref)
    steps.append(step("reference", right, "reference_right" if right else "reference_wrong", ref=card.ref))
    text = bool(str(sent.get("body", "")).strip())
    steps.append(step("body", text, "body_given" if text else "body_missing"))
    return steps


@dataclass(frozen=True)
class Exercise:
    code: str
    title: Promise
    summary: Promise
    tools: tuple[str, ...]  # the forms the run page offers: checks by kind, "notice"
    checker: Callable[[list[Act]], list[Step]]

    def grade(self, log: list[Act]) -> tuple[bool, list[Step]]:
        steps = self.checker(log)
        return all(s["ok"] for s in steps), steps


EXERCISES: dict[str, Exercise] = {
    e.code: e
    for e in (
        Exercise(
            "passport",
            _("Find the person behind this passport and report the hit"),
            _("Check a passport by the number in its machine-readable zone, find its holder, report."),
            ("document", "person"),
            check_passport,
        ),
        Exercise(
            "spelling",
            _("A name spelled another way"),
            _("A traveller's name is transliterated differently: choose the right candidate."),
            ("person",),
            check_spelling,
        ),
        Exercise(
            "vehicle",
            _("A vehicle at the border"),
            _("A VIN read with a letter O for a zero: confirm the stolen vehicle and act."),
            ("vehicle",),
            check_vehicle,
        ),
        Exercise(
            "notice",
            _("Request a notice"),
            _("Fill a red notice request for a fugitive: meet every minimum criterion."),
            ("notice",),
            check_notice,
        ),
        Exercise(
            "message",
            _("Tell the owner bureau"),
            _("After a hit on a stolen identity card, write to the bureau that owns the record."),
            ("document", "message"),
            check_message,
        ),
    )
}
