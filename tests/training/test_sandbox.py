"""The training sandbox: a synthetic world, the real engines, and exercises that check the acts."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from polnet.core.actions import HitAction
from polnet.core.actor import Actor, Role, TokenScope
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.identifiers.mrz import parse_mrz
from polnet.network.actors import actor_for
from polnet.network.models import Partner, User
from polnet.records import services as records
from polnet.training import policy
from polnet.training.sandbox import services, world
from polnet.training.sandbox.exercises import FUGITIVE_FILE
from polnet.training.sandbox.models import SandboxRun
from polnet.training.sandbox.words import step_view
from tests.factories import PASSWORD, Network, access, signed_in_client

pytestmark = pytest.mark.django_db


def _planted() -> world.Planted:
    return world.planted()


def _run(actor: Actor, code: str) -> SandboxRun:
    return services.start(actor, code)


def _notes(run: SandboxRun) -> dict[str, tuple[bool, str]]:
    return {s["step"]: (s["ok"], s["note"]) for s in run.feedback}


# --- the world ---------------------------------------------------------------------------------


def test_the_world_is_deterministic() -> None:
    """Built twice from the seed, the world has the same records; the MRZ's check digits hold."""
    first = world.world()
    world.world.cache_clear()
    second = world.world()
    assert first is not second
    assert first.records == second.records
    assert len(second.records) > 400
    assert first.planted == second.planted
    p = second.planted
    assert p is not None
    mrz = parse_mrz("\n".join(p.passport.mrz))  # raises on a wrong check digit
    assert mrz.document_number == p.passport.number
    owners = {r.owner for r in second.records.values()}
    assert len(owners) > 3  # several fictitious bureaus


def test_the_engines_behave_as_at_the_border() -> None:
    p = _planted()
    engines = world.world().engines
    from polnet.screening.engine.boundary import VehicleQuery
    from polnet.screening.engine.person.types import PersonQuery

    near = engines.vehicle.screen(VehicleQuery(vin=p.vin_read)).candidates
    assert [c.record_id for c in near] == [p.vehicle] and near[0].score < 1.0  # one confusion away
    named = {c.record_id for c in engines.person.screen(PersonQuery(p.traveller_name)).candidates}
    assert {p.wanted, *p.decoys} <= named  # the transliteration and the namesakes
    dated = engines.person.screen(PersonQuery(p.traveller_name, date_of_birth=p.traveller_birth))
    assert dated.candidates[0].record_id == p.wanted


def test_no_live_record_is_ever_visible_in_the_sandbox(net: Network) -> None:
    """Live records with the planted name and passport number exist; the sandbox answers only
    from its synthetic world, and a number found only in the live database gives nothing."""
    owner = net.actor("FR-officer")
    p = _planted()
    live_person = records.create_record(
        owner,
        "person",
        {
            "names": [{"given": "Dmitriy", "family": "Sokolov", "script": "Latn"}],
            "date_of_birth": p.traveller_birth,
            "sex": "M",
            "nationalities": ["RU"],
            **access(),
        },
    )
    doc = {"number": p.passport.number, "kind": "passport", "status": "stolen", "date_reported": "2026-01-05"}
    live_doc = records.create_record(owner, "document", {**doc, **access()})
    only_live = records.create_record(owner, "document", {**doc, "number": "ZZ9900771", **access()})
    run = _run(owner, "spelling")
    people = services.check(
        owner, run.pk, "person", {"name": "Dmitriy Sokolov", "date_of_birth": p.traveller_birth}
    )
    assert [f.record.id for f in people] == [p.wanted]
    assert all(f.record.ref.startswith("SBX-") for f in people)
    documents = services.check(owner, run.pk, "document", {"number": p.passport.number})
    assert [f.record.id for f in documents] == [p.passport_document]
    assert services.check(owner, run.pk, "document", {"number": "ZZ9900771"}) == []
    assert live_person.pk and live_doc.pk and only_live.pk  # they do exist, live


# --- the exercises -----------------------------------------------------------------------------


def _passport_acts(actor: Actor, run: SandboxRun, action: str) -> SandboxRun:
    p = _planted()
    number = parse_mrz("\n".join(p.passport.mrz)).document_number
    services.check(actor, run.pk, "document", {"number": number})
    document = services.open_record(actor, run.pk, "document", p.passport_document)
    assert document.holder == p.passport_holder
    services.open_record(actor, run.pk, "person", p.passport_holder)
    services.report(actor, run.pk, "person", p.passport_holder, action, "held at gate 4")
    return services.finish(actor, run.pk)


