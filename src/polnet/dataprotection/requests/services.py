"""Every act on an individual's request: register, find, consult the owners, record their
answers, escalate silence, decide, carry out corrections and deletions, answer by letter.

Each act takes an actor, asks `requests/policy.py`, and writes the audit log with the
purpose "data_protection_request:<reference>", so the whole case can be read back from it.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from polnet.core import audit
from polnet.core.actor import Actor, Role, system_actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.dataprotection.requests import finder, policy
from polnet.dataprotection.requests.models import (
    Answer,
    Consultation,
    DataRequest,
    Finding,
    IdentityDocument,
    LetterLanguage,
    Outcome,
    RequestKind,
    RequestState,
    Verdict,
)
from polnet.network.models import Bureau, Country
from polnet.notifications.services import SECRETARIAT, Recipient, notify
from polnet.records import services as records
from polnet.records.kinds import normalise_number
from polnet.records.schemas import PersonPatch, parse_partial_date
from polnet.screening.querylog import writer as query_log

DEADLINE_DAYS = 122  # four months, as the CCF's rules give
CONSULTATION_DAYS = 30
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS = 5
_DOCUMENT_TYPES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
# What an owner's answer lets the control body decide on its item.
ALLOWED: dict[str, frozenset[str]] = {
    Answer.DISCLOSE: frozenset({Verdict.DISCLOSE, Verdict.WITHHOLD}),
    Answer.CORRECT: frozenset({Verdict.CORRECT, Verdict.WITHHOLD}),
    Answer.DELETE: frozenset({Verdict.DELETE, Verdict.WITHHOLD}),
    Answer.REFUSE: frozenset({Verdict.WITHHOLD}),
    "": frozenset({Verdict.WITHHOLD}),  # no answer by the deadline: nothing is disclosed
}
CORRECTABLE = frozenset({"names", "date_of_birth"})


def deadline_days() -> int:
    return int(getattr(settings, "POLNET_REQUEST_DEADLINE_DAYS", DEADLINE_DAYS))


def consultation_days() -> int:
    return int(getattr(settings, "POLNET_CONSULTATION_DAYS", CONSULTATION_DAYS))


def purpose(req: DataRequest) -> str:
    return f"data_protection_request:{req.reference}"


def _log(actor: Actor, action: str, req: DataRequest, **detail: Any) -> None:
    audit.log(actor, action, "data_request", req.pk, purpose=purpose(req), detail=detail)


# ---- reading ----------------------------------------------------------------------------------


def visible_requests(actor: Actor) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(policy.requests_q(actor))


def open_request(actor: Actor, pk: int) -> DataRequest:
    """The case, if the actor may open it (else 404: no one learns a request exists)."""
    req = visible_requests(actor).filter(pk=pk).first()
    if req is None:
        raise NotFound(_("No such request."), code="data_request_not_found")
    _log(actor, audit.Action.READ, req)
    return req


def case_findings(actor: Actor, req: DataRequest) -> QuerySet[Finding]:
    """The items of an opened case that the actor may see."""
    return req.findings.filter(policy.findings_q(actor))


def case_consultations(actor: Actor, req: DataRequest) -> QuerySet[Consultation]:
    if not policy.sees_consultations(actor):
        return req.consultations.none()
    return req.consultations.all()


def _for_decision(actor: Actor, pk: int) -> DataRequest:
    if not policy.may_decide(actor):
        raise Forbidden(_("Only the control body handles requests."), code="data_request_control_body_only")
    req = DataRequest.objects.select_for_update().filter(pk=pk).first()
    if req is None:
        raise NotFound(_("No such request."), code="data_request_not_found")
    return req


def my_consultations(actor: Actor) -> QuerySet[Consultation]:
    return Consultation.objects.filter(policy.consultations_q(actor)).select_related("request")


def open_consultation(actor: Actor, pk: int) -> tuple[Consultation, list[Finding]]:
    """The consultation and the findings the owner holds; nothing else of the case."""
    c = my_consultations(actor).filter(pk=pk).first()
    if c is None:
        raise NotFound(_("No such consultation."), code="consultation_not_found")
    _log(actor, audit.Action.READ, c.request, consultation=c.pk)
    return c, list(c.request.findings.filter(owner_country_id=c.owner_country_id))


def document_file(actor: Actor, pk: int, document_id: int) -> tuple[IdentityDocument, bytes]:
    req = open_request(actor, pk)
    doc = req.documents.filter(pk=document_id).first()
    if doc is None:
        raise NotFound(_("No such document."), code="identity_document_not_found")
    with doc.file.open("rb") as f:
        data = f.read()
    _log(actor, audit.Action.EXPORT, req, document=doc.pk)
    return doc, data


# ---- registering ------------------------------------------------------------------------------


def _choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(_("Choose one of the listed values."), code="data_request_choice", field=field)
    return value


def _dob(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        parse_partial_date(value)
    except Exception:  # pydantic's own error type: its message is not the reader's language
        raise InvalidInput(
            _("Write the date of birth as YYYY, YYYY-MM or YYYY-MM-DD."),
            code="data_request_date_of_birth",
            field="date_of_birth",
        ) from None
    return value


def _document_type(data: bytes) -> tuple[str, str]:
    for magic, content_type, ext in _DOCUMENT_TYPES:
        if data.startswith(magic):
            return content_type, ext
    raise InvalidInput(
        _("An identity document must be a PDF, JPEG or PNG file."),
        code="identity_document_type",
        field="documents",
    )


def _check_documents(files: list[bytes]) -> list[tuple[bytes, str, str]]:
    if len(files) > MAX_DOCUMENTS:
        raise InvalidInput(
            _("At most five documents."), code="identity_documents_too_many", field="documents"
        )
    out = []
    for data in files:
        if not data:
            raise InvalidInput(_("The file is empty."), code="identity_document_empty", field="documents")
        if len(data) > MAX_DOCUMENT_BYTES:
            raise InvalidInput(
                _("A document may be at most 5 MB."), code="identity_document_too_large", field="documents"
            )
        out.append((data, *_document_type(data)))
    return out


@transaction.atomic
def register(
    actor: Actor,
    *,
    kind: str,
    names: list[str],
    language: str,
    received_on: date,
    date_of_birth: str = "",
    nationality: str = "",
    document_type: str = "",
    document_number: str = "",
    details: str = "",
    documents: list[bytes] | None = None,
    today: date | None = None,
) -> DataRequest:
    """A request received by the control body, or by the actor's bureau (it goes to the control body)."""
    if not policy.may_register(actor):
        raise Forbidden(
            _("Only a data-protection officer registers requests."), code="data_request_register_forbidden"
        )
    today = today or timezone.localdate()
    clean = [n.strip() for n in names if n and n.strip()]
    if not clean:
        raise InvalidInput(_("Give at least one name."), code="data_request_name_required", field="names")
    if any(len(n) > 200 for n in clean) or len(clean) > 10:
        raise InvalidInput(
            _("At most ten names of 200 characters."), code="data_request_names_long", field="names"
        )
    if received_on > today:
        raise InvalidInput(
            _("The date received cannot be in the future."),
            code="data_request_received_future",
            field="received_on",
        )
    country = None
    if nationality:
        country = Country.objects.filter(code=nationality.upper()).first()
        if country is None:
            raise InvalidInput(_("This is not a known country."), code="country_unknown", field="nationality")
    checked = _check_documents(documents or [])
    req = DataRequest.objects.create(
        reference=f"pending-{uuid.uuid4().hex[:12]}",  # replaced by the numbered one below
        kind=_choice(kind, RequestKind, "kind"),
        names=clean,
        date_of_birth=_dob(date_of_birth),
        nationality=country,
        language=_choice(language, LetterLanguage, "language"),
        document_type=document_type.strip()[:32],
        document_number=normalise_number(document_number)[:32] if document_number else "",
        details=details.strip()[:5000],
        received_by_country_id=actor.country,
        registered_by_id=actor.user_id,  # type: ignore[misc]  # officers are users
        received_on=received_on,
        deadline=received_on + timedelta(days=deadline_days()),
    )
    req.reference = f"DPR-{received_on.year}-{req.pk:05d}"
    req.save(update_fields=["reference"])
    for data, content_type, ext in checked:
        digest = hashlib.sha256(data).hexdigest()
        doc = IdentityDocument(request=req, content_type=content_type, size=len(data), sha256=digest)
        doc.file.save(f"{digest[:16]}.{ext}", ContentFile(data), save=True)
    _log(actor, audit.Action.CREATE, req, kind=req.kind, documents=len(checked))
    if actor.country is not None:
        notify(
            [SECRETARIAT],
            "data_request_received",
            "data_request",
            req.pk,
            params={"reference": req.reference},
        )
    return req


