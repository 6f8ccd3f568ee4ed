from __future__ import annotations

import datetime
from collections import Counter

import pytest

from polnet.synthetic import generate
from polnet.synthetic.countries import COUNTRY_CODES, SCHENGEN, country
from polnet.synthetic.documents import KINDS, number_format
from polnet.synthetic.numbering import NumberFormat, Sequencer, UniqueNumbers

from .conftest import Sample


def test_numbers_unique_per_issuing_country() -> None:
    # Few countries, many documents: formats get crowded.
    net = generate(persons=100, documents=120_000, vehicles=0, firearms=0, artworks=0, countries=4, seed=9)
    keys = [(d.issuing_country, d.number) for d in net.documents()]
    assert len(keys) == 120_000
    assert len(set(keys)) == len(keys)


def test_document_fields(sample: Sample) -> None:
    kinds = Counter(d.kind for d in sample.documents)
    assert set(kinds) == set(KINDS)
    for d in sample.documents:
        assert d.issuing_country == d.owner_country
        assert (d.kind == "blank_booklet") == (d.status == "stolen_blank")
        assert d.status in ("stolen", "lost", "revoked", "invalid", "stolen_blank")
        if d.kind == "blank_booklet":
            assert d.holder is None
        elif d.holder is not None:
            assert 0 <= d.holder < len(sample.persons)
        assert datetime.date(2015, 1, 1) <= d.date_reported <= datetime.date(2024, 12, 31)
        assert number_format(d.issuing_country, d.kind).matches(d.number), d
    assert sum(d.holder is None for d in sample.documents) < len(sample.documents) / 4


def test_number_formats_look_real() -> None:
    assert number_format("DE", "passport").matches("C01X00T47")
    assert number_format("FR", "passport").matches("12AB34567")
    assert number_format("CN", "passport").matches("E12345678")
    visa = number_format("FR", "visa")
    assert visa.prefix == "FRA" and len(visa.positions) == 12
    assert "FR" in SCHENGEN and country("FR").alpha3 == "FRA"
    # Passports mix letters and digits in most countries.
    mixed = 0
    for code in COUNTRY_CODES:
        positions = number_format(code, "passport").positions
        mixed += any(p.isalpha() for p in positions) and any(p.isdigit() for p in positions)
    assert mixed > len(COUNTRY_CODES) * 0.8


def test_sequencer_is_a_permutation() -> None:
    fmt = NumberFormat("A9")
    seq = Sequencer(fmt, "k")
    values = [seq.next() for _ in range(fmt.size)]
    assert len(set(values)) == 260 and all(fmt.matches(v) for v in values)
    assert values[:5] != sorted(values[:5])  # not simply counting
    with pytest.raises(OverflowError):
        seq.next()


def test_overlapping_formats_stay_unique() -> None:
    numbers = UniqueNumbers("k")
    a, b = NumberFormat("X9"), NumberFormat("9X")  # both accept e.g. "12"
    assert a.overlaps(b) and not a.overlaps(NumberFormat("A"))
    issued = [numbers.next("FR", a) for _ in range(200)] + [numbers.next("FR", b) for _ in range(200)]
    issued += [numbers.next("FR", a) for _ in range(100)]
    assert len(set(issued)) == len(issued)