def test_passport_exercise_passes_with_the_right_acts(net: Network) -> None:
    actor = net.actor("FR-unit-full")
    run = _passport_acts(actor, _run(actor, "passport"), HitAction.ARREST)
    assert run.passed is True and run.finished_at is not None
    assert all(ok for ok, _ in _notes(run).values())
    assert [a["act"] for a in run.log] == ["check", "open", "open", "report"]


def test_passport_exercise_fails_with_the_wrong_action(net: Network) -> None:
    actor = net.actor("FR-unit-full")
    run = _passport_acts(actor, _run(actor, "passport"), HitAction.DISCREET_CHECK)
    assert run.passed is False
    assert _notes(run)["reported"] == (False, "action_wrong")
    with translation.override("fr"):
        note = step_view(next(s for s in run.feedback if s["step"] == "reported")).note
    assert "Contrôle discret" in note and "Arrestation" in note  # in the trainee's language


def test_passport_exercise_fails_when_only_the_document_is_reported(net: Network) -> None:
    actor = net.actor("FR-officer")
    p = _planted()
    run = _run(actor, "passport")
    services.check(actor, run.pk, "document", {"number": p.passport.number})
    services.open_record(actor, run.pk, "document", p.passport_document)
    services.report(actor, run.pk, "document", p.passport_document, HitAction.SEIZE)
    run = services.finish(actor, run.pk)
    assert run.passed is False
    notes = _notes(run)
    assert notes["holder_found"] == (False, "holder_not_opened")
    assert notes["reported"] == (False, "report_on_document")


def test_spelling_exercise_passes_with_the_right_candidate(net: Network) -> None:
    actor = net.actor("DE-officer")
    p = _planted()
    run = _run(actor, "spelling")
    found = services.check(actor, run.pk, "person", {"name": p.traveller_name})
    assert {p.wanted, *p.decoys} <= {f.record.id for f in found}
    services.open_record(actor, run.pk, "person", p.wanted)
    services.report(actor, run.pk, "person", p.wanted, HitAction.DISCREET_CHECK)
    run = services.finish(actor, run.pk)
    assert run.passed is True, run.feedback


def test_spelling_exercise_fails_when_a_decoy_is_reported(net: Network) -> None:
    actor = net.actor("DE-officer")
    p = _planted()
    run = _run(actor, "spelling")
    services.check(actor, run.pk, "person", {"name": p.traveller_name})
    services.report(actor, run.pk, "person", p.decoys[0], HitAction.LOCATE)
    run = services.finish(actor, run.pk)
    assert run.passed is False
    decoy = next(s for s in run.feedback if s["step"] == "candidate")
    assert decoy["note"] == "decoy_reported"
    assert decoy["params"] == {
        "ref": f"SBX-P-{p.decoys[0]:04d}",
        "born": "1979-11-02",
        "traveller": "1981-03-14",
    }
    with translation.override("es"):
        assert "1979-11-02" in step_view(decoy).note and "fecha de nacimiento" in step_view(decoy).note


def test_vehicle_exercise_passes_with_seize_and_fails_with_another_action(net: Network) -> None:
    actor = net.actor("IT-unit-full")
    p = _planted()
    for action, passed in ((HitAction.SEIZE, True), (HitAction.LOCATE, False)):
        run = _run(actor, "vehicle")
        found = services.check(actor, run.pk, "vehicle", {"vin": p.vin_read})
        assert [f.record.id for f in found] == [p.vehicle]
        services.open_record(actor, run.pk, "vehicle", p.vehicle)
        services.report(actor, run.pk, "vehicle", p.vehicle, action)
        run = services.finish(actor, run.pk)
        assert run.passed is passed
        assert _notes(run)["vehicle_checked"] == (True, "vin_as_read")
        assert _notes(run)["reported"][0] is passed


def _notice(**changes: Any) -> dict[str, Any]:
    return {**FUGITIVE_FILE, "assurance": "1", **changes}


def test_notice_exercise_passes_with_every_criterion(net: Network) -> None:
    actor = net.actor("ES-officer")
    run = _run(actor, "notice")
    services.request_notice(actor, run.pk, _notice(family_name="FERRER IBANEZ"))  # case and accents aside
    run = services.finish(actor, run.pk)
    assert run.passed is True, run.feedback