# ---- finding ----------------------------------------------------------------------------------


def find(actor: Actor, pk: int, *, now: datetime | None = None) -> list[Finding]:
    """Search every database for the requester, as a system search stated for this request.

    The query log is written first, in a transaction of its own (it is never rolled back);
    the findings then replace any earlier ones, under the request's lock."""
    if not policy.may_decide(actor):
        raise Forbidden(_("Only the control body handles requests."), code="data_request_control_body_only")
    req = DataRequest.objects.filter(pk=pk).first()
    if req is None:
        raise NotFound(_("No such request."), code="data_request_not_found")
    now = now or timezone.now()
    found = finder.find(req.names, req.date_of_birth, req.nationality_id, req.document_number)
    query = {"names": req.names, "date_of_birth": req.date_of_birth, "document_number": req.document_number}
    query_log.add(actor, "person", query, {"findings": len(found)}, at=now, purpose=purpose(req))
    with transaction.atomic():
        req = _for_decision(actor, pk)
        if req.state not in (RequestState.REGISTERED, RequestState.FOUND):
            raise Conflict(
                _("The owners have been consulted: the findings stay as they were."),
                code="data_request_found_already",
            )
        req.findings.all().delete()
        rows = Finding.objects.bulk_create(
            Finding(
                request=req,
                item_kind=f.item_kind,
                item_id=f.item_id,
                owner_country_id=f.owner_country,
                score=f.score,
                why=f.why,
                summary=f.summary[:300],
            )
            for f in found
        )
        req.state, req.searched_at = RequestState.FOUND, now
        req.save(update_fields=["state", "searched_at"])
        _log(actor, audit.Action.SEARCH, req, findings=len(rows))
    return rows


