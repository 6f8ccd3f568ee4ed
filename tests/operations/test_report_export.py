"""The final report's PDF and CSV carry the handling code and the totals; the public summary has
no personal data and appears only once released."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.test import Client
from pypdf import PdfReader

from polnet.core.errors import Forbidden
from polnet.operations.models import Operation, Phase
from polnet.operations.reports import export, results, services
from tests.factories import Network, make_record, signed_in_client
from tests.operations.reports_helpers import days_ago, make_operation, report_data

pytestmark = pytest.mark.django_db


def _seed(net: Network) -> Operation:
    op = make_operation(net)
    person = make_record(net.actor("DE-officer"), "person")
    for n in range(30):  # enough rows for several pages
        services.file_report(
            net.actor("DE-officer"),
            op.pk,
            **report_data(
                place=f"=cmd|' /C calc'!A0 dock {n}",
                occurred_at=days_ago(n % 5),
                seizures=[
                    {
                        "category": "drugs",
                        "drug_type": "cocaine",
                        "quantity": "2",
                        "quantity_unit": "kg",
                        "value": "1000",
                        "currency": "EUR",
                    },
                    {
                        "category": "documents",
                        "quantity": "1",
                        "quantity_unit": "piece",
                        "description": f"Passport {n}",
                    },
                ],
                arrests=[{"nationality": "ES", "person_record_id": person.pk}, {"nationality": "IT"}],
            ),
        )
    return op


def test_pdf_has_the_handling_code_on_every_page_and_the_totals(net: Network) -> None:
    op = _seed(net)
    data = export.pdf(op, results.results_for(net.actor("FR-officer"), op))
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 2
    texts = [p.extract_text() for p in pages]
    for text in texts:
        assert "Handling code H2" in text
    whole = "\n".join(texts)
    assert (
        "60 kg of cocaine" in whole
        and "30000.00" in whole
        and "60 arrests" in whole
        and "Passport 29" in whole
    )
    # Follow-ups read as words, not codes: the documents to record, the unlinked arrests.
    assert "Travel document" in whole and "Create a record" in whole and "Person" in whole


def test_csv_rows_and_handling_code(net: Network) -> None:
    op = _seed(net)
    rows = list(csv.reader(io.StringIO(export.csv_text(op))))
    assert rows[0][0].startswith("# Handling code H2")
    assert rows[1][0] == "row"
    body = rows[2:]
    assert sum(r[0] == "seizure" for r in body) == 60 and sum(r[0] == "arrest" for r in body) == 60
    assert all(r[5].startswith("'=") for r in body)  # a formula in a place is neutralised


def test_the_csv_page_is_for_participants(net: Network) -> None:
    op = _seed(net)
    response = signed_in_client(net.users["IT-officer"]).get(f"/operations/{op.pk}/report.csv")
    assert response.status_code == 200 and b"Handling code H2" in response.content
    assert signed_in_client(net.users["ES-officer"]).get(f"/operations/{op.pk}/report.csv").status_code == 404


def test_public_summary_only_once_released_and_without_personal_data(net: Network) -> None:
    op = _seed(net)
    anonymous = Client()
    assert anonymous.get(f"/operations/public/{op.code_name}/").status_code == 404
    with pytest.raises(Forbidden):  # still active
        services.release_summary(net.actor("FR-officer"), op.pk)
    op.phase = Phase.CLOSING
    op.save()
    with pytest.raises(Forbidden):  # a participant, not the coordinator
        services.release_summary(net.actor("DE-officer"), op.pk)
    services.release_summary(net.actor("FR-officer"), op.pk)
    op.refresh_from_db()
    assert op.public_summary is not None
    flat = repr(op.public_summary)
    assert (
        "dock" not in flat and "Ivanov" not in flat and "person_record" not in flat and "Passport" not in flat
    )
    assert op.public_summary["arrests"] == 60 and op.public_summary["value_eur"] == "30000.00"
    page = anonymous.get(f"/operations/public/{op.code_name}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "dock" not in text and "30000.00" in text
    # Labels and names, not the stored codes; the report's headline.
    assert "60 kg of cocaine, EUR 30.0 k, 60 arrests, 3 countries" in text
    assert "Germany" in text and "payment_cards" not in text and ">documents<" not in text
    french = anonymous.get(f"/operations/public/{op.code_name}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "60 kg de cocaïne" in french and "Drogues (Cocaïne)" in french


def test_final_report_page_shows_observers_no_personal_data(net: Network) -> None:
    op = _seed(net)
    op.observers.add(net.users["partner-member"].partner)
    page = signed_in_client(net.users["partner-member"]).get(f"/operations/{op.pk}/report/")
    assert page.status_code == 200
    assert b"60 kg of cocaine" in page.content and b"dock" not in page.content and b"<svg" in page.content
    full = signed_in_client(net.users["FR-officer"]).get(f"/operations/{op.pk}/report/")
    assert b"dock" in full.content


def test_the_command_line_prints_the_results_and_writes_both_files(net: Network, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from polnet.cli import app as cli_app
    from polnet.network.models import Partner

    op = _seed(net)
    runner = CliRunner()
    pdf, sheet = tmp_path / "final.pdf", tmp_path / "final.csv"
    done = runner.invoke(
        cli_app,
        ["operations", "results", str(op.pk), "--as", "fr-officer", "--pdf", str(pdf), "--csv", str(sheet)],
    )
    assert done.exit_code == 0, done.output
    assert "60 kg of cocaine" in done.stdout and "DE\t30\t30000.00 EUR\t60" in done.stdout
    assert "Handling code H2" in PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    assert sheet.read_text(encoding="utf-8").startswith("# Handling code H2")
    op.observers.add(Partner.objects.get(pk=net.users["partner-member"].partner_id))
    observer = runner.invoke(
        cli_app,
        ["operations", "results", str(op.pk), "--as", "partner-member", "--csv", str(tmp_path / "x.csv")],
    )
    assert observer.exit_code == 1 and "operation_not_found" in observer.stderr, observer.output
    assert "60 kg of cocaine" in observer.stdout and not (tmp_path / "x.csv").exists()
    outsider = runner.invoke(cli_app, ["operations", "results", str(op.pk), "--as", "es-officer"])
    assert outsider.exit_code == 1 and "operation_not_found" in outsider.stderr
