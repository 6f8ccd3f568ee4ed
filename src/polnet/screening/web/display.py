"""How a check's answer, and a hit, read for the one who asks.

Built only from `ScreeningResult.public()`, the part of an answer the caller may see: a
unit whose scope is hit / no hit gets a view without candidates, whatever the result held.
A recorded hit reads the same way, through `hit_public`, on the API, its event stream and
the pages.
Kinds of candidate this page does not know (a new database) are shown by kind and number.
Each hit carries its outcome box (`hit_views.OutcomeBox`): the form to report what happened.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from polnet.core import kinds as record_kinds
from polnet.core import policy
from polnet.core.actions import URGENT_ACTIONS, action_public
from polnet.core.actor import Actor
from polnet.core.countries import to_alpha2
from polnet.records.display import country_name, country_names
from polnet.records.labels import CHOICES
from polnet.records.labels import field_label as record_field_label
from polnet.screening.confirmation import is_overdue
from polnet.screening.reasons import COUNTRY_UNKNOWN, DATE_MATCHES, NAME_LABELS, REASONS
from polnet.screening.services import ScreeningResult

if TYPE_CHECKING:
    from polnet.screening.models import Hit
    from polnet.screening.web.hit_views import OutcomeBox

ADVICE = _("Possible match: hold the traveller and contact your National Central Bureau.")
FOLLOW_ACTION = _("Possible match: do what the owner asks below, and contact your National Central Bureau.")
SAY_QUIETLY = _(
    "Possible match: say nothing of it to the traveller. Do what the owner asks below, and "
    "contact your National Central Bureau."
)
QUIET_ACTIONS = frozenset({"discreet_check", "locate", "protect"})
FEATURES: dict[str, Promise] = {
    "name": _("Name"),
    "date_of_birth": _("Date of birth"),
    "sex": _("Sex"),
    "nationality": _("Nationality"),
    "identifier": _("Identifier"),
    "namesakes": _("Namesakes"),
    "document_number": _("Document number"),
    "status": _("Reported status"),
    "vin": _("VIN"),
    "plate": _("Number plate"),
    "serial_number": _("Serial number"),
    "title": _("Title"),
    "artist": _("Artist"),
    "description": _("Description"),
    "dimensions": _("Dimensions"),
    "image": _("Photo"),
}
# What a hit can be on: a record of any kind, or a notice.
KINDS: dict[str, Promise] = {k: info.singular for k, info in record_kinds.KINDS.items()} | {
    "notice": _("Notice")
}
CHECK_TITLES: dict[str, Promise] = {
    "person": _("Person"),
    "document": _("Travel document"),
    "vehicle": _("Vehicle"),
    "firearm": _("Firearm"),
    "artwork": _("Work of art"),
}
RECORD_KINDS = frozenset(record_kinds.KINDS)
OUTCOMES: dict[str, Promise] = {
    "pending": _("Outcome not yet reported"),
    "located": _("Located"),
    "arrested": _("Arrested"),
    "refused_entry": _("Refused entry"),
    "not_same_person": _("Not the same person"),
    "seized": _("Seized"),
    "no_action": _("No action"),
}


CHECKED_KIND = {"notice": "person"}  # a notice's subject is hit by a person check


def hit_public(actor: Actor, hit: Hit) -> dict[str, Any]:
    """What the actor may see of a recorded hit: everything, or for a unit whose scope is hit /
    no hit what it needs to report the outcome (the hit's id, when and where, the kind of check
    and the outcome, the owner's answer and its deadline), nothing of the record: not its id,
    owner, score, nor that it is a notice."""
    disclosed = policy.discloses_details(actor)
    return {
        "id": hit.pk,
        "kind": hit.kind if disclosed else CHECKED_KIND.get(hit.kind, hit.kind),
        "disclosed": disclosed,
        "record_id": hit.record_id if disclosed else None,
        "owner_country": hit.owner_country_id if disclosed else None,
        "score": hit.score if disclosed else None,
        "screening_country": hit.screening_country_id,
        "location": hit.location,
        "at": hit.at,
        # The owner's answer; its reason may name what the record holds, so only for readers.
        "state": hit.state,
        "state_reason": hit.state_reason if disclosed else "",
        "due_at": hit.due_at,
        "overdue": is_overdue(hit),
        "outcome": hit.outcome,
        "outcome_note": hit.outcome_note,
        # As the owner asked it at the moment of the hit; the warrant only with the details.
        "action": action_public(
            hit.action, note=hit.action_note, reference=hit.action_reference, disclosed=disclosed
        ),
        # The actor's own country's reservation on the notice: its posts do not act on it.
        "reservation": _reservations([hit.record_id] if hit.kind == "notice" else [], actor.country).get(
            hit.record_id, ""
        ),
    }


def _reservations(notice_ids: list[int], country: str | None) -> dict[int, str]:
    from polnet.notices.after.reservations import reserved

    return reserved(notice_ids, country) if notice_ids else {}


def _notice_ids(result: ScreeningResult) -> list[int]:
    own = [c.record_id for c in result.candidates if c.kind == "notice"]
    return own + [n for r in result.related for n in _notice_ids(r)]


def outcome_label(outcome: str) -> str:
    return str(OUTCOMES.get(outcome, outcome))


@dataclass(frozen=True)
class Line:
    """One line of a candidate's explanation: which feature, how strongly, for or against."""

    label: str
    strength: int  # percent
    supports: bool
    detail: str  # safe HTML: the clauses in the reader's language


@dataclass(frozen=True)
class CandidateView:
    kind: str
    kind_label: str
    title: str
    url: str  # "" when there is no page for it
    score: int  # percent
    owner_country: str
    lines: list[Line]
    facts: list[tuple[str, str]]
    other_names: list[str] = field(default_factory=list)
    badge: str = ""
    hit_id: int | None = None
    outcome: OutcomeBox | None = None
    status: str = ""  # what the record says of the thing: stolen, lost, revoked…
    photo_url: str = ""  # the record's or notice subject's first photo, for a reader who may open it
    contact: str = ""  # whom to call: the owner bureau
    action: Mapping[str, Any] | None = None  # what the owner asks on this hit (`core.actions`)
    reservation: str = ""  # the reader's country does not act on this notice, and why


# The vehicle database holds stolen vehicles only: its records carry no status of their own.
VEHICLE_STATUS = pgettext_lazy("vehicle", "Stolen")


@dataclass(frozen=True)
class ResultView:
    kind: str
    title: str
    hit: bool
    disclosed: bool
    candidates: list[CandidateView]
    hit_ids: list[int]
    advice: str
    parsed: list[tuple[str, str]]
    related: list[ResultView]
    outcomes: list[OutcomeBox] = field(default_factory=list)  # of the hits by reference (hit only)
    # Hit only: what to do on each hit, by its reference.
    actions: list[tuple[int, Mapping[str, Any]]] = field(default_factory=list)
    # Hit only: the reader's country's reservation on a notice hit, by the hit's reference (a
    # unit that sees no details must still know its country does not act on it).
    hit_reservations: list[tuple[int, str]] = field(default_factory=list)
    expired_on: date | None = None  # the document's expiry, when it is past

    @property
    def any_hit(self) -> bool:
        return self.hit or any(r.any_hit for r in self.related)

    def action_codes(self) -> set[str]:
        """The actions the owners ask on this answer's hits and its related answers'."""
        codes = {str(c.action["code"]) for c in self.candidates if c.action and c.action.get("code")}
        codes |= {str(a["code"]) for _, a in self.actions if a.get("code")}
        for r in self.related:
            codes |= r.action_codes()
        return codes

    @property
    def say(self) -> str:
        """The banner's one sentence: what to do at once. A discreet check, a location report or
        a protection must not alert the traveller, so it never says "hold"."""
        codes = self.action_codes()
        if not codes:
            return str(ADVICE)
        if codes & QUIET_ACTIONS:
            return str(SAY_QUIETLY)
        return str(FOLLOW_ACTION)

    @property
    def any_urgent(self) -> bool:
        """A hit whose owner asks for an arrest or protection: the officer acts at once."""
        return bool(self.action_codes() & URGENT_ACTIONS)

    @property
    def expired_day(self) -> str:
        """The expiry date isolated left to right, so an Arabic sentence keeps it in order."""
        return f"\u2066{self.expired_on.isoformat()}\u2069" if self.expired_on else ""


def _label(group: str, value: Any) -> str:
    found = CHOICES.get(group, {}).get(str(value))
    return str(found) if found is not None else str(value or "")


def feature_label(name: str) -> str:
    return " + ".join(str(FEATURES.get(part, part)) for part in name.split("+"))


def _country(code: Any) -> str:
    if not code:
        return str(COUNTRY_UNKNOWN)
    alpha2 = to_alpha2(str(code).upper())
    return country_name(alpha2) if alpha2 else str(code)


def _countries(codes: Any) -> str:
    separator = pgettext("between the items of a list", ", ")
    return separator.join(_country(c) for c in str(codes).split(",") if c)


def _words(table: Mapping[str, Promise], separator: str = " + ") -> Callable[[Any], str]:
    return lambda value: separator.join(str(table.get(part, part)) for part in str(value).split("+"))


# Values that are words, worded in the reader's language; any other value is shown as read.
_WORDED: dict[str, Callable[[Any], str]] = {
    "labels": _words(NAME_LABELS),
    "match": _words(DATE_MATCHES),
    "country": _country,
    "countries": _countries,
    "query_countries": _countries,
    "record_countries": _countries,
    "kind": lambda v: _label("document_kind", v),
    "status": lambda v: _label("document_status", v),
    "query_sex": lambda v: _label("sex", v),
    "record_sex": lambda v: _label("sex", v),
}


def _clause(code: str, params: Mapping[str, Any]) -> str | None:
    """One clause in the reader's language, values as read kept in their own direction."""
    template = REASONS.get(code)
    if template is None:
        return None
    values = {
        key: escape(_WORDED[key](value)) if key in _WORDED else format_html("<bdi>{}</bdi>", value)
        for key, value in params.items()
    }
    try:
        return str(escape(template)) % values
    except (KeyError, ValueError, TypeError):  # a stored clause that its template no longer fits
        return None


def worded(f: Mapping[str, Any]) -> str:
    """A feature's detail in the reader's language; a hit stored before the engine gave codes
    (or with a code this page does not know) shows its English detail."""
    clauses = [(str(f.get("code") or ""), f.get("params") or {})]
    clauses += [(str(n.get("code") or ""), n.get("params") or {}) for n in f.get("notes") or []]
    said = [_clause(code, params) for code, params in clauses]
    if not said or any(s is None for s in said):
        return format_html("<bdi>{}</bdi>", f.get("detail", ""))
    separator = escape(pgettext("between the clauses of an explanation", "; "))
    return mark_safe(separator.join(s for s in said if s))  # noqa: S308  # each part escaped above


def _lines(explanation: list[dict[str, Any]]) -> list[Line]:
    return [
        Line(
            feature_label(str(f.get("feature", ""))),
            round(float(f.get("strength", 0)) * 100),
            bool(f.get("supports", False)),
            worded(f),
        )
        for f in explanation
    ]


def _name(n: dict[str, Any]) -> str:
    return str(n.get("full") or " ".join(p for p in (n.get("given"), n.get("family")) if p))


def _person(record: dict[str, Any]) -> tuple[str, list[str], list[tuple[str, str]]]:
    names = [_name(n) for n in record.get("names", []) if _name(n)]
    facts = [
        (gettext("Date of birth"), str(record.get("date_of_birth") or "")),
        (gettext("Sex"), _label("sex", record.get("sex")) if record.get("sex") else ""),
        (gettext("Nationalities"), country_names(list(record.get("nationalities") or []))),
    ]
    return (names[0] if names else ""), names[1:], facts


def _describe(kind: str, record: dict[str, Any]) -> tuple[str, list[str], list[tuple[str, str]]]:
    """Title, other names and key facts of a disclosed record."""
    if kind == "person":
        return _person(record)
    if kind == "document":
        title = f"{_label('document_kind', record.get('kind'))} {record.get('number', '')}"
        facts = [
            (record_field_label("issuing_country"), country_name(record.get("issuing_country"))),
            (record_field_label("document_status"), _label("document_status", record.get("status"))),
        ]
        return title.strip(), [], facts
    if kind == "vehicle":
        title = " ".join(str(record.get(k) or "") for k in ("make", "model")).strip()
        parts = (str(record.get("plate") or ""), country_name(record.get("plate_country")))
        plate = " · ".join(p for p in parts if p)
        return title, [], [(gettext("VIN"), str(record.get("vin") or "")), (gettext("Number plate"), plate)]
    if kind == "firearm":
        title = " ".join(str(record.get(k) or "") for k in ("make", "model")).strip()
        facts = [
            (gettext("Serial number"), str(record.get("serial_number") or "")),
            (record_field_label("firearm_status"), _label("firearm_status", record.get("status"))),
        ]
        return title, [], facts
    if kind == "artwork":
        facts = [
            (gettext("Artist"), str(record.get("artist") or "")),
            (gettext("Dimensions"), str(record.get("dimensions") or "")),
        ]
        return str(record.get("title") or ""), [], facts
    if kind == "notice":
        return _notice(record)
    return str(record.get("reference") or record.get("title") or ""), [], []


def _notice(record: dict[str, Any]) -> tuple[str, list[str], list[tuple[str, str]]]:
    """A notice's subject by name, then what the notice is and what it asks of the officer."""
    from polnet.notices.kinds import SPECS

    names = [str(n) for n in record.get("names") or [] if n]
    reference = str(record.get("reference") or "")
    spec = SPECS.get(str(record.get("kind") or ""))
    facts = [
        (gettext("Notice"), f"{reference} · {_notice_badge(record)}".strip(" ·")),
        (gettext("What it asks"), str(spec.purpose) if spec else ""),
    ]
    return (names[0] if names else reference), names[1:], facts


def _contact(kind: str, owner_country: str, record: dict[str, Any]) -> str:
    """Whom to call about a notice: the owner's bureau, or the secretariat for its own."""
    if kind != "notice":
        return ""
    bureau = record.get("owner_bureau") or {}
    if bureau:
        return ", ".join(str(p) for p in (bureau.get("name"), bureau.get("city")) if p)
    return "" if owner_country else gettext("General Secretariat")


def _status(kind: str, record: dict[str, Any]) -> str:
    if kind == "vehicle":
        return str(VEHICLE_STATUS)
    if kind in ("document", "firearm") and record.get("status"):
        return _label(f"{kind}_status", record["status"])
    return ""


def _handling(record: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    if record.get("purpose"):
        out.append((record_field_label("purpose"), _label("purpose", record["purpose"])))
    if record.get("handling_code"):
        out.append((record_field_label("handling_code"), _label("handling_code", record["handling_code"])))
    return out


def _notice_badge(record: dict[str, Any]) -> str:
    from polnet.notices.kinds import NoticeKind

    kind = str(record.get("kind") or "")
    return str(NoticeKind(kind).label) if kind in NoticeKind.values else kind


def _url(kind: str, record_id: int, record: dict[str, Any] | None) -> str:
    if record is None:
        return ""
    url = str(record.get("url") or "")
    if url.startswith("/") and not url.startswith("//"):
        return url
    return f"/records/{kind}/{record_id}/" if kind in RECORD_KINDS else ""


def candidate_view(
    c: dict[str, Any],
    outcomes: Mapping[int, OutcomeBox] | None = None,
    reservations: Mapping[int, str] | None = None,
) -> CandidateView:
    kind, record_id, record = str(c["kind"]), int(c["record_id"]), c.get("record")
    hit_id = int(c["hit_id"]) if c.get("hit_id") is not None else None
    title, others, facts = _describe(kind, record) if record else ("", [], [])
    kind_label = str(KINDS.get(kind, kind))
    return CandidateView(
        kind=kind,
        kind_label=kind_label,
        title=title or f"{kind_label} {record_id}",
        url=_url(kind, record_id, record),
        score=round(float(c.get("score", 0)) * 100),
        owner_country=str(c.get("owner_country") or ""),
        lines=_lines(c.get("explanation") or []),
        facts=[(label, value) for label, value in facts + _handling(record or {}) if value],
        other_names=others,
        badge=_notice_badge(record) if kind == "notice" and record else "",
        hit_id=hit_id,
        outcome=(outcomes or {}).get(hit_id) if hit_id is not None else None,
        status=_status(kind, record) if record else "",
        photo_url=str(record.get("photo_url") or "") if record else "",
        contact=_contact(kind, str(c.get("owner_country") or ""), record) if record else "",
        action=c.get("action") or None,
        reservation=(reservations or {}).get(record_id, "") if kind == "notice" else "",
    )


_PARSED = (
    ("document_number", _("Document number")),
    ("issuing_state", _("Issuing state")),
    ("surname", _("Surname")),
    ("given_names", _("Given names")),
    ("date_of_birth", _("Date of birth")),
    ("sex", _("Sex")),
    ("nationality", _("Nationality")),
    ("expiry_date", _("Expiry date")),
)


def expired_on(*dates: Any) -> date | None:
    """The first of the dates (ISO text or dates) that is past: the document has expired."""
    today = timezone.localdate()
    for value in dates:
        try:
            day = value if isinstance(value, date) else date.fromisoformat(str(value or ""))
        except ValueError:
            continue
        if day < today:
            return day
    return None


def view_of(
    body: dict[str, Any],
    outcomes: Mapping[int, OutcomeBox] | None = None,
    expiry: date | None = None,
    reservations: Mapping[int, str] | None = None,
    hit_reservations: Mapping[int, str] | None = None,
) -> ResultView:
    """A public answer (``ScreeningResult.public()``) as the page shows it, with the outcome
    box of each hit that ``outcomes`` holds; ``expiry`` is a document's expiry as entered;
    ``reservations`` by notice and ``hit_reservations`` by hit are the reader's country's."""
    kind = str(body.get("kind", ""))
    parsed = body.get("parsed") or {}
    advice = str(body.get("advice") or "")
    outcomes = outcomes or {}
    hit_ids = [int(h) for h in body.get("hit_ids") or [] if h is not None]
    return ResultView(
        kind=kind,
        title=str(CHECK_TITLES.get(kind, KINDS.get(kind, kind))),
        hit=bool(body.get("hit")),
        disclosed=bool(body.get("disclosed")),
        candidates=[candidate_view(c, outcomes, reservations) for c in body.get("candidates") or []],
        hit_ids=hit_ids,
        advice=gettext(advice) if advice else "",
        parsed=[(str(label), str(parsed[key])) for key, label in _PARSED if parsed.get(key)],
        related=[
            view_of(r, outcomes, reservations=reservations, hit_reservations=hit_reservations)
            for r in body.get("related") or []
        ],
        outcomes=[outcomes[h] for h in hit_ids if h in outcomes],
        actions=[
            (int(h["hit_id"]), h["action"])
            for h in body.get("hits") or []
            if h.get("hit_id") is not None and h.get("action")
        ],
        expired_on=expired_on(parsed.get("expiry_date"), expiry),
        hit_reservations=[(h, (hit_reservations or {})[h]) for h in hit_ids if h in (hit_reservations or {})],
    )


def hit_ids(result: ScreeningResult) -> list[int]:
    """The hits an answer recorded, its related answers' included."""
    own = [c.hit_id for c in result.candidates if c.hit_id is not None]
    return own + [h for r in result.related for h in hit_ids(r)]


def result_view(
    result: ScreeningResult,
    outcomes: Mapping[int, OutcomeBox] | None = None,
    expiry: date | None = None,
    country: str | None = None,
) -> ResultView:
    """``country``: the reader's, whose reservations on the notices hit are shown."""
    reservations = _reservations(_notice_ids(result), country)
    by_hit = {
        c.hit_id: reservations[c.record_id]
        for c in _all_candidates(result)
        if c.kind == "notice" and c.hit_id is not None and c.record_id in reservations
    }
    return view_of(result.public(), outcomes, expiry, reservations, by_hit)


def _all_candidates(result: ScreeningResult) -> list[Any]:
    return list(result.candidates) + [c for r in result.related for c in _all_candidates(r)]