# ---- consulting the owners -----------------------------------------------------------------------


def _bureau_of(country: str) -> Recipient | None:
    bureau = Bureau.objects.filter(country_id=country).values_list("pk", flat=True).first()
    return Recipient(bureau_id=bureau) if bureau else None


@transaction.atomic
def consult(actor: Actor, pk: int, *, now: datetime | None = None) -> list[Consultation]:
    """Ask each owner bureau of the findings about its items, with a deadline."""
    req = _for_decision(actor, pk)
    if req.state != RequestState.FOUND:
        raise Conflict(
            _("Search for the requester's data first; owners are consulted once."),
            code="data_request_not_found_yet",
        )
    now = now or timezone.now()
    owners = sorted(set(req.findings.exclude(owner_country=None).values_list("owner_country_id", flat=True)))
    deadline = now.date() + timedelta(days=consultation_days())
    made = [
        Consultation.objects.create(request=req, owner_country_id=c, asked_at=now, deadline=deadline)
        for c in owners
    ]
    for c in made:
        recipient = _bureau_of(c.owner_country_id)
        if recipient:
            notify(
                [recipient], "consultation_asked", "consultation", c.pk, params={"reference": req.reference}
            )
    req.state = RequestState.CONSULTING
    req.save(update_fields=["state"])
    _log(actor, "consult", req, owners=owners, deadline=deadline.isoformat())
    return made


@transaction.atomic
def answer_consultation(
    actor: Actor, pk: int, *, answer: str, reasons: str, now: datetime | None = None
) -> Consultation:
    """The owner bureau's answer about its items, with its reasons."""
    c = Consultation.objects.select_for_update().filter(policy.consultations_q(actor), pk=pk).first()
    if c is None:
        raise NotFound(_("No such consultation."), code="consultation_not_found")
    if c.answer:
        raise Conflict(_("This consultation has been answered."), code="consultation_answered")
    if c.request.state != RequestState.CONSULTING:
        raise Conflict(_("The request has been decided."), code="consultation_closed")
    answer = _choice(answer, Answer, "answer")
    reasons = (reasons or "").strip()
    if answer != Answer.DISCLOSE and not reasons:
        raise InvalidInput(
            _("Give the reasons for this answer."), code="consultation_reasons_required", field="reasons"
        )
    c.answer, c.reasons = answer, reasons[:5000]
    c.answered_by_id, c.answered_at = actor.user_id, now or timezone.now()
    c.save(update_fields=["answer", "reasons", "answered_by", "answered_at"])
    _log(actor, "answer", c.request, consultation=c.pk, owner=c.owner_country_id, answer=answer)
    notify(
        [SECRETARIAT],
        "consultation_answered",
        "data_request",
        c.request_id,
        params={"reference": c.request.reference, "country": c.owner_country_id},
    )
    return c


