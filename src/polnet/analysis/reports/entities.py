"""The entities a report names, as one reader may see them: each loaded through its owner's
policy (records: `core/policy.py`; notices: `notices/policy.py`; hits: the hit policy), so
what the reader may not see is simply absent. Node keys are those of the link graph:
"person:12", "notice:7"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput
from polnet.core.policy import discloses_details
from polnet.notices.models import Notice
from polnet.records import services as records
from polnet.records.models import RECORD_MODELS, Artwork, Firearm, Person, Record, TravelDocument, Vehicle
from polnet.records.names import ranked

# What an entities section may name: the records and notices. (A graph snapshot holds any
# kind of the link graph, each seen through the graph's own rule: `graph/visibility.py`.)
ENTITY_KINDS = (*RECORD_MODELS, "notice")
MAX_KEYS = 500


@dataclass
class Entity:
    """One entity as the reader sees it, with where it comes from."""

    key: str
    kind: str
    label: str
    details: list[tuple[Promise | str, str]] = field(default_factory=list)
    owner_country: str = ""
    source_code: str = ""  # source reliability and information accuracy, "B2"
    handling_code: str = ""
    obj: Any = None


def split_key(key: str, kinds: Iterable[str] = ENTITY_KINDS) -> tuple[str, str]:
    kind, sep, ident = key.partition(":")
    if not sep or kind not in kinds or not ident.isdigit():
        raise InvalidInput(
            _("Not an entity key: %(key)s (kind:id, with kind one of %(kinds)s)."),
            code="report_entity_key_invalid",
            field="keys",
            key=key[:100],
            kinds=", ".join(kinds),
        )
    return kind, ident


def checked_keys(keys: Iterable[Any], kinds: Iterable[str] = ENTITY_KINDS) -> list[str]:
    """The keys, each well formed, without repeats, in order."""
    kinds = tuple(kinds)
    out: list[str] = []
    for key in keys:
        if not isinstance(key, str):
            raise InvalidInput(_("Entity keys are text."), code="report_entity_key_type", field="keys")
        split_key(key.strip(), kinds)
        out.append(key.strip())
    out = list(dict.fromkeys(out))
    if len(out) > MAX_KEYS:
        raise InvalidInput(
            _("At most %(n)s entities in one section."), code="report_too_many_keys", field="keys", n=MAX_KEYS
        )
    return out


def _record_entity(kind: str, rec: Record) -> Entity:
    details: list[tuple[Promise | str, str]] = []
    label = str(rec)
    if isinstance(rec, Person):
        names = ranked(rec.names.all())
        label = names[0].display if names else label
        details += [(_("Names"), "; ".join(n.display for n in names))]
        details += [(_("Date of birth"), rec.date_of_birth), (_("Sex"), rec.get_sex_display())]
        details += [(_("Nationalities"), ", ".join(c.code for c in rec.nationalities.all()))]
        idents = [f"{i.get('kind', '')} {i.get('value', '')}" for i in rec.identifiers or []]
        details += [(_("Identifiers"), "; ".join(idents))]
    elif isinstance(rec, TravelDocument):
        label = f"{rec.get_kind_display()} {rec.number}"
        details += [(_("Number"), rec.number), (_("Issuing country"), rec.issuing_country_id)]
        details += [(_("Status"), rec.get_status_display())]
    elif isinstance(rec, Vehicle):
        label = " ".join(p for p in (rec.make, rec.model, rec.plate) if p)
        details += [(_("VIN"), rec.vin), (_("Plate"), rec.plate), (_("Make"), rec.make)]
        details += [(_("Model"), rec.model), (_("Colour"), rec.colour), (_("Year"), str(rec.year or ""))]
    elif isinstance(rec, Firearm):
        label = " ".join(p for p in (rec.make, rec.model, rec.serial_number) if p)
        details += [(_("Make"), rec.make), (_("Model"), rec.model), (_("Calibre"), rec.calibre)]
        details += [(_("Serial number"), rec.serial_number), (_("Status"), rec.get_status_display())]
    elif isinstance(rec, Artwork):
        label = rec.title
        details += [(_("Artist"), rec.artist), (_("Category"), rec.get_category_display())]
        details += [(_("Period"), rec.period), (_("Description"), rec.description)]
    return Entity(
        key=f"{kind}:{rec.pk}",
        kind=kind,
        label=label,
        details=[(k, v) for k, v in details if v],
        owner_country=rec.owner_country_id,
        source_code=f"{rec.source_reliability}{rec.information_accuracy}",
        handling_code=rec.handling_code,
        obj=rec,
    )


def _notice_entity(notice: Notice) -> Entity:
    names = ranked(notice.names.all())
    details: list[tuple[Promise | str, str]] = [
        (_("Kind"), str(notice.get_kind_display())),
        (_("Reference"), notice.reference),
        (_("Names"), "; ".join(n.display for n in names)),
        (_("Date of birth"), notice.date_of_birth),
        (_("Subject"), notice.subject_description),
    ]
    label = f"{notice.get_kind_display()} {notice.reference}"
    if names:
        label += f": {names[0].display}"
    return Entity(
        key=f"notice:{notice.pk}",
        kind="notice",
        label=label,
        details=[(k, v) for k, v in details if v],
        owner_country=notice.owner_country_id or "",
        obj=notice,
    )


def _ids(keys: Iterable[str], kind: str) -> list[int]:
    return [int(k.partition(":")[2]) for k in keys if k.partition(":")[0] == kind]


def visible_entities(actor: Actor, keys: Iterable[str]) -> dict[str, Entity]:
    """The entities among `keys` the actor may read in detail, by key; the others are absent."""
    keys = list(keys)
    found: dict[str, Entity] = {}
    if not discloses_details(actor):  # a hit / no hit unit reads no details of anything
        return found
    for kind in RECORD_MODELS:
        ids = _ids(keys, kind)
        if ids:
            qs = records.visible(actor, kind).filter(pk__in=ids)
            if kind == "person":
                qs = qs.prefetch_related("names", "nationalities")
            for rec in qs:
                found[f"{kind}:{rec.pk}"] = _record_entity(kind, rec)
    notice_ids = _ids(keys, "notice")
    if notice_ids:
        for notice in Notice.objects.visible_to(actor).filter(pk__in=notice_ids).prefetch_related("names"):
            found[f"notice:{notice.pk}"] = _notice_entity(notice)
    return found
