"""Filing field reports: every figure checked, values converted at the operation's rates, one
transaction, and only participants who may report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.operations.models import Arrest, FieldReport, Phase, Seizure
from polnet.operations.reports import services
from tests.factories import Network
from tests.operations.reports_helpers import days_ago, make_operation, report_data

pytestmark = pytest.mark.django_db


def _line(**over: Any) -> dict[str, Any]:
    line = {"category": "drugs", "drug_type": "cocaine", "quantity": "1", "quantity_unit": "kg"}
    line.update(over)
    return line


@pytest.mark.parametrize(
    ("line", "field", "code"),
    [
        (_line(category="jewels"), "seizures[0].category", "report_category_invalid"),
        (_line(drug_type=""), "seizures[0].drug_type", "report_drug_type_required"),
        (
            _line(category="cash", quantity_unit="piece"),
            "seizures[0].drug_type",
            "report_drug_type_not_drugs",
        ),
        (_line(quantity="0"), "seizures[0].quantity", "report_quantity_not_positive"),
        (_line(quantity="-2"), "seizures[0].quantity", "report_quantity_not_positive"),
        (_line(quantity="1.2345"), "seizures[0].quantity", "report_quantity_decimals"),
        (_line(quantity="1000000.001"), "seizures[0].quantity", "report_quantity_too_large"),
        (_line(quantity="abc"), "seizures[0].quantity", "report_number_invalid"),
        (_line(quantity="NaN"), "seizures[0].quantity", "report_number_invalid"),
        (_line(quantity_unit="ton"), "seizures[0].quantity_unit", "report_unit_invalid"),
        (_line(quantity="2.5", quantity_unit="piece"), "seizures[0].quantity", "report_pieces_whole"),
        (
            {"category": "payment_cards", "quantity": "3", "quantity_unit": "kg"},
            "seizures[0].quantity_unit",
            "report_cards_in_pieces",
        ),
        (_line(value="-1", currency="EUR"), "seizures[0].value", "report_value_negative"),
        (_line(value="1.001", currency="EUR"), "seizures[0].value", "report_value_range"),
        (_line(value="10", currency="XYZ"), "seizures[0].currency", "report_currency_invalid"),
        (_line(value="10", currency=""), "seizures[0].currency", "report_currency_invalid"),
    ],
)
def test_every_figure_is_checked(net: Network, line: dict[str, Any], field: str, code: str) -> None:
    op = make_operation(net)
    with pytest.raises(InvalidInput) as exc:
        services.file_report(net.actor("DE-officer"), op.pk, **report_data(seizures=[line]))
    assert (exc.value.field, exc.value.code) == (field, code)
    assert not FieldReport.objects.exists()


def test_time_and_place_and_nationality_are_checked(net: Network) -> None:
    op = make_operation(net)
    de = net.actor("DE-officer")
    cases = [
        (report_data(occurred_at=timezone.now() + timezone.timedelta(hours=2)), "report_time_future"),
        (report_data(occurred_at=days_ago(40)), "report_time_outside"),
        (report_data(place=""), "report_place_invalid"),
        (report_data(arrests=[{"nationality": "QQ"}]), "report_nationality_invalid"),
        (report_data(seizures=[], arrests=[]), "operation_report_empty"),
        (report_data(operation_hit=99999), "report_hit_unknown"),
        (report_data(record_kind="spaceship", record_id=1), "report_record_kind_invalid"),
        (report_data(arrests=[{"nationality": "ES", "person_record_id": 99999}]), "report_person_unknown"),
    ]
    for data, code in cases:
        with pytest.raises(InvalidInput) as exc:
            services.file_report(de, op.pk, **data)
        assert exc.value.code == code
    assert not FieldReport.objects.exists()


def test_values_convert_to_euros_at_the_operation_rate(net: Network) -> None:
    op = make_operation(net)
    seizures = [
        _line(value="1000.50", currency="USD"),
        {"category": "cash", "quantity": "1", "quantity_unit": "piece", "value": "250", "currency": "eur"},
    ]
    report = services.file_report(net.actor("DE-officer"), op.pk, **report_data(seizures=seizures))
    values = sorted(report.seizures.values_list("value_eur", flat=True))
    assert values == [Decimal("250.00"), Decimal("900.45")]  # 1000.50 x 0.9, exactly
    assert report.country_id == "DE" and report.unit_id is None


def test_a_currency_without_a_rate_is_refused_and_nothing_is_written(net: Network) -> None:
    op = make_operation(net)
    seizures = [_line(value="10", currency="EUR"), _line(value="10", currency="GBP")]
    with pytest.raises(InvalidInput) as exc:
        services.file_report(net.actor("DE-officer"), op.pk, **report_data(seizures=seizures))
    assert exc.value.code == "report_rate_missing" and exc.value.field == "seizures[1].currency"
    assert "coordinator" in str(exc.value)
    assert not FieldReport.objects.exists() and not Seizure.objects.exists() and not Arrest.objects.exists()


def test_a_bad_arrest_after_good_seizures_writes_nothing(net: Network) -> None:
    op = make_operation(net)
    with pytest.raises(InvalidInput):
        services.file_report(
            net.actor("DE-officer"),
            op.pk,
            **report_data(arrests=[{"nationality": "ES"}, {"nationality": ""}]),
        )
    assert not FieldReport.objects.exists() and not Seizure.objects.exists()


def test_a_post_files_for_its_own_country_and_unit(net: Network) -> None:
    op = make_operation(net)
    report = services.file_report(net.actor("IT-unit-full"), op.pk, **report_data())
    assert report.country_id == "IT" and report.unit_id == net.units["IT-full"].pk


def test_who_may_not_file(net: Network) -> None:
    op = make_operation(net)
    with pytest.raises(NotFound):  # not a participant: the operation does not exist for them
        services.file_report(net.actor("ES-officer"), op.pk, **report_data())
    with pytest.raises(NotFound):  # a post its country did not put on the operation
        services.file_report(net.actor("DE-unit-hitonly"), op.pk, **report_data())
    op.observers.add(net.users["partner-member"].partner)
    with pytest.raises(Forbidden):  # an observer reads totals, files nothing
        services.file_report(net.actor("partner-member"), op.pk, **report_data())
    op.phase = Phase.PREPARATION
    op.save()
    with pytest.raises(Forbidden):
        services.file_report(net.actor("DE-officer"), op.pk, **report_data())
    assert not FieldReport.objects.exists()


def test_the_reporting_bureau_corrects_until_closed(net: Network) -> None:
    op = make_operation(net)
    report = services.file_report(net.actor("DE-unit-full"), op.pk, **report_data())
    with pytest.raises(Forbidden):
        services.correct_report(net.actor("IT-officer"), report.pk, **report_data())
    fixed = services.correct_report(
        net.actor("DE-officer"), report.pk, **report_data(seizures=[_line(quantity="13")], arrests=[])
    )
    assert list(fixed.seizures.values_list("quantity", flat=True)) == [Decimal("13.000")]
    assert not fixed.arrests.exists()
    from polnet.core.models import AuditEntry

    entry = AuditEntry.objects.filter(action="operation_report_correct").get()
    assert entry.detail["before"]["arrests"] == 1 and entry.detail["after"]["arrests"] == 0
    op.phase = Phase.CLOSED
    op.save()
    with pytest.raises(Forbidden):
        services.correct_report(net.actor("DE-officer"), report.pk, **report_data())


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_photos_are_added_by_the_reporter_and_served_to_participants(
    net: Network, settings: Any, tmp_path: Any
) -> None:
    from tests.factories import signed_in_client

    settings.DATA_DIR = tmp_path
    op = make_operation(net)
    report = services.file_report(net.actor("DE-officer"), op.pk, **report_data())
    with pytest.raises(Forbidden):
        services.add_photo(net.actor("IT-officer"), report.pk, _png())
    photo = services.add_photo(net.actor("DE-officer"), report.pk, _png(), caption="Bales")
    page = signed_in_client(net.users["IT-officer"]).get(
        f"/operations/reports/{report.pk}/photos/{photo.pk}/"
    )
    assert page.status_code == 200 and page.content.startswith(b"\x89PNG")
    assert (
        signed_in_client(net.users["ES-officer"])
        .get(f"/operations/reports/{report.pk}/photos/{photo.pk}/")
        .status_code
        == 404
    )


def test_the_filing_page_files_a_report_and_names_a_bad_field(net: Network) -> None:
    from tests.factories import signed_in_client

    op = make_operation(net)
    client = signed_in_client(net.users["FR-unit-full"])
    assert client.get(f"/operations/{op.pk}/reports/new/").status_code == 200
    assert b"s_quantity" in client.get(f"/operations/{op.pk}/reports/new/seizure/").content
    when = days_ago(1).strftime("%Y-%m-%dT%H:%M")
    form = {
        "place": "Le Havre",
        "occurred_at": when,
        "s_category": ["drugs", "cash"],
        "s_drug_type": ["heroin", ""],
        "s_quantity": ["3.5", "1"],
        "s_quantity_unit": ["kg", "piece"],
        "s_value": ["", "70000"],
        "s_currency": ["", "USD"],
        "s_description": ["", ""],
        "a_nationality": ["DE"],
        "a_person_record_id": [""],
        "a_notes": [""],
    }
    bad = client.post(f"/operations/{op.pk}/reports/new/", {**form, "s_quantity": ["0", "1"]})
    assert bad.status_code == 400 and b"seizures[0].quantity" in bad.content
    assert not FieldReport.objects.exists()
    done = client.post(f"/operations/{op.pk}/reports/new/", form)
    assert done.status_code == 302
    report = FieldReport.objects.get()
    assert report.unit_id == net.units["FR-full"].pk
    assert set(report.seizures.values_list("value_eur", flat=True)) == {None, Decimal("63000.00")}