def escalate_overdue(*, now: datetime | None = None) -> int:
    """Consultations unanswered past their deadline are flagged to the control body, once each."""
    now = now or timezone.now()
    actor = system_actor("job")
    count = 0
    overdue = Consultation.objects.filter(
        answer="", escalated_at=None, deadline__lt=now.date(), request__state=RequestState.CONSULTING
    )
    for pk in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            c = Consultation.objects.select_for_update().select_related("request").get(pk=pk)
            if c.answer or c.escalated_at:
                continue
            c.escalated_at = now
            c.save(update_fields=["escalated_at"])
            _log(actor, "escalate", c.request, consultation=c.pk, owner=c.owner_country_id)
            notify(
                [SECRETARIAT],
                "consultation_overdue",
                "data_request",
                c.request_id,
                urgent=True,
                params={"reference": c.request.reference, "country": c.owner_country_id},
            )
            count += 1
    return count


# ---- deciding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemVerdict:
    verdict: str
    reasons: str = ""
    correction: dict[str, Any] | None = None


def _correction(finding: Finding, correction: dict[str, Any] | None) -> dict[str, Any]:
    field = f"verdicts.{finding.pk}.correction"
    if finding.item_kind != "person":
        raise InvalidInput(
            _("Only a person record can be corrected here."), code="correction_unsupported", field=field
        )
    if not isinstance(correction, dict) or not correction or not set(correction) <= CORRECTABLE:
        raise InvalidInput(
            _("A correction sets the names or the date of birth."), code="correction_fields", field=field
        )
    try:  # checked as the records API checks a change of the same fields
        checked = PersonPatch.model_validate({**correction, "version": 1})
    except ValidationError:
        raise InvalidInput(
            _("The correction is not a valid name list or date of birth."),
            code="correction_invalid",
            field=field,
        ) from None
    return checked.model_dump(exclude_unset=True, exclude={"version"})


def _check_verdict(finding: Finding, item: ItemVerdict, answers: dict[str, str]) -> None:
    field = f"verdicts.{finding.pk}"
    _choice(item.verdict, Verdict, field)
    answer = answers.get(finding.owner_country_id or "", "") if finding.owner_country_id else Answer.DISCLOSE
    if item.verdict not in ALLOWED[answer]:
        raise InvalidInput(
            _("The owner's answer does not allow this decision."), code="verdict_not_allowed", field=field
        )
    if item.verdict == Verdict.DELETE and finding.item_kind not in ("person", "document"):
        raise InvalidInput(
            _("Only a person or document record can be deleted here."),
            code="deletion_unsupported",
            field=field,
        )
    if item.verdict in (Verdict.WITHHOLD, Verdict.DELETE, Verdict.CORRECT) and not item.reasons.strip():
        raise InvalidInput(
            _("Give the reasons for this decision."), code="verdict_reasons_required", field=field
        )


def _owner_actor(c: Consultation, decider: Actor) -> Actor:
    """The owner bureau acting on its own answer: the officer who gave it, for the bureau."""
    bureau = Bureau.objects.get(country_id=c.owner_country_id)
    user = c.answered_by
    assert user is not None
    return Actor(
        user_id=user.pk,
        username=user.username,
        role=Role.BUREAU_ADMIN,
        country=c.owner_country_id,
        bureau_id=bureau.pk,
        origin=decider.origin,
        request_id=decider.request_id,
    )


def _carry_out(req: DataRequest, finding: Finding, owner: Actor, decider: Actor, now: datetime) -> None:
    kind = finding.item_kind
    if finding.verdict == Verdict.CORRECT:
        rec = records.get_record(owner, kind, finding.item_id)
        records.update_record(owner, kind, finding.item_id, {**finding.correction, "version": rec.version})
    elif finding.verdict == Verdict.DELETE:
        records.delete_record(owner, kind, finding.item_id)
    else:
        return
    finding.carried_out_at = now
    finding.save(update_fields=["carried_out_at"])
    _log(decider, str(finding.verdict), req, item_kind=kind, item_id=finding.item_id, owner=owner.country)


def _outcome(findings: list[Finding]) -> str:
    verdicts = {f.verdict for f in findings}
    if not findings:
        return Outcome.NOTHING_FOUND
    for verdict, outcome in (
        (Verdict.DELETE, Outcome.DELETED),
        (Verdict.CORRECT, Outcome.CORRECTED),
        (Verdict.DISCLOSE, Outcome.DISCLOSED),
    ):
        if verdict in verdicts:
            return outcome
    return Outcome.WITHHELD


