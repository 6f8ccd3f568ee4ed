"""The artwork engine: words across scripts and order, artist name forms, dimensions, photos."""

from __future__ import annotations

from polnet.screening.engine.artworks import ArtworkIndex, ArtworkRow, artist_similarity, dimensions_cm
from polnet.screening.engine.boundary import ArtworkQuery

ROWS = [
    ArtworkRow(1, "Mona Lisa", "Leonardo da Vinci", "oil on poplar panel", "77 x 53 cm"),
    ArtworkRow(
        2, "The Scream", "Edvard Munch", "tempera on cardboard", "91 x 73.5 cm", (0x0F0F0F0F0F0F0F0F,)
    ),
    ArtworkRow(3, "Femme au parapluie", "Claude Monet", "", "131 x 88 cm"),
    ArtworkRow(4, "Les Demoiselles d'Avignon", "Pablo Picasso", "", "243.9 x 233.7 cm"),
]


def _ids(query: ArtworkQuery) -> list[int]:
    return [c.record_id for c in ArtworkIndex.build(ROWS).screen(query).candidates]


def test_titles_match_across_scripts_and_word_order() -> None:
    assert _ids(ArtworkQuery(title="Мона Лиза")) == [1]
    assert _ids(ArtworkQuery(title="parapluie femme")) == [3]
    assert _ids(ArtworkQuery(title="Scream")) == [2]


def test_artist_name_forms() -> None:
    assert artist_similarity("Picasso, P.", "Pablo Picasso") >= 0.9
    assert artist_similarity("Пабло Пикассо", "Pablo Picasso") >= 0.85
    assert artist_similarity("P. M.", "Pablo Picasso") == 0.0  # initials alone name nobody
    assert _ids(ArtworkQuery(artist="Picasso, P.")) == [4]
    assert _ids(ArtworkQuery(artist="Munch Edvard")) == [2]


def test_dimensions_are_read_in_any_unit_and_orientation() -> None:
    assert dimensions_cm("73 x 92 cm") == dimensions_cm("92×73") == dimensions_cm("730 mm x 920 mm")  # noqa: RUF001  # the sign as typed
    inches = dimensions_cm('28.7 x 36.2"')
    assert abs(inches[0] - 92) < 0.2 and abs(inches[1] - 73) < 0.2
    found = ArtworkIndex.build(ROWS).screen(ArtworkQuery(title="Scream", dimensions="735 x 910 mm"))
    assert found.candidates[0].explanation[-1].code == "artwork_dimensions_same"
    other = ArtworkIndex.build(ROWS).screen(ArtworkQuery(title="Scream", dimensions="40 x 30 cm"))
    assert other.candidates[0].explanation[-1].code == "artwork_dimensions_differ"
    assert other.candidates[0].score < found.candidates[0].score


def test_an_unrelated_query_finds_nothing() -> None:
    assert _ids(ArtworkQuery(title="Sunflowers", artist="Vincent van Gogh")) == []
    assert _ids(ArtworkQuery(title="The")) == []  # stop words only


def test_photo_hashes_match_within_the_hamming_limit() -> None:
    near = 0x0F0F0F0F0F0F0F0F ^ 0b111  # three bits differ
    far = ~0x0F0F0F0F0F0F0F0F & ((1 << 64) - 1)
    assert _ids(ArtworkQuery(phash=near)) == [2]
    assert _ids(ArtworkQuery(phash=far)) == []


def test_explanations_add_up_to_the_score_and_the_access_predicate_holds() -> None:
    idx = ArtworkIndex.build(ROWS)
    (c,) = idx.screen(ArtworkQuery(title="Mona Lisa", artist="da Vinci")).candidates
    assert abs(sum(f.contribution for f in c.explanation) - c.score) < 1e-3
    assert idx.screen(ArtworkQuery(title="Mona Lisa"), allowed=lambda rid: rid != 1).candidates == ()


def test_updates_removals_and_a_saved_index(tmp_path) -> None:  # type: ignore[no-untyped-def]
    idx = ArtworkIndex.build(ROWS)
    idx.update(ROWS[0]._replace(title="Gioconda"))
    assert [c.record_id for c in idx.screen(ArtworkQuery(title="Gioconda")).candidates] == [1]
    assert idx.screen(ArtworkQuery(title="Mona Lisa")).candidates == ()
    assert idx.remove(2) and not idx.remove(2)
    idx.save(tmp_path / "artwork.idx")
    loaded = ArtworkIndex.load(tmp_path / "artwork.idx")
    assert len(loaded) == 3 and [
        c.record_id for c in loaded.screen(ArtworkQuery(title="Gioconda")).candidates
    ] == [1]