@pytest.mark.parametrize(
    ("changes", "criterion", "note"),
    [
        ({"warrant_reference": ""}, "warrant", "fields_missing"),
        ({"warrant_date": "2024-01-01"}, "warrant", "warrant_differs"),
        ({"assurance": ""}, "assurance", "assurance_missing"),
        ({"max_penalty_years": "1"}, "offence", "penalty_too_low"),
        ({"law": ""}, "offence", "fields_missing"),
        ({"date_of_birth": ""}, "identity", "fields_missing"),
        ({"family_name": "Ferrer"}, "identity", "identity_differs"),
    ],
)
def test_notice_exercise_names_the_missing_criterion(
    net: Network, changes: dict[str, Any], criterion: str, note: str
) -> None:
    actor = net.actor("ES-officer")
    run = _run(actor, "notice")
    services.request_notice(actor, run.pk, _notice(**changes))
    run = services.finish(actor, run.pk)
    assert run.passed is False
    notes = _notes(run)
    assert notes[criterion] == (False, note)
    assert [c for c, (ok, _) in notes.items() if not ok] == [criterion]  # only that one


def test_notice_feedback_names_the_missing_field_in_the_trainees_language(net: Network) -> None:
    actor = net.actor("ES-officer")
    run = _run(actor, "notice")
    services.request_notice(actor, run.pk, _notice(warrant_reference=""))
    run = services.finish(actor, run.pk)
    warrant = next(s for s in run.feedback if s["step"] == "warrant")
    assert warrant["params"] == {"fields": ["warrant_reference"]}
    with translation.override("en"):
        assert step_view(warrant).note == "Missing: Arrest warrant reference."
    with translation.override("fr"):
        assert "mandat d'arrêt" in step_view(warrant).note


def test_bad_input_is_refused_without_a_write(net: Network) -> None:
    actor = net.actor("ES-officer")
    run = _run(actor, "notice")
    with pytest.raises(InvalidInput) as refused:
        services.request_notice(actor, run.pk, _notice(warrant_date="12/10/2025"))
    assert refused.value.code == "sandbox_date_invalid" and refused.value.field == "warrant_date"
    with pytest.raises(InvalidInput):
        services.request_notice(actor, run.pk, _notice(max_penalty_years="five"))
    with pytest.raises(InvalidInput) as empty:
        services.check(actor, run.pk, "document", {"number": "  "})
    assert empty.value.code == "sandbox_number_missing"
    with pytest.raises(InvalidInput) as wrong:
        services.report(actor, run.pk, "vehicle", _planted().vehicle, HitAction.ARREST)
    assert wrong.value.code == "sandbox_action_invalid"
    with pytest.raises(NotFound):
        services.open_record(actor, run.pk, "vehicle", 999_999)
    run.refresh_from_db()
    assert run.log == []


def test_a_finished_run_takes_no_more_acts(net: Network) -> None:
    actor = net.actor("ES-officer")
    run = services.finish(actor, _run(actor, "vehicle").pk)
    assert run.passed is False
    with pytest.raises(Conflict):
        services.check(actor, run.pk, "vehicle", {"vin": _planted().vin_read})
    restarted = services.start(actor, "vehicle")
    assert restarted.pk != run.pk and restarted.log == []


# --- whose run ---------------------------------------------------------------------------------


def test_a_user_cannot_read_or_act_in_another_users_run(net: Network) -> None:
    mine, other = net.actor("FR-officer"), net.actor("DE-officer")
    run = _run(mine, "vehicle")
    p = _planted()
    for act in (
        lambda: services.get_run(other, run.pk),
        lambda: services.check(other, run.pk, "vehicle", {"vin": p.vin_read}),
        lambda: services.open_record(other, run.pk, "vehicle", p.vehicle),
        lambda: services.report(other, run.pk, "vehicle", p.vehicle, HitAction.SEIZE),
        lambda: services.request_notice(other, run.pk, _notice()),
        lambda: services.finish(other, run.pk),
    ):
        with pytest.raises(NotFound):
            act()
    run.refresh_from_db()
    assert run.log == [] and run.finished_at is None
    client = signed_in_client(net.users["DE-officer"])
    assert client.get(f"/training/sandbox/run/{run.pk}/").status_code == 404
    assert client.post(f"/training/sandbox/run/{run.pk}/finish/").status_code == 404


