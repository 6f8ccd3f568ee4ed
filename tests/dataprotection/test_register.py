"""The register of processing, generated from the models, the access rule and the settings."""

from __future__ import annotations

import csv
import io

from polnet.dataprotection.console import register
from tests.factories import Network, make_record, signed_in_client


def test_register_reads_the_models(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    entries = {e.kind: e for e in register.register()}
    assert set(entries) == {"person", "document", "vehicle", "firearm", "artwork"}
    person = entries["person"]
    purposes = {p["value"]: p["records"] for p in person.purposes}
    assert purposes["investigation"] == 1 and purposes["locate_wanted"] == 0 and len(purposes) == 8
    fields = {c["code"]: c["fields"] for c in person.categories}
    assert {"names", "dob_year", "sex", "nationalities"} <= set(fields["identity"])
    assert "distinguishing_marks" in fields["physical"] and "identifiers" in fields["identifiers"]
    assert "handling_code" in fields["grading"] and "review_date" in fields["management"]
    assert "vin" in {f for c in entries["vehicle"].categories for f in c["fields"]}
    assert any("five years" in line for line in person.retention)
    assert any("Extended-access units" in line for line in person.recipients)


def test_retention_grace_comes_from_the_settings(settings: object) -> None:
    assert any(line.startswith("90 days after the review date") for line in register.retention())
    settings.POLNET_RETENTION_GRACE_DAYS = 30  # type: ignore[attr-defined]
    settings.POLNET_RETENTION_NOTICE_DAYS = 14  # type: ignore[attr-defined]
    lines = register.retention()
    assert any(line.startswith("30 days after the review date") for line in lines)
    assert any("14 days before the review date" in line for line in lines)


def test_register_page_csv_and_api(net: Network) -> None:
    client = signed_in_client(net.users["DE-dpo"])
    assert "Categories of data" in client.get("/dataprotection/console/register/").content.decode()
    rows = list(csv.reader(io.StringIO(client.get("/dataprotection/console/register.csv").content.decode())))
    assert rows[0] == ["kind", "name", "purposes", "categories", "retention", "recipients"] and len(rows) == 6
    body = client.get("/api/dataprotection/register").json()
    assert [e["kind"] for e in body] == ["person", "document", "vehicle", "firearm", "artwork"]
    assert client.get("/api/dataprotection/register?format=csv").content.decode().startswith("kind,name")
    assert (
        signed_in_client(net.users["DE-officer"]).get("/dataprotection/console/register/").status_code == 403
    )
