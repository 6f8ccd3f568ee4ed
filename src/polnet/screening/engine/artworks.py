"""Works of art: fuzzy lookups by title, artist, description, dimensions and photo.

Words are compared across scripts and languages: transliterated to ASCII (anyascii),
casefolded, and stripped of the stop words of the network's languages (en, fr, es, ar and
common de/it ones), so "La Joconde" and "Joconde", "Мона Лиза" and "Mona Liza" compare.
Each field is scored on its own with rapidfuzz:

* title and description: the better of the token-set ratio (word order and extra words do
  not count) and the partial ratio (one title inside a longer one);
* artist: as names are, part by part in any order, an initial matching a name that starts
  with it ("Picasso, P." and "Pablo Picasso"), a part spelled nearly alike counting;
* dimensions: read as numbers with a unit ("73 x 92 cm", "92 by 73" with a multiplication
  sign, "730 mm x 920 mm", "28.7 x 36.2 in"; centimetres when none), compared in any
  orientation, each side within
  :data:`DIMENSION_TOLERANCE` (or 1 cm) of the other's;
* photo: the Hamming distance of two 64-bit perceptual hashes (pHash); at most
  :data:`PHASH_MAX_DISTANCE` of 64 bits differ for a match.

A candidate's score is the weighted mean of the strengths of the fields both the query and the
record give (:data:`WEIGHTS`), plus or minus :data:`DIMENSION_WEIGHT` when both give
dimensions; each feature's contribution is its share, so they add up to the score.

Retrieval never scans every record for a text query: title and artist words, and their
trigrams, are kept in an inverted index (postings too common to tell records apart are
skipped); the candidates sharing the most keys with the query are then scored. Photo hashes
are compared at once over one array (vectorised popcount), a few milliseconds per million.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple, Self

import numpy as np
from anyascii import anyascii
from rapidfuzz import fuzz

from .boundary import Allowed, Answer, ArtworkQuery, Candidate, Feature

__all__ = [
    "DEFAULT_THRESHOLD",
    "DIMENSION_TOLERANCE",
    "PHASH_MAX_DISTANCE",
    "ArtworkIndex",
    "ArtworkRow",
    "artist_similarity",
    "dimensions_cm",
    "text_similarity",
    "words",
]

#: A candidate below this score is not reported.
DEFAULT_THRESHOLD = 0.6
#: Most bits of 64 in which two photos' pHashes may differ and still match: a resized,
#: recompressed or slightly cropped photo stays within it; unrelated images are ~32 apart.
PHASH_MAX_DISTANCE = 10
#: Relative difference allowed between two sides (framed or not, rounded, measured again).
DIMENSION_TOLERANCE = 0.05
WEIGHTS = {"title": 0.4, "artist": 0.3, "description": 0.15, "image": 0.5}
DIMENSION_WEIGHT = 0.1
_FIELD_FLOOR = 0.5  # a field that matches less than this adds nothing
_MAX_CANDIDATES = 2000  # text candidates scored per query, those sharing the most keys
_COMMON = 0.2  # a key in more than this share of records (and 500 of them) tells nothing
_FORMAT_VERSION = 1
_MASK64 = (1 << 64) - 1

_STOP_WORDS = frozenset(
    (
     "a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
     "with", "au", "aux", "avec", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les",
     "par", "pour", "sur", "un", "une", "al", "con", "del", "el", "las", "los", "por", "una", "unos",
     "y", "al", "wa", "fi", "min", "ila", "ala", "an", "bi", "li", "am", "auf", "das", "dem", "den",
     "der", "des", "die", "ein", "eine", "im", "mit", "und", "von", "zu", "zum", "zur", "ai", "alla",
     "alle", "allo", "col", "da", "degli", "dei", "della", "delle", "dello", "di", "gli", "il", "lo",
     "nel", "nella", "per", "sul",
    )
)  # fmt: skip
_UNITS = {"mm": 0.1, "cm": 1.0, "m": 100.0, "in": 2.54, "inch": 2.54, "inches": 2.54, '"': 2.54}
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)\s*(mm|cm|m|inches|inch|in|\")?", re.IGNORECASE)


class ArtworkRow(NamedTuple):
    record_id: int
    title: str
    artist: str = ""
    description: str = ""
    dimensions: str = ""
    phashes: tuple[int, ...] = ()  # 64-bit pHashes of the record's photos, unsigned


def words(text: str) -> list[str]:
    """The content words of a text: transliterated, casefolded, no stop words."""
    ascii_text = anyascii(text or "").casefold().replace("'", " ")
    return [w for w in re.findall(r"[a-z0-9]+", ascii_text) if w not in _STOP_WORDS]


def _trigrams(word: str) -> set[str]:
    padded = f" {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def text_similarity(query: str, record: str) -> float:
    """How alike two titles or descriptions are, in [0, 1], whatever the word order."""
    q, r = " ".join(words(query)), " ".join(words(record))
    if not q or not r:
        return 0.0
    partial = fuzz.partial_ratio(q, r) if min(len(q), len(r)) >= 5 else 0.0
    return max(fuzz.token_set_ratio(q, r), partial) / 100.0


def _name_parts(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", anyascii(name or "").casefold()) if w not in _STOP_WORDS]


def _part_match(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0
    return r / 100.0 if (r := fuzz.ratio(a, b)) >= 80 else 0.0


def artist_similarity(query: str, record: str) -> float:
    """How alike two artist names are: parts in any order, initials for names."""
    q, r = _name_parts(query), _name_parts(record)
    if not q or not r:
        return 0.0
    short, long_ = (q, r) if len(q) <= len(r) else (r, q)
    free, total, full = list(long_), 0.0, False
    for part in short:
        best, at = max(((_part_match(part, o), i) for i, o in enumerate(free)), default=(0.0, -1))
        if best > 0:
            total += best
            full |= len(part) > 1 and len(free[at]) > 1
            free.pop(at)
    if not full:  # initials alone do not make a name
        return 0.0
    # Missing parts (a first name given on one side only) weigh a little.
    return total / len(short) * (0.95 if len(long_) > len(short) else 1.0)


def dimensions_cm(text: str) -> tuple[float, ...]:
    """The sides in a dimensions text, in centimetres, largest first (empty: none read).

    A unit written once at the end applies to every number ("73 x 92 cm")."""
    found = [(float(n.replace(",", ".")), (u or "").lower()) for n, u in _NUMBER.findall(text or "")]
    found = [(v, u) for v, u in found if v > 0][:3]
    if not found:
        return ()
    last = next((u for _, u in reversed(found) if u), "cm")
    return tuple(sorted((v * _UNITS[u or last] for v, u in found), reverse=True))


def _same_dimensions(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    n = min(len(a), len(b))
    if n == 0 or (n < 2 and len(a) != len(b)):
        return False
    pairs = zip(a[:n], b[:n], strict=True)
    return all(abs(x - y) <= max(1.0, DIMENSION_TOLERANCE * max(x, y)) for x, y in pairs)


def _popcount(values: np.ndarray) -> np.ndarray:
    counted: np.ndarray = np.bitwise_count(values)
    return counted


class _Entry(NamedTuple):
    row: ArtworkRow
    keys: frozenset[str]
    sides: tuple[float, ...]


class ArtworkIndex:
    """In-memory index of works of art, fed from plain rows."""

    def __init__(self) -> None:
        self._entries: dict[int, _Entry] = {}
        self._postings: dict[str, set[int]] = defaultdict(set)
        self._hash_ids = np.empty(0, np.int64)
        self._hashes = np.empty(0, np.uint64)
        self._hashes_stale = False

    # ---- maintenance ---------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._entries

    @staticmethod
    def _keys(title: str, artist: str) -> frozenset[str]:
        keys: set[str] = set()
        for w in words(title) + _name_parts(artist):
            if len(w) > 1:
                keys.add("w:" + w)
                keys.update("t:" + t for t in _trigrams(w))
        return frozenset(keys)

    def update(self, row: ArtworkRow) -> None:
        """Index a record, replacing the version with the same record id."""
        self._forget(row.record_id)
        row = row._replace(phashes=tuple(h & _MASK64 for h in row.phashes))
        entry = _Entry(row, self._keys(row.title, row.artist), dimensions_cm(row.dimensions))
        self._entries[row.record_id] = entry
        for key in entry.keys:
            self._postings[key].add(row.record_id)
        if row.phashes:
            self._hashes_stale = True

    def remove(self, record_id: int) -> bool:
        return self._forget(record_id)

    def _forget(self, record_id: int) -> bool:
        entry = self._entries.pop(record_id, None)
        if entry is None:
            return False
        for key in entry.keys:
            posting = self._postings.get(key)
            if posting is not None:
                posting.discard(record_id)
                if not posting:
                    del self._postings[key]
        if entry.row.phashes:
            self._hashes_stale = True
        return True

    @classmethod
    def build(cls, rows: Iterable[ArtworkRow]) -> Self:
        idx = cls()
        for row in rows:
            if row.record_id in idx._entries:
                raise ValueError(f"artwork {row.record_id} given twice")
            idx.update(row)
        return idx

    def save(self, path: str | Path) -> None:
        """Write the rows to one file, atomically; the postings are rebuilt on load."""
        path = Path(path)
        body = {
            "kind": "artworks",
            "version": _FORMAT_VERSION,
            "rows": [list(e.row) for e in self._entries.values()],
        }
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            json.dump(body, fh)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | Path) -> Self:
        body = json.loads(Path(path).read_text())
        if body.get("kind") != "artworks" or body.get("version") != _FORMAT_VERSION:
            raise ValueError(f"{path}: not an artworks index of format {_FORMAT_VERSION}")
        return cls.build(ArtworkRow(r[0], r[1], r[2], r[3], r[4], tuple(r[5])) for r in body["rows"])

    # ---- searching -----------------------------------------------------------------------

    def _text_candidates(self, query: ArtworkQuery) -> list[int]:
        keys = self._keys(query.title, query.artist)
        common = max(500, int(_COMMON * len(self._entries)))
        shared: Counter[int] = Counter()
        for key in keys:
            posting = self._postings.get(key)
            if posting and len(posting) <= common:
                weight = 3 if key.startswith("w:") else 1
                for rid in posting:
                    shared[rid] += weight
        return [rid for rid, _ in shared.most_common(_MAX_CANDIDATES)]

    def _image_candidates(self, phash: int) -> dict[int, int]:
        """Record id -> the least Hamming distance of its photos to ``phash``, within the limit."""
        if self._hashes_stale:
            pairs = [(rid, h) for rid, e in self._entries.items() for h in e.row.phashes]
            self._hash_ids = np.array([p[0] for p in pairs], np.int64)
            self._hashes = np.array([p[1] for p in pairs], np.uint64)
            self._hashes_stale = False
        if not len(self._hashes):
            return {}
        distances = _popcount(self._hashes ^ np.uint64(phash & _MASK64))
        near = np.flatnonzero(distances <= PHASH_MAX_DISTANCE)
        out: dict[int, int] = {}
        for i in near:
            rid, d = int(self._hash_ids[i]), int(distances[i])
            out[rid] = min(d, out.get(rid, 64))
        return out

    def screen(
        self,
        query: ArtworkQuery,
        *,
        allowed: Allowed = None,
        limit: int | None = None,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> Answer[ArtworkQuery]:
        """Works of art like the query, best first; ``allowed`` rejects records the caller may not see."""
        # A query of stop words only (or nothing) finds nothing rather than everything.
        images = self._image_candidates(query.phash) if query.phash is not None else {}
        ids = dict.fromkeys([*images, *self._text_candidates(query)])
        if query.description.strip() and not (query.title.strip() or query.artist.strip()):
            ids.update(dict.fromkeys(self._description_candidates(query.description)))
        sides = dimensions_cm(query.dimensions)
        out = []
        for rid in ids:
            if allowed is not None and not allowed(rid):
                continue
            found = self._scored(query, sides, self._entries[rid], images.get(rid))
            if found is not None and found.score >= threshold:
                out.append(found)
        out.sort(key=lambda c: (-c.score, c.record_id))
        return Answer(query, tuple(out[:limit]))

    def _description_candidates(self, description: str) -> list[int]:
        """A description alone: records sharing its rarer words (title, artist or description)."""
        qwords = {w for w in words(description) if len(w) > 3}
        shared: Counter[int] = Counter()
        for rid, entry in self._entries.items():  # descriptions alone are rare: a scan is fine
            hit = qwords & set(words(entry.row.description) + words(entry.row.title))
            if hit:
                shared[rid] = len(hit)
        return [rid for rid, _ in shared.most_common(_MAX_CANDIDATES)]

    def _scored(
        self, query: ArtworkQuery, sides: tuple[float, ...], entry: _Entry, distance: int | None
    ) -> Candidate | None:
        row = entry.row
        parts: list[tuple[str, float, str]] = []  # (field, strength, what the record says)
        if query.title.strip() and row.title.strip():
            parts.append(("title", text_similarity(query.title, row.title), row.title))
        if query.artist.strip() and row.artist.strip():
            parts.append(("artist", artist_similarity(query.artist, row.artist), row.artist))
        if query.description.strip() and row.description.strip():
            parts.append(("description", text_similarity(query.description, row.description), ""))
        if query.phash is not None and row.phashes:
            strength = 0.0 if distance is None else 1.0 - 0.4 * distance / PHASH_MAX_DISTANCE
            parts.append(("image", strength, str(64 if distance is None else distance)))
        if not parts:
            return None
        total = sum(WEIGHTS[f] for f, _, _ in parts)
        features = []
        for name, strength, said in parts:
            counted = strength if strength >= _FIELD_FLOOR else 0.0
            features.append(_feature(name, strength, WEIGHTS[name] * counted / total, said))
        score = sum(f.contribution for f in features)
        if score <= 0:
            return None
        if sides and entry.sides:
            same = _same_dimensions(sides, entry.sides)
            features.append(_dimensions_feature(same, row.dimensions))
            score += features[-1].contribution
        score = min(1.0, max(0.0, score))
        return Candidate(row.record_id, round(score, 4), tuple(features))


def _feature(name: str, strength: float, contribution: float, said: str) -> Feature:
    percent = round(100 * strength)
    if name == "image":
        detail = f"photo: {said} of 64 bits of the perceptual hash differ"
        return Feature(
            "image", strength, strength > 0, contribution, detail, "artwork_image", (("distance", int(said)),)
        )
    if name == "description":
        return Feature(
            name, strength, contribution > 0, contribution, f"description {percent}% alike",
            "artwork_description", (("similarity", percent),),
        )  # fmt: skip
    detail = f"{name} {said} ({percent}% alike)"
    params = ((name, said), ("similarity", percent))
    if name == "artist":
        return Feature(name, strength, contribution > 0, contribution, detail, "artwork_artist", params)
    return Feature(name, strength, contribution > 0, contribution, detail, "artwork_title", params)


def _dimensions_feature(same: bool, said: str) -> Feature:
    if same:
        return Feature(
            "dimensions", 1.0, True, DIMENSION_WEIGHT, f"dimensions {said} agree",
            "artwork_dimensions_same", (("dimensions", said),),
        )  # fmt: skip
    return Feature(
        "dimensions", 0.0, False, -DIMENSION_WEIGHT, f"dimensions differ ({said})",
        "artwork_dimensions_differ", (("dimensions", said),),
    )  # fmt: skip
