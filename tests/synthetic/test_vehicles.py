from __future__ import annotations

import re
from collections import Counter

from polnet.identifiers.vin import has_check_digit, validate_vin, vin_check_digit
from polnet.synthetic import generate
from polnet.synthetic.vehicles import MAKERS

from .conftest import Sample

_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"


def test_vins_are_valid(sample: Sample) -> None:
    makers = {m.wmi: m for m in MAKERS}
    north_american = 0
    for v in sample.vehicles:
        assert re.fullmatch(r"[0-9A-HJ-NPR-Z]{17}", v.vin), v.vin
        info = validate_vin(v.vin)  # raises on a wrong North American check digit
        if has_check_digit(v.vin):
            north_american += 1
            assert v.vin[8] == vin_check_digit(v.vin) == info.expected_check_digit
        maker = makers[v.vin[:3]]
        assert v.make == maker.make and v.model in maker.models
        assert v.vin[9] == _YEAR_CODES[(v.year - 1980) % 30]
        assert v.vin[12:].isdigit()  # serial part of high-volume makers
    assert north_american > len(sample.vehicles) / 5


def test_vins_and_plates_unique(sample: Sample) -> None:
    assert len({v.vin for v in sample.vehicles}) == len(sample.vehicles)
    assert len({(v.plate_country, v.plate) for v in sample.vehicles}) == len(sample.vehicles)


def test_plate_formats() -> None:
    net = generate(persons=0, documents=0, vehicles=3000, firearms=0, artworks=0, countries=14, seed=4)
    by_country: dict[str, list[str]] = {}
    for v in net.vehicles():
        by_country.setdefault(v.plate_country, []).append(v.plate)
        assert 1995 <= v.year <= 2024 and v.colour
    assert all(re.fullmatch(r"[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}", p) for p in by_country["FR"])
    assert all(re.fullmatch(r"[A-Z]{2}\d{2} [A-Z]{3}", p) for p in by_country["GB"])
    assert all(re.fullmatch(r"[BDFHKLMNRSW]-[A-Z]{2} \d{4}", p) for p in by_country["DE"])
    marks = Counter(p[0] for p in by_country["CN"])
    assert len(marks) > 3 and all("\u4e00" <= m <= "\u9fff" for m in marks)
