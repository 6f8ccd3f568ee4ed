"""Field reports of a joint operation: seizures and arrests filed by the bureaus and posts taking
part, each figure checked, valued in euros at the operation's rates, in one transaction.

Every decision goes through `operations/policy.py`; a report or operation the actor may not see
answers NotFound, as if it did not exist."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from babel.numbers import list_currencies
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.core.images import checked_type, image_storage, strip_metadata
from polnet.network.models import Country
from polnet.operations import policy
from polnet.operations.models import (
    Arrest,
    DrugType,
    ExchangeRate,
    FieldReport,
    Operation,
    OperationHit,
    QuantityUnit,
    ReportPhoto,
    Seizure,
    SeizureCategory,
    Target,
)
from polnet.operations.plan import services as plan_services
from polnet.records import services as records

# Upper bounds that no real seizure reaches: a typo (an extra zero, a pasted ID) is refused.
MAX_QUANTITY = {
    QuantityUnit.KILOGRAM: Decimal("1000000"),
    QuantityUnit.GRAM: Decimal("1000000000"),
    QuantityUnit.LITRE: Decimal("1000000"),
    QuantityUnit.PIECE: Decimal("10000000"),
}
MAX_VALUE = Decimal("10000000000000")  # 10^13 in any currency
MAX_LINES = 100
MAX_PHOTOS = 10
RECORD_KINDS = ("person", "document", "vehicle", "firearm", "artwork")
CENT = Decimal("0.01")


def get_operation(actor: Actor, operation_id: int) -> Operation:
    return plan_services.get_operation(actor, operation_id)


def get_report(actor: Actor, report_id: int) -> FieldReport:
    """A report in detail: participants only (observers read totals, never a report)."""
    report = FieldReport.objects.filter(pk=report_id).select_related("operation").first()
    if report is None or not policy.visible_operations(actor).filter(pk=report.operation_id).exists():
        raise NotFound(_("No such report."), code="operation_report_not_found")
    if not policy.reads_personal_data(actor, report.operation):
        raise NotFound(_("No such report."), code="operation_report_not_found")
    return report


# ---- checking figures ----------------------------------------------------------------------


def _decimal(raw: object, field: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter a number."), code="report_number_invalid", field=field) from None
    if not value.is_finite():
        raise InvalidInput(_("Enter a number."), code="report_number_invalid", field=field)
    return value


def _quantity(raw: object, unit: str, field: str) -> Decimal:
    q = _decimal(raw, field)
    if q <= 0:
        raise InvalidInput(
            _("The quantity must be more than zero."), code="report_quantity_not_positive", field=field
        )
    if q.as_tuple().exponent < -3:  # type: ignore[operator]
        raise InvalidInput(
            _("Give the quantity with at most 3 decimals."), code="report_quantity_decimals", field=field
        )
    if q > MAX_QUANTITY[QuantityUnit(unit)]:
        raise InvalidInput(
            _("The quantity is too large (at most %(max)s)."),
            code="report_quantity_too_large",
            field=field,
            max=str(MAX_QUANTITY[QuantityUnit(unit)]),
        )
    return q


def _eur_rate(operation: Operation, currency: str, field: str) -> Decimal:
    if currency == "EUR":
        return Decimal(1)
    rate = ExchangeRate.objects.filter(operation=operation, currency=currency).first()
    if rate is None:
        raise InvalidInput(
            _("The operation has no exchange rate for %(currency)s: ask the coordinator to set one."),
            code="report_rate_missing",
            field=field,
            currency=currency,
        )
    return rate.eur_per_unit


def _seizure(operation: Operation, line: Mapping[str, Any], n: int) -> Seizure:
    f = f"seizures[{n}]."
    category = str(line.get("category") or "")
    if category not in SeizureCategory.values:
        raise InvalidInput(_("Choose a category."), code="report_category_invalid", field=f + "category")
    drug_type = str(line.get("drug_type") or "")
    if category == SeizureCategory.DRUGS and drug_type not in DrugType.values:
        raise InvalidInput(
            _("Choose the type of drug."), code="report_drug_type_required", field=f + "drug_type"
        )
    if category != SeizureCategory.DRUGS and drug_type:
        raise InvalidInput(
            _("Only drugs have a drug type."), code="report_drug_type_not_drugs", field=f + "drug_type"
        )
    unit = str(line.get("quantity_unit") or "")
    if unit not in QuantityUnit.values:
        raise InvalidInput(
            _("Choose a unit: kg, g, l or pieces."), code="report_unit_invalid", field=f + "quantity_unit"
        )
    if category == SeizureCategory.PAYMENT_CARDS and unit != QuantityUnit.PIECE:
        raise InvalidInput(
            _("Payment cards are counted in pieces."),
            code="report_cards_in_pieces",
            field=f + "quantity_unit",
        )
    quantity = _quantity(line.get("quantity"), unit, f + "quantity")
    if unit == QuantityUnit.PIECE and quantity != quantity.to_integral_value():
        raise InvalidInput(
            _("Pieces are counted in whole numbers."), code="report_pieces_whole", field=f + "quantity"
        )
    description = str(line.get("description") or "").strip()
    if len(description) > 200:
        raise InvalidInput(
            _("The description is too long (at most 200 characters)."),
            code="report_description_long",
            field=f + "description",
        )
    seizure = Seizure(
        category=category, drug_type=drug_type, description=description, quantity=quantity, quantity_unit=unit
    )
    raw_value = line.get("value")
    if raw_value not in (None, ""):
        value = _decimal(raw_value, f + "value")
        if value < 0:
            raise InvalidInput(
                _("The value cannot be negative."), code="report_value_negative", field=f + "value"
            )
        if value.as_tuple().exponent < -2 or value > MAX_VALUE:  # type: ignore[operator]
            raise InvalidInput(
                _("Give the value with at most 2 decimals, below 10^13."),
                code="report_value_range",
                field=f + "value",
            )
        currency = str(line.get("currency") or "").strip().upper()
        if currency not in list_currencies():
            raise InvalidInput(
                _("Give the currency as an ISO 4217 code (EUR, USD)."),
                code="report_currency_invalid",
                field=f + "currency",
            )
        seizure.value, seizure.currency = value, currency
        seizure.value_eur = (value * _eur_rate(operation, currency, f + "currency")).quantize(
            CENT, ROUND_HALF_EVEN
        )
    return seizure


def _arrest(actor: Actor, line: Mapping[str, Any], n: int) -> Arrest:
    f = f"arrests[{n}]."
    code = str(line.get("nationality") or "").strip().upper()
    if not Country.objects.filter(code=code).exists():
        raise InvalidInput(
            _("Give the nationality as a country code."),
            code="report_nationality_invalid",
            field=f + "nationality",
        )
    person = line.get("person_record_id")
    person_id: int | None = None
    if person not in (None, ""):
        try:
            person_id = int(str(person))
        except ValueError:
            raise InvalidInput(
                _("Enter a record number."), code="report_record_invalid", field=f + "person_record_id"
            ) from None
        try:
            records.get_record(actor, "person", person_id)
        except NotFound:
            raise InvalidInput(
                _("No such person record."), code="report_person_unknown", field=f + "person_record_id"
            ) from None
    notes = str(line.get("notes") or "").strip()
    if len(notes) > 300:
        raise InvalidInput(
            _("The notes are too long (at most 300 characters)."),
            code="report_arrest_notes_long",
            field=f + "notes",
        )
    return Arrest(nationality_id=code, person_record_id=person_id, notes=notes)


def _when(operation: Operation, occurred_at: datetime) -> datetime:
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    if occurred_at > timezone.now():
        raise InvalidInput(
            _("The time cannot be in the future."), code="report_time_future", field="occurred_at"
        )
    day = timezone.localdate(occurred_at)
    if not operation.prepares_on <= day <= operation.closes_on:
        raise InvalidInput(
            _("The time is outside the operation's period."), code="report_time_outside", field="occurred_at"
        )
    return occurred_at


def _led_by(
    actor: Actor, operation: Operation, hit_id: int | None, kind: str, record_id: int | None
) -> OperationHit | None:
    if hit_id is not None and record_id is not None:
        raise InvalidInput(
            _("Link the report to a hit or to a record, not both."),
            code="report_led_by_both",
            field="operation_hit",
        )
    if hit_id is not None:
        seen = Target.objects.filter(policy.targets_q(actor, operation))
        hit = OperationHit.objects.filter(operation=operation, pk=hit_id, target__in=seen).first()
        if hit is None:
            raise InvalidInput(
                _("No such hit in this operation."), code="report_hit_unknown", field="operation_hit"
            )
        return hit
    if record_id is not None:
        if kind not in RECORD_KINDS:
            raise InvalidInput(
                _("There is no such database."), code="report_record_kind_invalid", field="record_kind"
            )
        try:
            records.get_record(actor, kind, record_id)
        except NotFound:
            raise InvalidInput(
                _("No such record."), code="report_record_unknown", field="record_id"
            ) from None
    return None


def _content(
    actor: Actor,
    operation: Operation,
    *,
    place: str,
    occurred_at: datetime,
    seizures: Sequence[Mapping[str, Any]],
    arrests: Sequence[Mapping[str, Any]],
    operation_hit: int | None,
    record_kind: str,
    record_id: int | None,
    notes: str,
) -> tuple[dict[str, Any], list[Seizure], list[Arrest]]:
    place = (place or "").strip()
    if not place or len(place) > 200:
        raise InvalidInput(
            _("Give the place (at most 200 characters)."), code="report_place_invalid", field="place"
        )
    if len(notes or "") > 5000:
        raise InvalidInput(
            _("The notes are too long (at most 5000 characters)."), code="report_notes_long", field="notes"
        )
    if not seizures and not arrests:
        raise InvalidInput(
            _("Report at least one seizure or arrest."), code="operation_report_empty", field="seizures"
        )
    if len(seizures) > MAX_LINES or len(arrests) > MAX_LINES:
        raise InvalidInput(
            _("A report has at most %(max)s lines of each kind."),
            code="report_too_many_lines",
            field="seizures",
            max=MAX_LINES,
        )
    fields = {
        "place": place,
        "occurred_at": _when(operation, occurred_at),
        "operation_hit": _led_by(actor, operation, operation_hit, record_kind, record_id),
        "record_kind": record_kind if record_id is not None else "",
        "record_id": record_id,
        "notes": (notes or "").strip(),
    }
    return (
        fields,
        [_seizure(operation, s, n) for n, s in enumerate(seizures)],
        [_arrest(actor, a, n) for n, a in enumerate(arrests)],
    )


def _save_lines(report: FieldReport, seizures: list[Seizure], arrests: list[Arrest]) -> None:
    for s in seizures:
        s.report = report
    for a in arrests:
        a.report = report
    Seizure.objects.bulk_create(seizures)
    Arrest.objects.bulk_create(arrests)


def _figures(report: FieldReport) -> dict[str, Any]:
    """What an audit entry keeps of a report: the figures, not the people."""
    return {
        "seizures": [
            [s.category, s.drug_type, str(s.quantity), s.quantity_unit, str(s.value_eur or "")]
            for s in report.seizures.all()
        ],
        "arrests": report.arrests.count(),
    }


def require_may_report(actor: Actor, operation: Operation) -> None:
    """Refuse, before the form is shown or read, someone who may not report now."""
    if not policy.may_report(actor, operation):
        raise Forbidden(_("You may not report in this operation now."), code="operation_report_forbidden")


@transaction.atomic
def file_report(actor: Actor, operation_id: int, **data: Any) -> FieldReport:
    """File a report for the actor's country (and post): all lines are saved, or none."""
    operation = get_operation(actor, operation_id)
    require_may_report(actor, operation)
    if actor.country is None or actor.user_id is None:
        raise Forbidden(
            _("Reports are filed by a participating country."), code="operation_report_no_country"
        )
    fields, seizures, arrests = _content(actor, operation, **data)
    report = FieldReport.objects.create(
        operation=operation,
        country_id=actor.country,
        unit_id=actor.unit.unit_id if actor.unit else None,
        reported_by_id=actor.user_id,
        **fields,
    )
    _save_lines(report, seizures, arrests)
    audit.log(actor, "operation_report_file", "operation_report", report.pk, detail=_figures(report))
    return report


