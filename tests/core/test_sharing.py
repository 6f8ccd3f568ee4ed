"""The one check that a restriction and its listed countries fit, for records and notices alike."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from polnet.core.errors import Forbidden, InvalidInput
from polnet.core.policy import AccessFacts
from polnet.core.sharing import SharingIn, listed_after, listed_fits, require_within_reach
from polnet.notices.schemas import NoticeIn
from polnet.records.schemas import PersonIn
from tests.factories import Network


def _upper(codes: list[str]) -> list[str]:
    return sorted({c.upper() for c in codes})


def test_listed_countries_fit_the_restriction() -> None:
    assert listed_fits("all", []) == ""
    assert listed_fits("only_listed", ["FR"]) == ""
    assert listed_fits("all", ["FR"]) == "listed_countries_with_all"
    assert listed_fits("all_except", []) == "listed_countries_missing"


@pytest.mark.parametrize("shape", [SharingIn, NoticeIn, PersonIn])
def test_every_input_shape_checks_the_restriction_alike(shape: type[SharingIn]) -> None:
    base = {"kind": "red", "purpose": "investigation", "names": [{"family": "Petrenko"}]}
    with pytest.raises(ValidationError, match="listed_countries must be empty when restriction is 'all'"):
        shape.model_validate({**base, "restriction": "all", "listed_countries": ["FR"]})
    with pytest.raises(ValidationError, match="restriction 'only_listed' needs at least one listed country"):
        shape.model_validate({**base, "restriction": "only_listed"})
    fine = shape.model_validate({**base, "restriction": "only_listed", "listed_countries": ["FR"]})
    assert (fine.restriction, fine.listed_countries) == ("only_listed", ["FR"])


def test_a_new_object_lists_what_was_sent() -> None:
    assert listed_after("all", [], [], _upper) == []
    assert listed_after("only_listed", ["fr", "de", "fr"], [], _upper) == ["DE", "FR"]
    with pytest.raises(InvalidInput, match="needs at least one listed country") as raised:
        listed_after("only_listed", [], [], _upper)
    assert raised.value.field == "listed_countries"
    with pytest.raises(InvalidInput, match="must be empty when restriction is 'all'"):
        listed_after("all", ["FR"], [], _upper)


def test_a_change_keeps_or_replaces_the_listed_countries() -> None:
    # Nothing about sharing sent: the stored countries stay.
    assert listed_after("only_listed", None, None, _upper) is None
    # Only countries sent: they replace the stored ones, under the stored restriction.
    assert listed_after("only_listed", ["it"], None, _upper) == ["IT"]
    # A new restriction alone keeps the stored countries, or drops them for all members.
    assert listed_after("all_except", None, ["FR"], _upper) == ["FR"]
    assert listed_after("all", None, ["FR"], _upper) == []
    with pytest.raises(InvalidInput, match="restriction 'only_listed' needs at least one listed country"):
        listed_after("only_listed", None, [], _upper)


def test_the_refusal_has_a_stable_code_and_reads_in_the_readers_language() -> None:
    from django.utils import translation

    with pytest.raises(InvalidInput) as raised:
        listed_after("all", ["FR"], [], _upper)
    assert raised.value.code == "listed_countries_with_all"
    with translation.override("en"):
        english = str(raised.value.message)
    with translation.override("fr"):
        french = str(raised.value.message)
    assert english == "listed_countries must be empty when restriction is 'all'."
    assert french != english


def test_a_writer_may_not_leave_what_it_wrote_out_of_its_reach(net: Network) -> None:
    facts = AccessFacts("person", "FR", "all", frozenset(), False, "active")
    require_within_reach(net.actor("FR-officer"), facts)
    with pytest.raises(Forbidden, match="out of your own reach"):
        require_within_reach(net.actor("DE-officer"), facts)