def test_who_practises(net: Network) -> None:
    officer = net.actor("FR-officer")
    assert policy.practises_in_sandbox(officer)
    machine = dataclasses.replace(officer, token_scopes=frozenset({TokenScope.TRAINING}))
    assert not policy.practises_in_sandbox(machine)
    with pytest.raises(Forbidden):
        services.start(machine, "vehicle")
    assert not policy.practises_in_sandbox(net.actor("gs-sysadmin"))


# --- the pages ---------------------------------------------------------------------------------


def _partner_client() -> tuple[Client, User]:
    academy = Partner.objects.create(name="Police academy", kind="police_academy")
    user = User.objects.create_user("academy-member", password=PASSWORD, role=Role.PARTNER, partner=academy)
    assert policy.practises_in_sandbox(actor_for(user, origin="test"))
    return signed_in_client(user), user


@pytest.mark.parametrize("language", ["ar", "en", "fr", "es"])
def test_a_partner_works_an_exercise_through_the_pages(language: str) -> None:
    from polnet.network.services import sync_countries

    sync_countries()
    client, user = _partner_client()
    client.cookies["django_language"] = language
    home = client.get("/training/sandbox/", HTTP_ACCEPT_LANGUAGE=language)
    assert home.status_code == 200
    banner = {
        "ar": "بيانات اصطناعية",
        "en": "synthetic data",
        "fr": "données synthétiques",
        "es": "datos sintéticos",
    }
    assert banner[language] in home.content.decode()
    started = client.post("/training/sandbox/vehicle/start/")
    assert started.status_code == 302
    run = SandboxRun.objects.get(user=user)
    base = f"/training/sandbox/run/{run.pk}/"
    page = client.get(base)
    assert _planted().vin_read in page.content.decode()
    result = client.post(base + "check/vehicle/", {"vin": _planted().vin_read})
    assert result.status_code == 200 and "SBX-V-" in result.content.decode()
    assert client.post(base + "check/vehicle/", {"vin": ""}).status_code == 422
    hit = client.post(base + f"open/vehicle/{_planted().vehicle}/")
    assert hit.status_code == 200
    assert client.post(base + f"report/vehicle/{_planted().vehicle}/", {"action": "seize"}).status_code == 302
    assert client.post(base + "finish/").status_code == 302
    shown = client.get(base + "result/")
    assert shown.status_code == 200
    run.refresh_from_db()
    assert run.passed is True
    assert [a["act"] for a in run.log] == ["check", "open", "report"]  # the refused check left nothing


def _message_run(actor: Actor, **fields: str) -> SandboxRun:
    p = _planted()
    card = world.world().record("document", p.stolen_card)
    assert card is not None
    run = _run(actor, "message")
    services.check(actor, run.pk, "document", {"number": p.stolen_card_number})
    services.open_record(actor, run.pk, "document", card.id)
    message = {
        "to": card.owner,
        "reference": card.ref,
        "body": "Card seized at gate 12, holder interviewed.",
        **fields,
    }
    services.send_message(actor, run.pk, message)
    return services.finish(actor, run.pk)


def test_message_exercise_passes_when_the_owner_is_told_with_the_reference(net: Network) -> None:
    run = _message_run(net.actor("FR-unit-full"))
    assert run.passed is True, run.feedback


def test_message_exercise_fails_with_the_wrong_addressee_or_reference(net: Network) -> None:
    actor = net.actor("FR-unit-full")
    owner = world.world().record("document", _planted().stolen_card)
    assert owner is not None and owner.owner == "NG"
    wrong_bureau = _message_run(actor, to="FR")
    assert wrong_bureau.passed is False
    assert _notes(wrong_bureau)["addressee"] == (False, "addressee_wrong")
    no_reference = _message_run(actor, reference="the stolen card")
    assert _notes(no_reference)["reference"] == (False, "reference_wrong")
    assert _notes(no_reference)["addressee"] == (True, "addressee_right")
    with translation.override("ar"):
        note = step_view(next(s for s in no_reference.feedback if s["step"] == "reference")).note
    assert owner.ref in note and "المرجع" in note
    run = _run(actor, "message")
    with pytest.raises(InvalidInput) as refused:
        services.send_message(actor, run.pk, {"to": "XX", "reference": owner.ref, "body": "x"})
    assert refused.value.code == "sandbox_addressee_invalid"