@transaction.atomic
def correct_report(actor: Actor, report_id: int, **data: Any) -> FieldReport:
    """Replace a report's content: its country's bureau, or the post that filed it, while the
    operation is not closed. The audit keeps the figures before and after."""
    report = get_report(actor, report_id)
    operation = report.operation
    own_post = (
        actor.unit is not None
        and report.unit_id == actor.unit.unit_id
        and policy.may_report(actor, operation)
    )
    if not (own_post or policy.may_correct_report(actor, operation, report.country_id)):
        raise Forbidden(
            _("Only the reporting country may correct this report, until the operation closes."),
            code="operation_report_correct_forbidden",
        )
    report = FieldReport.objects.select_for_update().get(pk=report.pk)
    before = _figures(report)
    fields, seizures, arrests = _content(actor, operation, **data)
    for name, value in fields.items():
        setattr(report, name, value)
    report.save()
    report.seizures.all().delete()
    report.arrests.all().delete()
    _save_lines(report, seizures, arrests)
    audit.log(
        actor,
        "operation_report_correct",
        "operation_report",
        report.pk,
        detail={"before": before, "after": _figures(report)},
    )
    return report


# ---- photos --------------------------------------------------------------------------------


def add_photo(actor: Actor, report_id: int, data: bytes, *, caption: str = "") -> ReportPhoto:
    """A photo of the seized goods (JPEG, PNG or WebP, metadata removed), by those who may correct."""
    content_type, ext = checked_type(data)
    data = strip_metadata(data, content_type)
    caption = (caption or "").strip()
    if len(caption) > 200:
        raise InvalidInput(
            _("The caption is too long (at most 200 characters)."),
            code="report_caption_long",
            field="caption",
        )
    storage = image_storage()
    stored = ""
    try:
        with transaction.atomic():
            report = get_report(actor, report_id)
            op = report.operation
            own_post = (
                actor.unit is not None
                and report.unit_id == actor.unit.unit_id
                and policy.may_report(actor, op)
            )
            if not (own_post or policy.may_correct_report(actor, op, report.country_id)):
                raise Forbidden(
                    _("Only the reporting country may add photos."), code="operation_photo_forbidden"
                )
            if report.photos.count() >= MAX_PHOTOS:
                raise InvalidInput(
                    _("A report has at most %(max)s photos."),
                    code="operation_photo_count",
                    field="file",
                    max=MAX_PHOTOS,
                )
            stored = storage.save(f"operations/{uuid.uuid4().hex}.{ext}", ContentFile(data))
            photo = ReportPhoto.objects.create(
                report=report, path=stored, content_type=content_type, caption=caption
            )
            audit.log(actor, "operation_photo_add", "operation_report", report.pk, detail={"photo": photo.pk})
    except BaseException:
        if stored:  # the row was rolled back: the file goes too
            storage.delete(stored)
        raise
    return photo


