"""The FollowTheMoney export: every line re-read and validated by the library's own model,
ids stable, the handling code carried, and only what the reader may see."""

from __future__ import annotations

import json

from followthemoney import model

from polnet.analysis.reports import services as reports
from polnet.analysis.reports.ftm import render_ftm
from tests.analysis.reports_helpers import build_case
from tests.factories import Network


def _read(lines: str) -> list:
    proxies = []
    for line in lines.splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data)  # refuses an unknown schema
        proxy.schema.validate(data)  # raises on a value its property type refuses
        for prop in proxy.schema.required:
            assert proxy.has(prop), (proxy.schema.name, prop)
        assert proxy.to_dict()["properties"] == data["properties"]
        proxies.append(proxy)
    return proxies


def test_export_validates_and_carries_the_handling_code(net: Network) -> None:
    case = build_case(net, handling_code="H1")
    opened = reports.open_report(net.actor("FR-analyst"), case.report.pk, purpose="ftm")
    proxies = _read(render_ftm(opened.view))
    by_schema: dict[str, list] = {}
    for p in proxies:
        by_schema.setdefault(p.schema.name, []).append(p)
        values = p.get("notes", quiet=True) + p.get("summary", quiet=True)
        assert any("H1" in v for v in values), p.schema.name
    assert set(by_schema) == {"Article", "Person", "Vehicle", "Documentation", "UnknownLink"}
    (article,) = by_schema["Article"]
    assert article.get("title") == ["Firearms on the Balkan route"]
    assert "Première ligne, en français." in article.first("bodyText")
    (person,) = by_schema["Person"]
    assert person.get("birthDate") == ["1974-08-12"] and person.get("nationality") == ["ru"]
    assert "Ivan Ivanov" in person.get("name")
    (vehicle,) = by_schema["Vehicle"]
    assert vehicle.get("registrationNumber") == ["AB123CD"]
    assert len(by_schema["Documentation"]) == 2
    (link,) = by_schema["UnknownLink"]
    assert link.get("subject") == [person.id] and link.get("object") == [vehicle.id]
    assert link.get("role") == ["drives"]
    # Ids are stable: the same report exported again gives the same ids.
    again = _read(
        render_ftm(reports.open_report(net.actor("DE-analyst"), case.report.pk, purpose="ftm").view)
    )
    assert {p.id for p in again} == {p.id for p in proxies}


def test_export_leaves_out_what_the_reader_may_not_see(net: Network) -> None:
    case = build_case(net)
    reports.issue_report(net.actor("FR-analyst"), case.report.pk, restriction="all")
    opened = reports.open_report(net.actor("ES-officer"), case.report.pk, purpose="ftm")
    text = render_ftm(opened.view)
    proxies = _read(text)
    assert "Vehicle" not in {p.schema.name for p in proxies}
    assert "AB123CD" not in text and "1M8GDM9AXKP042788" not in text
    assert "UnknownLink" not in {p.schema.name for p in proxies}  # its other end is withheld
    assert {p.schema.name for p in proxies} == {"Article", "Person", "Documentation"}


def test_documents_and_notices_export(net: Network) -> None:
    from tests.factories import make_record
    from tests.notices.helpers import published

    fr = net.actor("FR-officer")
    case = build_case(net)
    holder = case.shared
    document = make_record(fr, "document")
    from polnet.records import services as records

    records.update_record(fr, "document", document.pk, {"holder_id": holder.pk, "version": document.version})
    notice = published(net)
    firearm = make_record(fr, "firearm")
    reports.add_section(
        net.actor("FR-analyst"),
        case.report.pk,
        kind="entities",
        data={"keys": [f"document:{document.pk}", f"notice:{notice.pk}", f"firearm:{firearm.pk}"]},
    )
    proxies = _read(
        render_ftm(reports.open_report(net.actor("FR-analyst"), case.report.pk, purpose="ftm").view)
    )
    names = {p.schema.name for p in proxies}
    assert {"Passport", "Sanction", "Asset"} <= names
    (passport,) = [p for p in proxies if p.schema.name == "Passport"]
    persons = {p.id for p in proxies if p.schema.name == "Person"}
    assert passport.first("holder") in persons
