from __future__ import annotations

from pathlib import Path

import pytest

from polnet.screening.engine.vehicles import VehicleCheckResult, VehicleIndex, VehicleRow

VIN = "1M8GDM9AXKP042788"
ROWS = [
    VehicleRow(1, VIN, "AB-123-CD", "FR", "Mercury", "Grand Marquis"),
    VehicleRow(2, "WVWZZZ1JZXW000001", "B MW 1234", "DEU", "Volkswagen", "Golf"),
    VehicleRow(3, None, "AB123CD", "BE", "Renault", "Clio"),  # same plate, other country
    VehicleRow(4, "JHMCM56557C404453", None, None, "Honda", None),
    VehicleRow(5, None, "XY999", None, None, None),  # plate without a country
]


@pytest.fixture
def index() -> VehicleIndex:
    return VehicleIndex.build(ROWS)


def ids(result: VehicleCheckResult) -> list[int]:
    return [m.record_id for m in result.matches]


def test_vin_exact(index: VehicleIndex) -> None:
    r = index.check(vin="1m8-gdm9ax kp042788")
    assert ids(r) == [1] and r.vin == VIN
    m = r.matches[0]
    assert (m.exact, m.matched_on, m.make, m.model) == (True, ("vin",), "Mercury", "Grand Marquis")
    assert (m.plate, m.plate_country) == ("AB123CD", "FRA")
    assert m.reason == f"exact: VIN {VIN}"


def test_vin_one_ocr_confusion_is_near(index: VehicleIndex) -> None:
    r = index.check(vin="1MBGDM9AXKP042788")  # B read for 8
    assert ids(r) == [1] and not r.matches[0].exact
    assert "'B' at position 3 read for '8'" in r.matches[0].reason
    assert ids(index.check(vin="1MBGDM9AXKP04278B")) == []  # two confusions
    assert ids(index.check(vin="1MBGDM9AXKPO42788")) == [1]  # one, plus O (never in VINs)


def test_letters_never_in_vins_are_read_as_digits_for_free(index: VehicleIndex) -> None:
    # O for 0 twice, I for 1: would be three confusions, but I/O/Q cannot be in a VIN
    r = index.check(vin="WVWZZZIJZXWOOOOO1")
    assert ids(r) == [2]
    m = r.matches[0]
    assert not m.exact and "not used in VINs" in m.reason
    # ... and on top of that one real confusion is still allowed, not two
    assert ids(index.check(vin="WVWZZZIJ2XWOOOOO1")) == [2]
    assert ids(index.check(vin="WVW2ZZIJ2XWOOOOO1")) == []
    assert ids(index.check(vin="JHMCM56557C4Q4453")) == [4]  # Q for 0


def test_vin_unrelated(index: VehicleIndex) -> None:
    assert ids(index.check(vin="1M8GDM9AXKP042789")) == []


def test_plate_with_country(index: VehicleIndex) -> None:
    r = index.check(plate="ab 123 cd", plate_country="FRA")
    assert ids(r) == [1] and r.matches[0].matched_on == ("plate",)
    assert r.matches[0].reason == "exact: plate AB123CD (FRA)"
    assert ids(index.check(plate="AB123CD", plate_country="be")) == [3]
    assert ids(index.check(plate="AB123CD")) == [1, 3]
    assert ids(index.check(plate="AB123CD", plate_country="NLD")) == []
    assert ids(index.check(plate="BMW1234", plate_country="D")) == [2]


def test_plate_near_and_unknown_country(index: VehicleIndex) -> None:
    r = index.check(plate="A8123CD", plate_country="FRA")
    assert ids(r) == [1] and not r.matches[0].exact
    r = index.check(plate="XY999", plate_country="ITA")
    assert ids(r) == [5] and "no plate country" in r.matches[0].reason
    assert ids(index.check(plate="XY998", plate_country="ITA")) == []


def test_vin_and_plate_merge_into_one_match(index: VehicleIndex) -> None:
    r = index.check(vin=VIN, plate="AB123CD")
    assert ids(r) == [1, 3]
    both = r.matches[0]
    assert both.matched_on == ("vin", "plate") and both.exact
    assert "VIN" in both.reason and "plate" in both.reason
    assert r.matches[1].matched_on == ("plate",)


def test_allowed_filters(index: VehicleIndex) -> None:
    r = index.check(vin=VIN, plate="AB123CD", allowed=lambda rid: rid != 1)
    assert ids(r) == [3]
    many = index.check_many([(VIN, None, None), (None, "XY999", None)], allowed=lambda rid: rid == 5)
    assert [ids(x) for x in many] == [[], [5]]


def test_query_needs_an_identifier(index: VehicleIndex) -> None:
    with pytest.raises(ValueError):
        index.check()
    with pytest.raises(ValueError):
        index.check(vin=" - ")
    with pytest.raises(ValueError):
        VehicleIndex().add(VehicleRow(9, None, None))


def test_add_update_remove_save_load(index: VehicleIndex, tmp_path: Path) -> None:
    index.add(VehicleRow(6, "2HGFG12878H500001", "ZZ111", "NL"))
    assert ids(index.check(vin="2HGFG12878H500001")) == [6] and len(index) == 6
    index.update(VehicleRow(6, "2HGFG12878H500001", "ZZ222", "NL", "Honda"))
    assert ids(index.check(plate="ZZ111")) == [] and ids(index.check(plate="ZZ222")) == [6]
    assert index.remove(1) and ids(index.check(vin=VIN)) == [] and len(index) == 5
    path = tmp_path / "vehicles.idx"
    index.save(path)
    loaded = VehicleIndex.load(path)
    queries = [(VIN, None, None), (None, "AB123CD", None), ("2HGFG12878H500001", "ZZ222", "NLD")]
    assert loaded.check_many(queries) == index.check_many(queries)
    assert len(loaded) == 5 and 6 in loaded and 1 not in loaded