@transaction.atomic
def decide(
    actor: Actor, pk: int, verdicts: dict[int, ItemVerdict], *, reasons: str = "", now: datetime | None = None
) -> DataRequest:
    """The control body's decision on every item; corrections and deletions are carried out
    at once by the records services, as the owner bureau (all or nothing)."""
    req = _for_decision(actor, pk)
    now = now or timezone.now()
    nothing = req.state == RequestState.FOUND and not req.findings.exists()
    if req.state != RequestState.CONSULTING and not nothing:
        raise Conflict(_("The request is not waiting for a decision."), code="data_request_not_consulting")
    consultations = {c.owner_country_id: c for c in req.consultations.select_related("answered_by")}
    waiting = [c for c in consultations.values() if not c.answer and c.escalated_at is None]
    if waiting:
        raise Conflict(
            _("Some owners have not answered and their deadline has not passed."), code="consultations_open"
        )
    answers = {k: c.answer for k, c in consultations.items()}
    findings = list(req.findings.all())
    if set(verdicts) != {f.pk for f in findings}:
        raise InvalidInput(
            _("Decide on every item found, and only on those."), code="verdicts_incomplete", field="verdicts"
        )
    for f in findings:
        item = verdicts[f.pk]
        _check_verdict(f, item, answers)
        f.verdict, f.verdict_reasons = item.verdict, item.reasons.strip()[:5000]
        f.correction = _correction(f, item.correction) if item.verdict == Verdict.CORRECT else {}
        f.save(update_fields=["verdict", "verdict_reasons", "correction"])
    # Deletions last: a correction may touch a record whose document a deletion detaches.
    for f in sorted(findings, key=lambda f: f.verdict == Verdict.DELETE):
        if f.verdict in (Verdict.CORRECT, Verdict.DELETE):
            _carry_out(req, f, _owner_actor(consultations[f.owner_country_id or ""], actor), actor, now)
    req.state, req.decided_at = RequestState.DECIDED, now
    req.outcome, req.decision_reasons = _outcome(findings), reasons.strip()[:5000]
    req.save(update_fields=["state", "decided_at", "outcome", "decision_reasons"])
    _log(actor, "decide", req, outcome=req.outcome, verdicts={str(f.pk): f.verdict for f in findings})
    return req


# ---- answering --------------------------------------------------------------------------------


def letter(actor: Actor, pk: int, *, today: date | None = None) -> tuple[DataRequest, bytes]:
    """The answer letter in the requester's language: what may be disclosed, nothing withheld."""
    from polnet.dataprotection.requests.letter import render

    req = open_request(actor, pk)
    if not policy.may_decide(actor):
        raise Forbidden(_("Only the control body handles requests."), code="data_request_control_body_only")
    if req.state not in (RequestState.DECIDED, RequestState.ANSWERED):
        raise Conflict(_("Decide on the request before answering it."), code="data_request_not_decided")
    data = render(req, list(req.findings.all()), today=req.answered_on or today or timezone.localdate())
    _log(actor, audit.Action.EXPORT, req, letter=req.language)
    return req, data


@transaction.atomic
def mark_answered(actor: Actor, pk: int, *, today: date | None = None) -> DataRequest:
    """The letter went out: the case is answered (on time or not, as the statistics count)."""
    req = _for_decision(actor, pk)
    if req.state != RequestState.DECIDED:
        raise Conflict(_("Decide on the request before answering it."), code="data_request_not_decided")
    req.state, req.answered_on = RequestState.ANSWERED, today or timezone.localdate()
    req.save(update_fields=["state", "answered_on"])
    _log(actor, "answered", req, on_time=req.answered_on <= req.deadline)
    return req


# ---- statistics ---------------------------------------------------------------------------------


def statistics(actor: Actor, *, today: date | None = None) -> dict[str, Any]:
    """Requests received, answered, answered on time, overdue, and outcomes, as the actor may count."""
    today = today or timezone.localdate()
    rows = visible_requests(actor)
    answered = rows.filter(state=RequestState.ANSWERED)
    outcomes = {o.value: 0 for o in Outcome}
    for value in rows.exclude(outcome="").values_list("outcome", flat=True):
        outcomes[value] += 1
    kinds = {k.value: rows.filter(kind=k.value).count() for k in RequestKind}
    return {
        "received": rows.count(),
        "answered": answered.count(),
        "answered_on_time": answered.filter(answered_on__lte=F("deadline")).count(),
        "open": rows.exclude(state=RequestState.ANSWERED).count(),
        "overdue": rows.exclude(state=RequestState.ANSWERED).filter(deadline__lt=today).count(),
        "by_kind": kinds,
        "outcomes": outcomes,
    }


def overdue_q(today: date) -> Q:
    return Q(deadline__lt=today) & ~Q(state=RequestState.ANSWERED)
