"""Certification gates: who a requirement holds, what clears it, and every door refusing."""

from __future__ import annotations

import pytest

from polnet.core.actor import Gated, Role, TokenScope
from polnet.core.errors import Forbidden
from polnet.network.actors import actor_for
from polnet.network.services import create_user
from polnet.notices import services as notices
from polnet.records import services as records
from polnet.screening import services as screening
from tests.factories import PASSWORD, Network, make_record
from tests.notices.helpers import RED, content
from tests.training.factories_certs import certify, make_course, require

pytestmark = pytest.mark.django_db


def _held(net: Network, name: str, activity: Gated) -> bool:
    return any(h.activity == activity for h in net.actor(name).holds)


def test_bureau_requirement_holds_its_people_and_units_not_other_bureaus(net: Network) -> None:
    course = make_course(net.users["FR-admin"], bureau=net.bureaus["FR"])
    require(course, Gated.CONSULT, net.users["FR-admin"], net.bureaus["FR"])
    assert _held(net, "FR-officer", Gated.CONSULT)
    assert _held(net, "FR-unit-full", Gated.CONSULT)
    assert not _held(net, "DE-officer", Gated.CONSULT)
    assert not _held(net, "FR-officer", Gated.CREATE_RECORDS)
    hold = next(iter(net.actor("FR-officer").holds))
    assert (hold.course_id, hold.course_title) == (course.pk, course.title)


def test_network_requirement_holds_everyone_with_police_data_but_not_machines(net: Network) -> None:
    course = make_course(net.users["gs-reviewer"])
    require(course, Gated.CONSULT, net.users["gs-reviewer"])
    for name in ("FR-officer", "DE-unit-writer", "gs-analyst", "IT-admin"):
        assert _held(net, name, Gated.CONSULT), name
    machine = create_user(
        net.actor("FR-admin"),
        username="fr-machine",
        password=PASSWORD,
        role=Role.BUREAU_OFFICER,
        bureau=net.bureaus["FR"],
        is_machine=True,
    )
    assert not actor_for(machine, token_scopes=frozenset({TokenScope.RECORDS_READ})).holds


def test_valid_certificate_clears_but_expired_or_revoked_does_not(net: Network) -> None:
    course = make_course(net.users["gs-reviewer"])
    require(course, Gated.CREATE_RECORDS, net.users["gs-reviewer"])
    certify(net.users["FR-officer"], course, expired=True)
    certify(net.users["DE-officer"], course, revoked=True)
    certify(net.users["IT-officer"], course)
    assert _held(net, "FR-officer", Gated.CREATE_RECORDS)
    assert _held(net, "DE-officer", Gated.CREATE_RECORDS)
    assert not _held(net, "IT-officer", Gated.CREATE_RECORDS)


def test_certificate_of_a_translation_counts_for_the_original(net: Network) -> None:
    course = make_course(net.users["gs-reviewer"])
    french = make_course(net.users["gs-reviewer"], title="Données", translation_of=course, language="fr")
    require(course, Gated.CONSULT, net.users["gs-reviewer"])
    certify(net.users["FR-officer"], french)
    assert not _held(net, "FR-officer", Gated.CONSULT)


def _refused(exc: pytest.ExceptionInfo[Forbidden], title: str) -> None:
    assert exc.value.code == "certificate_required"
    assert title in str(exc.value.message)


def test_every_door_refuses_naming_the_course(net: Network) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "document")
    title = "Data protection for border officers"
    course = make_course(net.users["FR-admin"], title=title, bureau=net.bureaus["FR"])
    for activity in Gated:
        require(course, activity, net.users["FR-admin"], net.bureaus["FR"])
    held = net.actor("FR-officer")
    with pytest.raises(Forbidden) as exc:
        records.list_records(held, "document", purpose="investigation")
    _refused(exc, title)
    with pytest.raises(Forbidden) as exc:
        records.read_record(held, "document", rec.pk)
    _refused(exc, title)
    with pytest.raises(Forbidden) as exc:
        screening.screen_document(held, rec.number, None, purpose="investigation")
    _refused(exc, title)
    with pytest.raises(Forbidden) as exc:
        make_record(held, "document")
    _refused(exc, title)
    with pytest.raises(Forbidden) as exc:
        notices.create_notice(held, content(RED))
    _refused(exc, title)
    # Another bureau's officer is not held, and the certificate opens every door again.
    assert records.list_records(net.actor("DE-officer"), "document", purpose="investigation")[0] >= 0
    certify(net.users["FR-officer"], course)
    cleared = net.actor("FR-officer")
    assert records.read_record(cleared, "document", rec.pk).pk == rec.pk
    assert notices.create_notice(cleared, content(RED)).pk
