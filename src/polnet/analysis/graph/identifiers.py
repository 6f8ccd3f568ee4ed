"""Identifiers inside records, normalised so the same one written two ways is one node.

A person's identifiers (a JSON list of kind, value, country) go into `IdentifierEntry`,
kept current by following the records' change feed (`follow_changes`, run before every
graph answer, as the screening index does). Document numbers, VINs and plates are read
from their records' own indexed columns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import phonenumbers
from django.db import transaction

from polnet.analysis.graph.models import GraphFeedPosition, IdentifierEntry
from polnet.analysis.graph.vocabulary import IdentifierType
from polnet.records.kinds import normalise_number
from polnet.records.models import Person, RecordChange

MAX_VALUE = 80
_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_ADDRESS_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)

# A person's identifier kind is free text ("Mobile phone", "e-mail", "passport"): its words
# decide the type.
_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (IdentifierType.EMAIL, ("email", "mail", "courriel", "correo")),
    (IdentifierType.PHONE, ("phone", "mobile", "tel", "telephone", "gsm", "cell", "telefono")),
    (IdentifierType.ADDRESS, ("address", "adresse", "direccion", "residence")),
    (IdentifierType.VIN, ("vin",)),
    (IdentifierType.PLATE, ("plate", "registration", "immatriculation", "matricula")),
    (IdentifierType.DOCUMENT, ("passport", "passeport", "pasaporte", "document", "id_card", "visa")),
)


def identifier_type(kind: str) -> str:
    words = set(_SLUG.sub(" ", kind.lower()).split())
    slug = _SLUG.sub("_", kind.lower()).strip("_")
    for itype, names in _TYPE_WORDS:
        if words & set(names) or slug in names:
            return str(itype)
    return str(IdentifierType.OTHER)


def normalise_phone(value: str, country: str = "") -> str:
    """E.164 when the number parses (with the record's country as the default region), else
    its digits with a leading + kept."""
    try:
        number = phonenumbers.parse(value, country.upper() or None)
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    digits = "".join(c for c in value if c.isdigit())
    return ("+" + digits) if value.strip().startswith("+") and digits else digits


def normalise_address(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold()
    return _SPACES.sub(" ", _ADDRESS_PUNCTUATION.sub(" ", text)).strip()


def normalise(itype: str, value: str, country: str = "") -> str:
    """The value as its node key holds it; empty when nothing is left."""
    if itype == IdentifierType.PHONE:
        out = normalise_phone(value, country)
    elif itype == IdentifierType.EMAIL:
        out = _SPACES.sub("", value).lower()
    elif itype == IdentifierType.ADDRESS:
        out = normalise_address(value)
    else:
        out = normalise_number(value)
    return out[:MAX_VALUE]


def person_entries(person_id: int, identifiers: Iterable[dict[str, Any]]) -> list[IdentifierEntry]:
    seen: set[tuple[str, str]] = set()
    out = []
    for item in identifiers:
        if not isinstance(item, dict):
            continue
        itype = identifier_type(str(item.get("kind", "")))
        value = normalise(itype, str(item.get("value", "")), str(item.get("country") or ""))
        if value and (itype, value) not in seen:
            seen.add((itype, value))
            out.append(IdentifierEntry(kind="person", record_id=person_id, type=itype, value=value))
    return out


def reindex_persons(ids: Iterable[int]) -> None:
    """Write these persons' identifiers again (a deleted person leaves none)."""
    ids = list(ids)
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        IdentifierEntry.objects.filter(kind="person", record_id__in=chunk).delete()
        rows: list[IdentifierEntry] = []
        for pk, idents in Person.objects.filter(pk__in=chunk).values_list("pk", "identifiers"):
            rows.extend(person_entries(pk, idents or []))
        IdentifierEntry.objects.bulk_create(rows, batch_size=1000)


def follow_changes(batch: int = 5000) -> int:
    """Apply the records' changes since the last call; returns how many were read. One
    process applies them at a time (the position row is locked)."""
    latest = RecordChange.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    position = GraphFeedPosition.objects.filter(pk=1).values_list("seq", flat=True).first()
    if position is not None and position >= latest:
        return 0
    read = 0
    with transaction.atomic():
        row, _ = GraphFeedPosition.objects.select_for_update().get_or_create(pk=1)
        while True:
            changes = list(
                RecordChange.objects.filter(seq__gt=row.seq, kind="person")
                .order_by("seq")
                .values_list("seq", "record_id", "last_record_id")[:batch]
            )
            if not changes:
                break
            ids: set[int] = set()
            for _seq, rid, last in changes:
                ids.update(range(rid, last + 1) if last is not None else [rid])
            reindex_persons(sorted(ids))
            row.seq = changes[-1][0]
            read += len(changes)
        row.seq = max(row.seq, latest)
        row.save(update_fields=["seq"])
    return read
