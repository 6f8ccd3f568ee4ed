"""The notices catalogues: every message translated in Arabic, French and Spanish, English as
written, format placeholders kept, and the compiled files up to date with the sources."""

from __future__ import annotations

import gettext
import re
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

import polnet.notices

LOCALE = Path(polnet.notices.__file__).parent / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]")


def _catalogue(language: str) -> dict[object, str]:
    """The compiled catalogue as the standard library reads it: msgid (with "context\x04" in
    front when there is one, or (msgid, form) for plurals) -> translation."""
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as fh:
        return dict(gettext.GNUTranslations(fh)._catalog)  # type: ignore[attr-defined]


def _statistics(language: str) -> str:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stderr


@pytest.mark.parametrize("language", ["ar", "en", "es", "fr"])
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    stats = _statistics(language)
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
    catalogue = _catalogue(language)
    assert len(catalogue) > 300
    for key, text in catalogue.items():
        if key == "":
            continue  # the header
        msgid = key[0] if isinstance(key, tuple) else str(key).split("\x04")[-1]
        assert text.strip(), (language, key)
        wanted = set(PLACEHOLDER.findall(msgid)) - {"%(counter)s"}
        assert wanted <= set(PLACEHOLDER.findall(text)), (language, msgid, text)
        if language == "en" and not isinstance(key, tuple):
            assert text == msgid


@pytest.mark.parametrize("language", ["ar", "en", "es", "fr"])
def test_compiled_catalogues_match_their_sources(language: str, tmp_path: Path) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(folder / "django.po")], check=True)
    assert fresh.read_bytes() == (folder / "django.mo").read_bytes()


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Notices et diffusions"), ("es", "Notificaciones y difusiones"), ("ar", "النشرات والتعاميم")],
)
def test_messages_are_served_in_each_language(language: str, text: str) -> None:
    with translation.override(language):
        assert translation.gettext("Notices and diffusions") == text
        assert translation.pgettext("notice kind", "Red") != "Red"
        assert translation.pgettext("hair", "Red") != translation.pgettext("notice kind", "Red")
