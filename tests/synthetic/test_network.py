from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from faker.providers.address import Provider as AddressProvider

from polnet.synthetic import COUNTRIES, KINDS, generate, member_countries

_DIGEST_SCRIPT = """
import hashlib
from polnet.synthetic import generate
net = generate(persons=400, documents=800, vehicles=300, firearms=200, artworks=100,
               countries=40, seed=5)
h = hashlib.sha256()
for kind, chunk in net.all_chunks(size=97):
    for row in chunk:
        h.update(repr(row).encode())
print(h.hexdigest())
"""


def _digest(net_args: dict[str, int]) -> str:
    net = generate(**net_args)
    h = hashlib.sha256()
    for _, chunk in net.all_chunks(size=97):
        for row in chunk:
            h.update(repr(row).encode())
    return h.hexdigest()


ARGS = dict(persons=400, documents=800, vehicles=300, firearms=200, artworks=100, countries=40, seed=5)


def test_same_arguments_give_the_same_bytes() -> None:
    assert _digest(ARGS) == _digest(ARGS)


def test_output_does_not_depend_on_hash_randomisation() -> None:
    # Iterating a set of strings would make the output change between runs.
    src = str(Path(__file__).resolve().parents[2] / "src")
    digests = set()
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": src}
        out = subprocess.run(
            [sys.executable, "-c", _DIGEST_SCRIPT], env=env, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout.strip())
    assert digests == {_digest(ARGS)}


def test_another_seed_gives_other_rows() -> None:
    assert _digest(ARGS) != _digest({**ARGS, "seed": 6})


def test_kinds_do_not_depend_on_other_counts() -> None:
    a = generate(persons=50, documents=10, vehicles=5, firearms=0, artworks=0, countries=10, seed=3)
    b = generate(persons=50, documents=99, vehicles=0, firearms=7, artworks=3, countries=10, seed=3)
    assert list(a.persons()) == list(b.persons())
    assert list(a.documents()) == list(b.documents())[:10]


def test_counts_chunks_and_progress() -> None:
    counts = dict(persons=123, documents=450, vehicles=77, firearms=31, artworks=9)
    net = generate(**counts, countries=12, seed=1)
    calls: list[tuple[str, int, int]] = []
    seen = dict.fromkeys(KINDS, 0)
    for kind, chunk in net.all_chunks(size=50, on_progress=lambda *a: calls.append(a)):
        assert 1 <= len(chunk) <= 50
        seen[kind] += len(chunk)
    assert seen == counts
    for kind, total in counts.items():
        mine = [(done, tot) for k, done, tot in calls if k == kind]
        assert mine[0] == (0, total) and mine[-1] == (total, total)
        assert [d for d, _ in mine] == sorted(d for d, _ in mine)
        assert len(mine) == 1 + -(-total // 50)


def test_empty_network() -> None:
    net = generate(persons=0, documents=5, vehicles=0, firearms=0, artworks=0, countries=3, seed=1)
    assert list(net.persons()) == []
    assert all(d.holder is None for d in net.documents())


def test_rows_come_from_member_countries() -> None:
    small = generate(
        persons=300, documents=300, vehicles=300, firearms=300, artworks=300, countries=7, seed=2
    )
    members = set(small.countries)
    assert small.countries == member_countries(7)
    for kind in KINDS:
        assert {row.owner_country for row in small.rows(kind)} <= members


def test_country_list() -> None:
    iso = set(AddressProvider.alpha_2_country_codes)
    codes = [c.code for c in COUNTRIES]
    assert len(codes) >= 60 and len(set(codes)) == len(codes)
    assert set(codes) <= iso
    assert {c.continent for c in COUNTRIES} == {"AF", "AS", "EU", "NA", "OC", "SA"}
    # The first few already span the continents.
    assert len({c.continent for c in COUNTRIES[:9]}) == 6
    assert len(member_countries(len(COUNTRIES))) == len(COUNTRIES)
    with pytest.raises(ValueError):
        member_countries(len(COUNTRIES) + 1)
    with pytest.raises(ValueError):
        member_countries(0)