def photo_bytes(actor: Actor, report_id: int, photo_id: int) -> tuple[ReportPhoto, bytes]:
    report = get_report(actor, report_id)
    photo = report.photos.filter(pk=photo_id).first()
    if photo is None:
        raise NotFound(_("No such photo."), code="operation_photo_not_found")
    try:
        with image_storage().open(photo.path, "rb") as fh:
            return photo, fh.read()
    except FileNotFoundError:  # lost from the disk: as good as absent
        raise NotFound(_("No such photo."), code="operation_photo_not_found") from None


def report_csv(actor: Actor, operation: Operation) -> str:
    """The CSV names places and nationalities: participants only (observers meet a 404)."""
    from polnet.operations.reports.export import csv_text

    plan_services.require_participant(actor, operation)
    return csv_text(operation)


def reports_of(actor: Actor, operation: Operation) -> list[FieldReport]:
    if not policy.reads_personal_data(actor, operation):
        return []
    return list(FieldReport.objects.filter(operation=operation).select_related("country", "unit")[:500])


@transaction.atomic
def release_summary(actor: Actor, operation_id: int) -> Operation:
    """The coordinator releases the public summary (totals only) once the operation closes."""
    from polnet.operations.reports.results import public_summary

    operation = get_operation(actor, operation_id)
    if not policy.may_release_summary(actor, operation):
        raise Forbidden(
            _("Only the coordinator releases the public summary, once the operation is closing or closed."),
            code="operation_summary_forbidden",
        )
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    operation.public_summary = public_summary(operation)
    operation.public_summary_at = timezone.now()
    operation.save(update_fields=["public_summary", "public_summary_at"])
    audit.log(actor, "operation_summary_release", "operation", operation.pk)
    return operation


def released_summary(code_name: str) -> dict[str, Any]:
    """The public summary of an operation, once released; otherwise as if there were none."""
    op = Operation.objects.filter(code_name=code_name, public_summary__isnull=False).first()
    if op is None or op.public_summary is None:
        raise NotFound(_("No such operation."), code="operation_not_found")
    return dict(op.public_summary)
