"""Notices as FollowTheMoney: the notices a user may see, as the Person each names and a
Sanction, through the API and the command line; the same ids as an analysis report's export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from followthemoney import model
from typer.testing import CliRunner

from polnet.core.models import AuditEntry
from polnet.notices import ftm
from tests.factories import Network, signed_in_client
from tests.notices.helpers import YELLOW, draft, published


def _read(text: str) -> list[dict[str, object]]:
    out = []
    for line in text.splitlines():
        data = json.loads(line)
        assert model.get_proxy(data, cleaned=False).to_dict()["properties"] == data["properties"]
        out.append(data)
    return out


@pytest.mark.django_db
def test_visible_notices_are_exported_as_person_and_sanction(net: Network) -> None:
    red = published(net)
    hidden = draft(net, base=YELLOW)  # the bureau's own draft: DE may not see it
    response = signed_in_client(net.users["DE-officer"]).get("/api/notices/ftm/export")
    assert response.status_code == 200
    entities = _read(b"".join(response.streaming_content).decode())  # type: ignore[attr-defined]
    assert sorted(e["schema"] for e in entities) == ["Person", "Sanction"]
    person = next(e for e in entities if e["schema"] == "Person")
    sanction = next(e for e in entities if e["schema"] == "Sanction")
    assert set(person["properties"]["name"]) == {"Viktor Petrenko", "Виктор Петренко"}  # type: ignore[index]
    assert person["properties"]["birthDate"] == ["1981-04-17"]  # type: ignore[index]
    assert sanction["properties"]["entity"] == [person["id"]]  # type: ignore[index]
    assert sanction["properties"]["authority"] == ["polnet FR"]  # type: ignore[index]
    assert person["id"] == ftm.make("Person", f"notice:{red.pk}").id  # the analysis export's id
    assert AuditEntry.objects.filter(action="export", object_type="notice").exists()
    own = signed_in_client(net.users["FR-officer"]).get("/api/notices/ftm/export?state=draft")
    names = [e for e in _read(b"".join(own.streaming_content).decode()) if e["schema"] == "Person"]  # type: ignore[attr-defined]
    assert names and names[0]["id"] == ftm.make("Person", f"notice:{hidden.pk}").id


@pytest.mark.django_db
def test_the_command_line_exports_as_the_user(net: Network, tmp_path: Path) -> None:
    from polnet.cli import app

    published(net)
    out = tmp_path / "notices.ftm.json"
    result = CliRunner().invoke(
        app, ["notices", "ftm-export", "--as", net.users["DE-officer"].username, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(_read(out.read_text(encoding="utf-8"))) == 2
    # The system administrator reads no notice: nothing leaves.
    none = CliRunner().invoke(app, ["notices", "ftm-export", "--as", net.users["gs-sysadmin"].username])
    assert none.exit_code == 0 and "Exported 0 entities." in none.output


@pytest.mark.django_db
def test_the_list_page_exports_what_its_filters_show(net: Network) -> None:
    published(net)
    client = signed_in_client(net.users["DE-officer"])
    page = client.get("/notices/?kind=red&state=published").content.decode()
    link = "/api/notices/ftm/export?kind=red&amp;state=published&amp;channel=&amp;country="
    assert f'href="{link}" download' in page
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200
    assert len(_read(b"".join(response.streaming_content).decode())) == 2  # type: ignore[attr-defined]
