"""A request end to end: found across bureaus, owners consulted, answered or escalated on a
controlled clock, decided, corrected and deleted through the records services, answered by letter."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from pypdf import PdfReader

from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.dataprotection.requests import services
from polnet.dataprotection.requests.models import Consultation, RequestState
from polnet.dataprotection.requests.services import ItemVerdict
from polnet.notifications.models import Notification
from polnet.records.models import Person, PersonName, TravelDocument
from polnet.screening.models import QueryLog
from tests.dataprotection.requests_helpers import NOW, plant, register
from tests.factories import Network

pytestmark = pytest.mark.django_db(transaction=False)


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _found(net: Network, req_pk: int) -> dict[tuple[str, int], tuple[str | None, float, str]]:
    rows = services.find(net.actor("gs-dpo"), req_pk, now=NOW)
    return {(f.item_kind, f.item_id): (f.owner_country_id, f.score, f.why) for f in rows}


def test_finds_the_person_across_bureaus_scripts_and_links(net: Network) -> None:
    trail = plant(net)
    req = register(net)
    assert req.deadline == req.received_on + timedelta(days=122)
    found = _found(net, req.pk)
    assert found[("person", trail.person)][0] == "DE"
    assert found[("person", trail.person)][1] >= 0.6
    assert found[("document", trail.document)][0] == "DE"
    assert found[("document", trail.document)][1] == 1.0  # the requester's own passport number
    assert found[("hit", trail.hit)][0] == "IT"  # the check that hit was Italy's
    assert found[("contribution", trail.contribution)][0] == "FR"
    assert ("person", trail.other) not in found
    log = QueryLog.objects.get(purpose=f"data_protection_request:{req.reference}")
    assert log.result == {"findings": len(found)}
    assert AuditEntry.objects.filter(action="search", purpose=services.purpose(req)).count() == 1


def test_a_request_end_to_end_with_correction_and_letter(
    net: Network, django_capture_on_commit_callbacks: Any
) -> None:
    trail = plant(net)
    req = register(net)
    _found(net, req.pk)
    with django_capture_on_commit_callbacks(execute=True):
        consultations = {
            c.owner_country_id: c for c in services.consult(net.actor("gs-dpo"), req.pk, now=NOW)
        }
    assert sorted(consultations) == ["DE", "FR", "IT"]
    assert consultations["DE"].deadline == NOW.date() + timedelta(days=30)
    asked = Notification.objects.filter(kind="consultation_asked")
    assert {n.recipient_bureau_id for n in asked} == {net.bureaus[c].pk for c in ("DE", "FR", "IT")}

    de = services.answer_consultation(
        net.actor("DE-dpo"),
        consultations["DE"].pk,
        answer="correct",
        reasons="The date of birth is wrong.",
        now=NOW + timedelta(days=3),
    )
    services.answer_consultation(
        net.actor("IT-admin"),
        consultations["IT"].pk,
        answer="disclose",
        reasons="",
        now=NOW + timedelta(days=4),
    )
    with pytest.raises(Conflict) as waiting:
        services.decide(net.actor("gs-dpo"), req.pk, {}, now=NOW + timedelta(days=5))
    assert waiting.value.code == "consultations_open"

    # France never answers: the day after its deadline the control body hears, once.
    assert services.escalate_overdue(now=NOW + timedelta(days=30)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_overdue(now=NOW + timedelta(days=31)) == 1
    assert services.escalate_overdue(now=NOW + timedelta(days=32)) == 0
    assert Consultation.objects.get(pk=consultations["FR"].pk).escalated_at == NOW + timedelta(days=31)
    assert Notification.objects.filter(kind="consultation_overdue", urgent=True).count() == 1

    findings = {(f.item_kind, f.item_id): f.pk for f in req.findings.all()}
    verdicts = {pk: ItemVerdict("withhold", "Not the requester's.") for pk in findings.values()}
    verdicts[findings[("person", trail.person)]] = ItemVerdict(
        "correct", "The owner corrected it.", {"date_of_birth": "1974-09-12"}
    )
    verdicts[findings[("hit", trail.hit)]] = ItemVerdict("disclose")
    # France's silence allows nothing but withholding its contribution.
    bad = dict(verdicts)
    bad[findings[("contribution", trail.contribution)]] = ItemVerdict("disclose")
    with pytest.raises(InvalidInput) as refused:
        services.decide(net.actor("gs-dpo"), req.pk, bad, now=NOW + timedelta(days=33))
    assert refused.value.code == "verdict_not_allowed"
    wrong = dict(verdicts)
    wrong[findings[("person", trail.person)]] = ItemVerdict("correct", "x", {"names": "Ivan"})
    with pytest.raises(InvalidInput) as refused:
        services.decide(net.actor("gs-dpo"), req.pk, wrong, now=NOW + timedelta(days=33))
    assert refused.value.code == "correction_invalid"
    assert Person.objects.get(pk=trail.person).dob_month == 8  # nothing written

    decided = services.decide(
        net.actor("gs-dpo"), req.pk, verdicts, reasons="Per the owners.", now=NOW + timedelta(days=33)
    )
    assert decided.state == RequestState.DECIDED and decided.outcome == "corrected"
    person = Person.objects.get(pk=trail.person)
    assert (person.dob_year, person.dob_month, person.dob_day) == (1974, 9, 12)
    assert person.version == 2
    update = AuditEntry.objects.filter(
        action="update", object_type="person", object_id=str(trail.person)
    ).last()
    assert update is not None and update.affiliation == "bureau:DE" and update.user_id == de.answered_by_id
    assert AuditEntry.objects.filter(action="correct", purpose=services.purpose(req)).exists()

    _req_after, pdf = services.letter(net.actor("gs-dpo"), req.pk, today=(NOW + timedelta(days=34)).date())
    text = _text(pdf)
    assert req.reference in text and "Answer to your request" in text
    assert "Data concerning you that may be disclosed" in text and "Hit" in text
    assert "Data corrected at your request" in text
    assert "P1234567" not in text  # the withheld document is not mentioned
    services.mark_answered(net.actor("gs-dpo"), req.pk, today=(NOW + timedelta(days=34)).date())
    stats = services.statistics(net.actor("gs-dpo"), today=(NOW + timedelta(days=34)).date())
    assert stats["received"] == 1 and stats["answered"] == 1 and stats["answered_on_time"] == 1
    assert stats["outcomes"]["corrected"] == 1 and stats["by_kind"]["access"] == 1


def test_deletion_goes_through_the_records_service_and_leaves_the_index(net: Network) -> None:
    trail = plant(net)
    req = register(net, kind="deletion", language="fr", document_number="")
    _found(net, req.pk)
    consultations = {c.owner_country_id: c for c in services.consult(net.actor("gs-dpo"), req.pk, now=NOW)}
    services.answer_consultation(
        net.actor("DE-dpo"), consultations["DE"].pk, answer="delete", reasons="No longer needed.", now=NOW
    )
    services.answer_consultation(
        net.actor("IT-dpo"),
        consultations["IT"].pk,
        answer="refuse",
        reasons="An investigation is open.",
        now=NOW,
    )
    services.answer_consultation(
        net.actor("FR-dpo"), consultations["FR"].pk, answer="disclose", reasons="", now=NOW
    )
    findings = {(f.item_kind, f.item_id): f.pk for f in req.findings.all()}
    verdicts = {pk: ItemVerdict("withhold", "As the owner answered.") for pk in findings.values()}
    verdicts[findings[("person", trail.person)]] = ItemVerdict("delete", "Deleted at the request.")
    verdicts[findings[("contribution", trail.contribution)]] = ItemVerdict("disclose")
    services.decide(net.actor("gs-dpo"), req.pk, verdicts, now=NOW + timedelta(days=1))
    assert not Person.objects.filter(pk=trail.person).exists()
    assert not PersonName.objects.filter(person_id=trail.person).exists()
    assert TravelDocument.objects.get(pk=trail.document).holder_id is None
    deleted = AuditEntry.objects.get(action="delete", object_type="person", object_id=str(trail.person))
    assert deleted.affiliation == "bureau:DE"
    # The index follows: a new search no longer finds the person.
    again = register(net, document_number="")
    assert ("person", trail.person) not in _found(net, again.pk)

    _req, pdf = services.letter(net.actor("gs-dpo"), req.pk, today=NOW.date())
    text = _text(pdf)
    assert "Réponse à votre demande" in text and "Données supprimées à votre demande" in text
    assert req.reference in text
    stats = services.statistics(net.actor("gs-dpo"), today=NOW.date())
    assert stats["outcomes"]["deleted"] == 1 and stats["answered"] == 0


def test_arabic_letter_renders(net: Network) -> None:
    req = register(net, language="ar", names=["Nobody Known"], date_of_birth="", document_number="")
    assert services.find(net.actor("gs-dpo"), req.pk, now=NOW) == []
    decided = services.decide(net.actor("gs-dpo"), req.pk, {}, now=NOW)
    assert decided.outcome == "nothing_found"
    _req, pdf = services.letter(net.actor("gs-dpo"), req.pk, today=NOW.date())
    assert pdf.startswith(b"%PDF") and req.reference in _text(pdf)


def test_who_sees_a_case_and_a_consultation(net: Network) -> None:
    trail = plant(net)
    req = register(net)  # received by France
    assert services.open_request(net.actor("FR-dpo"), req.pk).pk == req.pk
    assert services.open_request(net.actor("gs-dpo"), req.pk).pk == req.pk
    for name in ("DE-dpo", "FR-officer", "FR-admin", "gs-reviewer", "gs-sysadmin", "FR-unit-full"):
        with pytest.raises(NotFound):
            services.open_request(net.actor(name), req.pk)
    with pytest.raises(Forbidden):
        services.find(net.actor("FR-dpo"), req.pk, now=NOW)
    _found(net, req.pk)
    consultations = {c.owner_country_id: c for c in services.consult(net.actor("gs-dpo"), req.pk, now=NOW)}
    # The receiving bureau follows its case but sees only its own bureau's items, and not
    # which other bureaus were asked.
    fr = net.actor("FR-dpo")
    assert [(f.item_kind, f.item_id) for f in services.case_findings(fr, req)] == [
        ("contribution", trail.contribution)
    ]
    assert not services.case_consultations(fr, req).exists()
    assert services.case_findings(net.actor("gs-dpo"), req).count() == req.findings.count()
    de, items = services.open_consultation(net.actor("DE-dpo"), consultations["DE"].pk)
    assert {(f.item_kind, f.item_id) for f in items} == {
        ("person", trail.person),
        ("document", trail.document),
    }
    assert list(services.my_consultations(net.actor("DE-dpo"))) == [de]
    for name in ("IT-dpo", "DE-officer", "gs-dpo", "DE-unit-full"):
        with pytest.raises(NotFound):
            services.open_consultation(net.actor(name), consultations["DE"].pk)
        with pytest.raises(NotFound):
            services.answer_consultation(
                net.actor(name), consultations["DE"].pk, answer="disclose", reasons=""
            )
    services.answer_consultation(net.actor("DE-admin"), consultations["DE"].pk, answer="disclose", reasons="")
    with pytest.raises(Conflict):
        services.answer_consultation(
            net.actor("DE-dpo"), consultations["DE"].pk, answer="refuse", reasons="x"
        )


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"names": ["  "]}, "data_request_name_required"),
        ({"date_of_birth": "1974-13"}, "data_request_date_of_birth"),
        ({"kind": "erase"}, "data_request_choice"),
        ({"language": "de"}, "data_request_choice"),
        ({"documents": [b"hello"]}, "identity_document_type"),
        ({"documents": [b"%PDF" + b"0" * (5 * 1024 * 1024)]}, "identity_document_too_large"),
        ({"nationality": "XX"}, "country_unknown"),
        ({"received_on": NOW.date() + timedelta(days=1)}, "data_request_received_future"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    net: Network, over: dict[str, object], code: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        register(net, **over)
    assert refused.value.code == code
    assert not services.visible_requests(net.actor("gs-dpo")).exists()


def test_only_officers_register(net: Network) -> None:
    for name in ("FR-officer", "FR-admin", "gs-reviewer"):
        with pytest.raises(Forbidden):
            register(net, by=name)
