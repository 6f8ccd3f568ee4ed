"""The action to take on a hit: which actions fit which subject, the defaults, the checks."""

from __future__ import annotations

import pytest
from django.utils import translation

from polnet.core.actions import (
    ACTIONS_BY_SUBJECT,
    HitAction,
    action_public,
    allowed_actions,
    check_action,
    default_action,
)
from polnet.core.errors import InvalidInput

OBJECTS = ("document", "vehicle", "firearm", "artwork")


def test_persons_and_notice_subjects_take_person_actions_objects_take_object_actions() -> None:
    for subject in ("person", "notice"):
        assert set(allowed_actions(subject)) == set(HitAction.values) - {HitAction.SEIZE}
    for subject in OBJECTS:
        assert set(allowed_actions(subject)) == {HitAction.SEIZE, HitAction.LOCATE, HitAction.SPECIFIC_CHECK}
    assert allowed_actions("planet") == ()


@pytest.mark.parametrize(
    ("subject", "action"),
    [("person", "seize"), ("notice", "seize"), ("vehicle", "arrest"), ("document", "protect")],
)
def test_an_action_that_does_not_fit_the_subject_is_refused_on_its_field(subject: str, action: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_action(subject, action, "W-1")
    assert (refused.value.code, refused.value.field) == ("hit_action_not_for_subject", "hit_action")


def test_an_unknown_action_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_action("person", "shoot")
    assert refused.value.code == "hit_action_unknown"


def test_an_arrest_needs_its_warrant_reference() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_action("person", "arrest", "   ")
    assert refused.value.code == "hit_action_warrant_required"
    assert refused.value.field == "hit_action_reference"
    with translation.override("fr"):
        assert str(refused.value.message) != "An arrest needs the reference of its warrant."
    chosen = check_action("person", "arrest", " AW-1 (Lyon) ", " note ")
    assert (chosen.action, chosen.reference, chosen.note) == ("arrest", "AW-1 (Lyon)", "note")


def test_texts_too_long_are_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_action("person", "locate", "", "x" * 501)
    assert (refused.value.code, refused.value.field) == ("hit_action_note_too_long", "hit_action_note")
    with pytest.raises(InvalidInput) as refused:
        check_action("person", "arrest", "x" * 201)
    assert refused.value.code == "hit_action_reference_too_long"


def test_defaults_by_kind_purpose_and_notice_kind() -> None:
    assert default_action("notice", notice_kind="red") == "arrest"
    assert default_action("notice", notice_kind="yellow") == "protect"
    assert default_action("notice", notice_kind="blue") == "locate"
    assert default_action("notice", notice_kind="un") == "refuse_entry"
    assert default_action("person", purpose="investigation") == "discreet_check"
    assert default_action("person", purpose="border_management") == "refuse_entry"
    assert default_action("person", purpose="locate_wanted") == "locate"
    for kind in OBJECTS:
        assert default_action(kind) == "seize"
    # Every default fits its subject, and no record's default is an arrest (it needs a warrant).
    for subject in ACTIONS_BY_SUBJECT:
        assert default_action(subject) in allowed_actions(subject)
    for purpose in ("locate_wanted", "identification", "alert", "security_check"):
        assert default_action("person", purpose=purpose) != "arrest"


def test_the_public_action_is_worded_in_the_readers_language_and_hides_the_warrant() -> None:
    with translation.override("fr"):
        shown = action_public("arrest", note="armed", reference="AW-1")
    assert shown is not None
    assert shown["code"] == "arrest" and shown["urgent"] is True and shown["note"] == "armed"
    assert shown["label"] != "Arrest (or provisional arrest)" and shown["guidance"]
    assert "reference" not in shown
    full = action_public("arrest", note="armed", reference="AW-1", disclosed=True)
    assert full is not None and full["reference"] == "AW-1"
    located = action_public("locate")
    assert located is not None and located["urgent"] is False
    assert action_public("") is None
