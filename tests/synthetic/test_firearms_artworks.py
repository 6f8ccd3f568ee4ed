from __future__ import annotations

from collections import Counter

from polnet.synthetic.artworks import CATEGORIES
from polnet.synthetic.firearms import MODELS

from .conftest import Sample


def test_firearms(sample: Sample) -> None:
    models = {(m.make, m.model): m for m in MODELS}
    kinds = Counter(f.kind for f in sample.firearms)
    assert set(kinds) == {"pistol", "revolver", "rifle", "shotgun", "submachine_gun", "machine_gun", "other"}
    assert kinds["pistol"] > kinds["machine_gun"]
    for f in sample.firearms:
        m = models[(f.make, f.model)]
        assert (f.calibre, f.kind) == (m.calibre, m.kind)
        assert f.status in ("lost", "stolen", "trafficked", "smuggled")
        assert f.serial and any(c.isdigit() for c in f.serial)
    assert len({(f.make, f.serial) for f in sample.firearms}) == len(sample.firearms)


def test_artworks(sample: Sample) -> None:
    assert {a.category for a in sample.artworks} == set(CATEGORIES)
    for a in sample.artworks:
        assert a.title and a.period and a.dimensions and a.description.startswith(a.title)
        if a.category in ("coin", "archaeological"):
            assert a.artist == "Unknown"
    named = [a for a in sample.artworks if a.artist != "Unknown"]
    assert len(named) > len(sample.artworks) / 5
