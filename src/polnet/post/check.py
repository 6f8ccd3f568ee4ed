"""Screening on the post with the same engine the server uses, and queueing its hits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from polnet.identifiers.errors import InputRefused
from polnet.identifiers.mrz import MRZError, parse_mrz
from polnet.post import messages
from polnet.post.i18n import ENGLISH, N_, Catalog, Text
from polnet.post.store import NOTICE, Post, PostError
from polnet.screening.engine.boundary import DocumentQuery, FirearmQuery, VehicleQuery
from polnet.screening.engine.person.types import PersonQuery

EXPIRED = N_(
    "Warning: this post's package expired on %(expires)s. Its answers may be out of date: "
    "connect to the network or ask your bureau for a new package."
)
ADVICE = N_("Possible match: hold the person or object and contact your National Central Bureau.")


@dataclass
class LocalResult:
    kind: str
    hit: bool
    disclosed: bool
    hits: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)

    def public(self, cat: Catalog = ENGLISH) -> dict[str, Any]:
        """What the post may show: a hit / no hit unit gets the local hit ids and the advice only."""
        warnings = [w.render(cat) for w in self.warnings]
        body: dict[str, Any] = {"kind": self.kind, "hit": self.hit, "warnings": warnings}
        if self.disclosed:
            body["hits"] = self.hits
        else:
            body["hit_ids"] = [h["hit_id"] for h in self.hits]
            if self.hit:
                body["advice"] = cat.gettext(ADVICE)
        return body


@contextmanager
def _engine_input() -> Iterator[None]:
    """The engine's refusal of an input, as the post's refusal in the reader's words (same code)."""
    try:
        yield
    except InputRefused as exc:
        message = messages.ENGINE.get(exc.code)
        if message is None:
            raise PostError(exc.code, messages.INPUT_REFUSED, reason=exc.code) from None
        raise PostError(exc.code, message) from None


def _screen(post: Post, kind: str, query: Any, logged: dict[str, Any], location: str) -> LocalResult:
    manifest = post.manifest()
    if manifest is None:
        raise PostError("no_package", "This post holds no package yet: apply your bureau's full package.")
    if kind not in manifest["kinds"]:
        raise PostError(
            "kind_not_in_package",
            "This post's unit does not screen this kind of record (%(kind)s).",
            kind=messages.kind(kind),
        )
    disclosed = manifest["result_level"] == "full"
    with _engine_input():
        found = [(kind, c) for c in post.engines().of(kind).screen(query, limit=10).candidates]
        if kind == "person":  # as online: the subjects of notices in force too, best ten of both
            found += [(NOTICE, c) for c in post.notices().screen(query, limit=10).candidates]
            found = sorted(found, key=lambda kc: -round(kc[1].score, 4))[:10]
    result = LocalResult(kind, bool(found), disclosed)
    if post.expired():
        result.warnings.append(Text(EXPIRED, {"expires": manifest["expires_at"]}))
    for found_kind, c in found:
        hit_id = post.queue_hit(found_kind, c.record_id, c.score, logged, location)
        owner, action = post.detail(found_kind, c.record_id)
        shown: dict[str, Any] = {"hit_id": hit_id, "action": action}
        if disclosed:
            shown |= {
                "kind": found_kind,
                "record_id": c.record_id,
                "owner_country": owner or None,  # None: a notice of the secretariat
                "score": round(c.score, 4),
                "why": [f.detail for f in c.explanation],
            }
            if found_kind == NOTICE:
                shown["notice"] = post.notice_label(c.record_id)
        result.hits.append(shown)
    return result


def check_document(post: Post, number: str, country: str = "", location: str = "") -> LocalResult:
    query = DocumentQuery(number, country or None)
    return _screen(post, "document", query, {"number": number, "country": country}, location)


def check_person(post: Post, name: str, date_of_birth: str = "", location: str = "") -> LocalResult:
    with _engine_input():
        query = PersonQuery(name, date_of_birth=date_of_birth or None)
    return _screen(post, "person", query, {"names": [name], "date_of_birth": date_of_birth}, location)


def check_vehicle(post: Post, vin: str = "", plate: str = "", location: str = "") -> LocalResult:
    query = VehicleQuery(vin or None, plate or None)
    return _screen(post, "vehicle", query, {"vin": vin, "plate": plate}, location)


def check_firearm(post: Post, serial: str, location: str = "") -> LocalResult:
    return _screen(post, "firearm", FirearmQuery(serial), {"serial": serial}, location)


def check_mrz(post: Post, mrz: str, location: str = "") -> list[LocalResult]:
    """The zone's document, and its holder when the unit screens persons."""
    try:
        data = parse_mrz(mrz)
    except MRZError as exc:
        part = messages.MRZ_PARTS.get(exc.field)
        if part is None:
            raise PostError("mrz_unreadable", "The machine-readable zone does not read correctly.") from None
        raise PostError(
            "mrz_unreadable",
            "The machine-readable zone does not read correctly: check %(part)s.",
            part=Text(part),
        ) from None
    results = [check_document(post, data.document_number, data.issuing_state, location)]
    manifest = post.manifest() or {}
    name = f"{data.given_names} {data.surname}".strip()
    if "person" in manifest.get("kinds", ()) and name:
        b = data.birth_date
        dob = (
            ""
            if b.year is None
            else f"{b.year:04d}"
            + (f"-{b.month:02d}" if b.month else "")
            + (f"-{b.day:02d}" if b.month and b.day else "")
        )
        results.append(check_person(post, name, dob, location))
    return results
