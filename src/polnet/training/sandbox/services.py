"""Every act of a trainee in the sandbox: start, check, open a hit, report, request, finish.

Checks run through the real engine indexes of the synthetic world (`world.py`); nothing is read
from the live databases. Each act is appended to the run's log under a row lock, so two tabs
of one trainee cannot lose an act. A run belongs to its trainee alone: anyone else is answered
NotFound, as for any hidden object.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core.actions import allowed_actions
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.identifiers.errors import InputRefused
from polnet.screening.engine.boundary import Candidate, DocumentQuery, VehicleQuery
from polnet.screening.engine.person.types import PersonQuery
from polnet.training import policy
from polnet.training.sandbox.exercises import EXERCISES, Exercise
from polnet.training.sandbox.models import SandboxRun
from polnet.training.sandbox.world import KINDS, SandboxRecord, owners, world

NOTICE_FIELDS = (
    "family_name",
    "given_names",
    "date_of_birth",
    "nationality",
    "charge",
    "law",
    "max_penalty_years",
    "warrant_reference",
    "warrant_date",
    "warrant_authority",
)
MAX_TEXT = 300
MAX_BODY = 2000


@dataclass(frozen=True)
class Found:
    """One candidate of a sandbox check, with the record it denotes."""

    record: SandboxRecord
    candidate: Candidate


def _user(actor: Actor) -> int:
    """The trainee's user id; the sandbox is for people only."""
    if not policy.practises_in_sandbox(actor) or actor.user_id is None:
        raise Forbidden(
            _("The training sandbox is for people who use the learning centre."), code="sandbox_refused"
        )
    return actor.user_id


def exercise(code: str) -> Exercise:
    found = EXERCISES.get(code)
    if found is None:
        raise NotFound(_("No such exercise."), code="sandbox_exercise_unknown")
    return found


def runs(actor: Actor) -> QuerySet[SandboxRun]:
    """The actor's own runs; nobody reads another's."""
    return SandboxRun.objects.filter(user_id=_user(actor))


def best_results(actor: Actor) -> dict[str, SandboxRun]:
    """Per exercise, the actor's best finished run (a pass before a fail, then the latest)."""
    best: dict[str, SandboxRun] = {}
    for run in runs(actor).filter(finished_at__isnull=False).order_by("-finished_at"):
        kept = best.get(run.exercise)
        if kept is None or (run.passed and not kept.passed):
            best[run.exercise] = run
    return best


def start(actor: Actor, code: str) -> SandboxRun:
    """A fresh run of an exercise (restarting leaves the earlier runs as they were)."""
    user_id = _user(actor)
    exercise(code)
    return SandboxRun.objects.create(user_id=user_id, exercise=code)


def get_run(actor: Actor, run_id: int) -> SandboxRun:
    run = runs(actor).filter(pk=run_id).first()
    if run is None:
        raise NotFound(_("No such sandbox run."), code="sandbox_run_unknown")
    return run


def _append(actor: Actor, run_id: int, act: dict[str, Any]) -> SandboxRun:
    """Add an act to an open run, under a row lock."""
    with transaction.atomic():
        run = runs(actor).select_for_update().filter(pk=run_id).first()
        if run is None:
            raise NotFound(_("No such sandbox run."), code="sandbox_run_unknown")
        if run.finished_at is not None:
            raise Conflict(
                _("This run is finished; restart the exercise to try again."), code="sandbox_run_finished"
            )
        run.log = [*run.log, {"at": timezone.now().isoformat(), **act}]
        run.save(update_fields=["log"])
        return run


def _text(data: dict[str, Any], name: str) -> str:
    value = str(data.get(name) or "").strip()
    if len(value) > MAX_TEXT:
        raise InvalidInput(_("This value is too long."), code="sandbox_value_too_long", field=name)
    return value


def _query(kind: str, data: dict[str, Any]) -> dict[str, str]:
    """The values a check reads; a check without its identifier is refused before searching."""
    if kind == "document":
        query = {"number": _text(data, "number")}
        if not query["number"]:
            raise InvalidInput(_("Give the document number."), code="sandbox_number_missing", field="number")
    elif kind == "vehicle":
        query = {"vin": _text(data, "vin")}
        if not query["vin"]:
            raise InvalidInput(_("Give the VIN."), code="sandbox_vin_missing", field="vin")
    else:
        query = {"name": _text(data, "name"), "date_of_birth": _text(data, "date_of_birth")}
        if not query["name"]:
            raise InvalidInput(_("Give the name."), code="sandbox_name_missing", field="name")
    return query


