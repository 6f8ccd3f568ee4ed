"""One unambiguous date form in every language: ISO dates and 24-hour times, everywhere."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from tests.factories import Network, make_record, signed_in_client

SRC = Path(__file__).resolve().parents[2] / "src" / "polnet"
LANGUAGES = ("ar", "en", "es", "fr")
# "c" is ISO 8601 for the machine-readable datetime attribute of <time>.
ALLOWED = {
    "c",
    "Y-m-d",
    "Y-m-d H:i",
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",  # a month: 2026-12 in every language
}
AMBIGUOUS = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_writes_dates_the_same_unambiguous_way(language: str) -> None:
    day = date(2026, 3, 12)
    moment = datetime(2026, 3, 12, 9, 5, tzinfo=UTC)
    with translation.override(language):
        assert date_format(day, "DATE_FORMAT") == "2026-03-12"
        assert date_format(day, "SHORT_DATE_FORMAT") == "2026-03-12"
        assert date_format(moment, "DATETIME_FORMAT") == "2026-03-12 09:05"
        shown = Template("{{ d }}|{{ m }}|{{ d|date }}|{{ m|date:'SHORT_DATETIME_FORMAT' }}").render(
            Context({"d": day, "m": moment})
        )
        assert shown == "2026-03-12|2026-03-12 09:05|2026-03-12|2026-03-12 09:05"


def test_templates_name_no_date_format_of_their_own() -> None:
    found = []
    for path in SRC.glob("**/templates/**/*.html"):
        for fmt in re.findall(r"""\|date:["']([^"']*)["']""", path.read_text(encoding="utf-8")):
            if fmt not in ALLOWED:
                found.append(f"{path.relative_to(SRC)}: {fmt}")
    assert not found, found


def test_the_messaging_pages_write_times_as_the_server_does() -> None:
    ui = (SRC / "messaging" / "static" / "messaging" / "ui.js").read_text(encoding="utf-8")
    assert "toLocaleString" not in ui and "toISOString" in ui


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_record_page_shows_iso_dates_in_every_language(net: Network, language: str) -> None:
    rec = make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["FR-officer"])
    client.cookies["django_language"] = language
    html = client.get(f"/records/person/{rec.pk}/").content.decode()
    assert rec.review_date.isoformat() in html
    assert not AMBIGUOUS.search(html), AMBIGUOUS.search(html)
