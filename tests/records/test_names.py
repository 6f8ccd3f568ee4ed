"""Name forms of person records and notices are written, shown and searched by the same code."""

from __future__ import annotations

from typing import Any

import pytest

from polnet.notices.models import Notice, NoticeName
from polnet.notices.schemas import NoticeOut
from polnet.records.kinds import person_out
from polnet.records.models import Person, PersonName
from polnet.records.names import name_q, names_out, names_q, ranked, replace_names
from polnet.records.schemas import NameOut, PersonOut
from tests.factories import Network, make_record
from tests.notices.helpers import draft

NAMES: list[dict[str, Any]] = [
    {"given": " Виктор ", "family": "Петренко", "script": "Cyrl", "language": "uk", "is_alias": False},
    {"full": "The Jeweller", "script": "Latn", "is_alias": True},
    {"given": "Viktor", "family": "Petrenko ", "script": "Latn"},
]


def _subjects(net: Network) -> tuple[Person, Notice]:
    person = make_record(net.actor("FR-officer"), "person")
    notice = draft(net)
    for subject in (person, notice):
        replace_names(subject, NAMES)
    return person, notice


@pytest.mark.django_db
def test_both_subjects_store_the_same_name_forms(net: Network) -> None:
    person, notice = _subjects(net)
    stored = [names_out(s.names.all()) for s in (person, notice)]
    assert stored[0] == stored[1]
    assert [n["given"] for n in stored[0]] == ["Виктор", "", "Viktor"]  # trimmed, in the order sent
    assert stored[0][2]["family"] == "Petrenko"
    assert [n.position for n in PersonName.objects.filter(person=person)] == [0, 1, 2]
    assert [n.position for n in NoticeName.objects.filter(notice=notice)] == [0, 1, 2]
    # Replacing drops the forms there were.
    replace_names(notice, NAMES[:1])
    assert NoticeName.objects.filter(notice=notice).count() == 1


@pytest.mark.django_db
def test_the_serialised_names_are_the_api_shape(net: Network) -> None:
    person, notice = _subjects(net)
    for name in names_out(person.names.all()):
        assert set(name) == set(NameOut.model_fields)
        NameOut.model_validate(name)
    assert PersonOut.model_fields["names"].annotation == NoticeOut.model_fields["names"].annotation
    assert person_out(person)["names"] == names_out(notice.names.all())


@pytest.mark.django_db
def test_the_same_name_search_finds_both_subjects(net: Network) -> None:
    person, notice = _subjects(net)
    for model, subject in ((Person, person), (Notice, notice)):
        found = set(model.objects.filter(names_q("viktor PETRENKO")).values_list("pk", flat=True))
        assert found == {subject.pk}
        assert not model.objects.filter(names_q("Viktor Ivanov")).exists()
        assert model.objects.filter(name_q("jewel", parts=("full",))).exists()
        assert not model.objects.filter(name_q("jewel", parts=("given", "family"))).exists()


@pytest.mark.django_db
def test_own_latin_names_come_first(net: Network) -> None:
    _, notice = _subjects(net)
    assert [n.display for n in ranked(notice.names.all())] == [
        "Viktor Petrenko",
        "Виктор Петренко",
        "The Jeweller",
    ]