def _screen(kind: str, query: dict[str, str]) -> list[Candidate]:
    engines = world().engines
    try:
        if kind == "document":
            return list(engines.document.screen(DocumentQuery(query["number"])).candidates)
        if kind == "vehicle":
            return list(engines.vehicle.screen(VehicleQuery(vin=query["vin"])).candidates)
        person = PersonQuery(query["name"], date_of_birth=query["date_of_birth"] or None)
        return list(engines.person.screen(person).candidates)
    except (InputRefused, ValueError) as error:  # the engine's refusal of what was typed
        raise InvalidInput(
            _("The sandbox cannot search this: check the values you typed."), code="sandbox_query_refused"
        ) from error


def check(actor: Actor, run_id: int, kind: str, data: dict[str, Any]) -> list[Found]:
    """A check of the synthetic world by the real engine; the act and its candidates are logged."""
    get_run(actor, run_id)
    if kind not in KINDS:
        raise NotFound(_("No such kind of check."), code="sandbox_kind_unknown")
    query = _query(kind, data)
    candidates = _screen(kind, query)
    found = [Found(r, c) for c in candidates if (r := world().record(kind, c.record_id)) is not None]
    _append(
        actor, run_id, {"act": "check", "kind": kind, "query": query, "found": [f.record.id for f in found]}
    )
    return found


def _record(kind: str, record_id: int) -> SandboxRecord:
    record = world().record(kind, record_id)
    if record is None:
        raise NotFound(_("No such record in the sandbox."), code="sandbox_record_unknown")
    return record


def open_record(actor: Actor, run_id: int, kind: str, record_id: int) -> SandboxRecord:
    """Open a hit: the record's facts and the action its owner asks for."""
    get_run(actor, run_id)
    record = _record(kind, record_id)
    _append(actor, run_id, {"act": "open", "kind": kind, "id": record_id})
    return record


def report(
    actor: Actor, run_id: int, kind: str, record_id: int, action: str, remarks: str = ""
) -> SandboxRun:
    """Report the hit to the owner with the action taken."""
    get_run(actor, run_id)
    record = _record(kind, record_id)
    if action not in allowed_actions(record.kind):
        raise InvalidInput(
            _("Choose one of the actions offered."), code="sandbox_action_invalid", field="action"
        )
    remarks = _text({"remarks": remarks}, "remarks")
    return _append(
        actor, run_id, {"act": "report", "kind": kind, "id": record_id, "action": action, "remarks": remarks}
    )


def request_notice(actor: Actor, run_id: int, data: dict[str, Any]) -> SandboxRun:
    """A red notice request as the trainee filled it; the checker weighs it, blanks included."""
    get_run(actor, run_id)
    fields: dict[str, Any] = {name: _text(data, name) for name in NOTICE_FIELDS}
    for name in ("date_of_birth", "warrant_date"):
        if fields[name]:
            try:
                day = date.fromisoformat(fields[name])
            except ValueError:
                raise InvalidInput(
                    _("Enter a date as YYYY-MM-DD."), code="sandbox_date_invalid", field=name
                ) from None
            if day > timezone.localdate():
                raise InvalidInput(_("This date is in the future."), code="sandbox_date_future", field=name)
    penalty = fields["max_penalty_years"]
    if penalty and not (penalty.isdigit() and int(penalty) <= 99):
        raise InvalidInput(
            _("Give the maximum penalty in whole years."),
            code="sandbox_penalty_invalid",
            field="max_penalty_years",
        )
    fields["assurance"] = bool(data.get("assurance"))
    return _append(actor, run_id, {"act": "notice", "fields": fields})


def send_message(actor: Actor, run_id: int, data: dict[str, Any]) -> SandboxRun:
    """A message to a training bureau about a hit; the checker weighs addressee and reference."""
    get_run(actor, run_id)
    to = str(data.get("to") or "")
    if to not in owners():
        raise InvalidInput(
            _("Choose one of the training bureaus."), code="sandbox_addressee_invalid", field="to"
        )
    body = str(data.get("body") or "").strip()
    if len(body) > MAX_BODY:
        raise InvalidInput(_("This value is too long."), code="sandbox_value_too_long", field="body")
    fields = {"to": to, "reference": _text(data, "reference"), "body": body}
    return _append(actor, run_id, {"act": "message", "fields": fields})


def finish(actor: Actor, run_id: int) -> SandboxRun:
    """Grade the run: passed and the per-step feedback, once."""
    with transaction.atomic():
        run = runs(actor).select_for_update().filter(pk=run_id).first()
        if run is None:
            raise NotFound(_("No such sandbox run."), code="sandbox_run_unknown")
        if run.finished_at is None:
            run.passed, run.feedback = exercise(run.exercise).grade(run.log)
            run.finished_at = timezone.now()
            run.save(update_fields=["passed", "feedback", "finished_at"])
        return run
