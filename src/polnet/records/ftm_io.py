"""FollowTheMoney in and out of the records (the mapping itself is `records.ftm`).

Out: the records the list and export use (`services.list_records`, the access policy applied
and the export audited), as JSON lines. In: persons, passports, identifications and vehicles
as records of the importer's bureau, through `services.create_record`, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput, PolnetError
from polnet.records import ftm, services
from polnet.records.kinds import holders_seen, spec_for
from polnet.records.models import Record
from polnet.records.schemas import AccessIn

EXPORT_LIMIT = 100_000  # per kind, as the CSV export
# Persons first: a document's holder is already read when the document is.
EXPORT_ORDER = ("person", "document", "vehicle", "firearm", "artwork")
IMPORT_LIMIT = 100_000  # lines in one import
ACCESS_SENT = ("purpose", "restriction", "listed_countries", "bureau_only", "handling_code")

# The record field each FtM property fills: a refused field is named by its property.
PROPERTY_OF = {
    "names": "name",
    "date_of_birth": "birthDate",
    "sex": "gender",
    "nationalities": "nationality",
    "place_of_birth": "birthPlace",
    "country_of_birth": "birthCountry",
    "identifiers": "idNumber",
    "number": "number",
    "kind": "type",
    "status": "summary",
    "date_reported": "date",
    "holder_id": "holder",
    "issuing_country": "country",
    "vin": "keywords",
    "plate": "registrationNumber",
    "plate_country": "country",
    "make": "keywords",
    "model": "model",
    "colour": "keywords",
    "year": "buildDate",
    "title": "name",
    "description": "description",
    "artist": "keywords",
    "category": "keywords",
    "period": "keywords",
    "dimensions": "keywords",
    "calibre": "keywords",
    "serial_number": "keywords",
    "external_ref": "id",
}


def this_node() -> str:
    return ftm.node_name(settings.POLNET_BASE_URL)


def export_lines(
    actor: Actor, kinds: Iterable[str] = EXPORT_ORDER, filters: dict[str, str] | None = None
) -> Iterator[str]:
    """The records the actor may see of these kinds, as FtM JSON lines. The records are read
    (and the export audited, a refusal raised) before the first line is given."""
    chosen = [k for k in EXPORT_ORDER if k in set(kinds)]
    for k in kinds:
        spec_for(k)  # an unknown kind is refused
    batches: list[list[Record]] = []
    for kind in chosen:
        _, rows = services.list_records(actor, kind, filters=filters, limit=EXPORT_LIMIT, export=True)
        batches.append(rows)
    return _lines(actor, batches, this_node())


def _lines(actor: Actor, batches: list[list[Record]], node: str) -> Iterator[str]:
    for rows in batches:
        seen = holders_seen(actor, rows)
        for rec in rows:
            shown = getattr(rec, "holder_id", None) in seen
            for proxy in ftm.record_to_entities(rec, node=node, holder_shown=shown):
                yield ftm.to_line(proxy)


# ---- import -------------------------------------------------------------------------------


class ImportRefused(InvalidInput):
    """Some entities were refused: nothing was imported. The body lists each one."""

    errors: list[ftm.RowError]

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "rows": [e.as_dict() for e in self.errors]}


def _refused(errors: list[ftm.RowError]) -> ImportRefused:
    exc = ImportRefused(
        _("%(count)s entities were refused: nothing was imported."),
        code="ftm_import_refused",
        count=len(errors),
    )
    exc.errors = sorted(errors, key=lambda e: e.line)
    return exc


@dataclass(frozen=True)
class Imported:
    line: int
    external_ref: str
    kind: str
    id: int


def _row_error(m: ftm.Mapped, exc: PolnetError) -> ftm.RowError:
    top = (exc.field or "").split(".")[0]
    return ftm.RowError(m.line, PROPERTY_OF.get(top, top), exc.code, exc.message)


def _validated(m: ftm.Mapped, access: dict[str, Any]) -> dict[str, Any]:
    """The record's fields through the API's own input schema (types, lengths, choices)."""
    spec = spec_for(m.kind)
    fields = {k: v for k, v in m.data.items() if k != "issuing_country"}
    if m.kind == "document":
        fields.setdefault("date_reported", timezone.localdate().isoformat())
        fields["holder_id"] = None
    try:
        checked = spec.schema_in.model_validate({**access, **fields}).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        raise ftm.EntityRefused(
            ftm.RowError(
                m.line,
                PROPERTY_OF.get(field, field),
                "ftm_value_invalid",
                _("This value is not valid for the property."),
            )
        ) from None
    return checked


def _mapped(lines: Iterable[str]) -> tuple[list[ftm.Mapped], list[ftm.RowError]]:
    mapped: list[ftm.Mapped] = []
    errors: list[ftm.RowError] = []
    persons: set[str] = set()
    stand_ins: set[str] = set()
    for n, got in ftm.read_lines(lines):
        if n > IMPORT_LIMIT:
            raise InvalidInput(
                _("Send at most %(max)s entities at a time."), code="ftm_import_too_long", max=IMPORT_LIMIT
            )
        if isinstance(got, ftm.RowError):
            errors.append(got)
            continue
        try:
            m = ftm.entity_to_record(got, n)
        except ftm.EntityRefused as exc:
            errors.append(exc.error)
            continue
        if m is None:
            stand_ins.add(str(got.id))
            continue
        if m.kind == "person":
            persons.add(m.external_ref)
        mapped.append(m)
    for m in mapped:
        if m.holder_ref is not None and m.holder_ref not in persons | stand_ins:
            errors.append(
                ftm.RowError(
                    m.line, "holder", "ftm_holder_dangling", _("The holder is not a Person of this file.")
                )
            )
    return mapped, errors


def import_entities(actor: Actor, lines: Iterable[str], access: dict[str, Any]) -> list[Imported]:
    """Create the entities' records for the actor's bureau, in one transaction: any refused
    entity (named by line and property) and nothing is written. `access`: the purpose and
    sharing of every record made (`records.schemas.AccessIn` fields)."""
    try:
        access = AccessIn.model_validate(access).model_dump(exclude_none=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInput(
            _("This value is not valid for the property."),
            code="ftm_value_invalid",
            field=str(first["loc"][0]) if first["loc"] else None,
        ) from None
    access = {k: v for k, v in access.items() if k in ACCESS_SENT}
    mapped, errors = _mapped(lines)
    if actor.country is not None:
        for m in mapped:
            issuing = m.data.get("issuing_country")
            if m.kind == "document" and issuing and issuing != actor.country:
                # Only the issuing country records its documents (SLTD rule), as on the API.
                errors.append(
                    ftm.RowError(
                        m.line,
                        "country",
                        "ftm_document_foreign",
                        _("Only the issuing country records its documents."),
                    )
                )
    if errors:
        raise _refused(errors)
    done: list[Imported] = []
    pk_of: dict[str, int] = {}
    with transaction.atomic():
        for m in sorted(mapped, key=lambda m: m.kind != "person"):  # holders first
            try:
                data = _validated(m, access)
                if m.holder_ref in pk_of:
                    data["holder_id"] = pk_of[m.holder_ref]
                rec = services.create_record(actor, m.kind, data)
            except ftm.EntityRefused as exc:
                errors.append(exc.error)
                continue
            except InvalidInput as exc:
                errors.append(_row_error(m, exc))
                continue
            pk_of[m.external_ref] = rec.pk
            done.append(Imported(m.line, m.external_ref, m.kind, rec.pk))
        if errors:
            raise _refused(errors)  # rolls the batch back
        audit.log(
            actor,
            "import",
            "records",
            "",
            purpose=str(access.get("purpose", "")),
            detail={"format": "ftm", "count": len(done), "kinds": sorted({d.kind for d in done})},
        )
    return done
