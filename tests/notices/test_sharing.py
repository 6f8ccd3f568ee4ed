"""A notice's restriction is checked by the same code as a record's, and changes alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from polnet.core.errors import InvalidInput
from polnet.notices import services
from polnet.records import services as records
from tests.factories import Network, make_record
from tests.notices.helpers import draft


def _listed(obj: Any) -> list[str]:
    return sorted(obj.listed_countries.values_list("code", flat=True))


@pytest.mark.django_db
def test_a_notice_and_a_record_change_their_listed_countries_alike(net: Network) -> None:
    officer = net.actor("FR-officer")
    notice = draft(net, restriction="only_listed", listed_countries=["de", "IT"])
    record = make_record(officer, "person", restriction="only_listed", listed=["DE", "IT"])
    assert _listed(notice) == _listed(record) == ["DE", "IT"]

    def change(data: dict[str, Any]) -> tuple[list[str], list[str]]:
        n = services.update_notice(officer, notice.pk, {**data, "version": notice.version})
        r = records.update_record(officer, "person", record.pk, {**data, "version": record.version})
        notice.version, record.version = n.version, r.version
        return _listed(n), _listed(r)

    assert change({"listed_countries": ["ES"]}) == (["ES"], ["ES"])
    assert change({"restriction": "all_except"}) == (["ES"], ["ES"])
    # Opening it to all members drops the listed countries.
    assert change({"restriction": "all"}) == ([], [])
    for update in (
        lambda d: services.update_notice(officer, notice.pk, {**d, "version": notice.version}),
        lambda d: records.update_record(officer, "person", record.pk, {**d, "version": record.version}),
    ):
        with pytest.raises(InvalidInput, match="needs at least one listed country") as raised:
            update({"restriction": "only_listed"})
        assert raised.value.field == "listed_countries"
        with pytest.raises(InvalidInput, match="must be empty when restriction is 'all'"):
            update({"listed_countries": ["DE"]})


@pytest.mark.django_db
def test_notices_and_records_refuse_alike_in_the_readers_language(net: Network) -> None:
    officer = net.actor("FR-officer")
    with pytest.raises(InvalidInput) as on_notice:
        draft(net, restriction="only_listed", listed_countries=[])
    with pytest.raises(InvalidInput) as on_record:
        make_record(officer, "person", restriction="only_listed", listed=[])
    assert on_notice.value.code == on_record.value.code == "listed_countries_missing"
    with translation.override("fr"):
        in_french = translation.gettext("restriction %(r)r needs at least one listed country.")
        said = (str(on_notice.value.message), str(on_record.value.message))
    assert said == (in_french % {"r": "only_listed"},) * 2
    assert in_french != "restriction %(r)r needs at least one listed country."
