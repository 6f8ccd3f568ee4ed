"""The post's messages in Arabic, English, French and Spanish: stdlib gettext, no Django.

The catalogue is the post's own (`locale/<lang>/LC_MESSAGES/post.mo`, domain "post"). A
message is kept as its English text with its parameters (`Text`) and translated where it is
shown: the page in its reader's language, the command line in the terminal's. Refusals keep
a stable code beside their text; the code is the machine-readable part and never translated.

After changing messages, `tests/offline/test_post_catalogue.py` names those missing from a
catalogue (it reads them from the source, f-strings included): add them to each
`locale/<lang>/LC_MESSAGES/post.po`, translate, and compile: msgfmt --check -o post.mo post.po
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DOMAIN = "post"
LOCALE = Path(__file__).with_name("locale")
# Each language in its own name, for the selector.
LANGUAGES = {"ar": "العربية", "en": "English", "es": "Español", "fr": "Français"}
RTL = frozenset({"ar"})
DEFAULT = "en"

Catalog = gettext.NullTranslations


def N_(msgid: str) -> str:
    """Marks a message for the catalogue where it is defined; it is translated where shown."""
    return msgid


@functools.cache
def catalog(language: str) -> Catalog:
    return gettext.translation(DOMAIN, LOCALE, languages=[language], fallback=True)


ENGLISH: Catalog = gettext.NullTranslations()


@dataclass(frozen=True)
class Text:
    """A message to translate where it is shown; parameters that are `Text` are translated too."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, cat: Catalog) -> str:
        text = cat.gettext(self.msgid)
        if not self.params:
            return text
        return text % {k: v.render(cat) if isinstance(v, Text) else v for k, v in self.params.items()}

    def __str__(self) -> str:
        return self.render(ENGLISH)


class Refusal(Exception):
    """Something the post refuses or cannot do: ``code`` is stable, the message translatable."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        self.code = code
        self.text = Text(message, params)
        super().__init__(str(self.text))

    def message_in(self, cat: Catalog) -> str:
        return self.text.render(cat)


def language_of(tag: str | None) -> str | None:
    """The language a tag names, if the post speaks it: 'fr-CH', 'fr_FR.UTF-8', 'AR' -> 'fr', 'ar'."""
    if not tag:
        return None
    primary = tag.strip().split(".")[0].replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def from_accept_language(header: str) -> str | None:
    """The first language of an Accept-Language header the post speaks, by preference."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        language = language_of(tag)
        if language and quality > 0:
            ranked.append((-quality, i, language))
    return min(ranked)[2] if ranked else None


def cli_language(environ: Mapping[str, str] = os.environ) -> str:
    """The command line's language: POLNET_POST_LANG, else the terminal's locale, else English."""
    chosen = language_of(environ.get("POLNET_POST_LANG"))
    if chosen:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # the first one set decides, as in POSIX
        if environ.get(name):
            return language_of(environ[name]) or DEFAULT
    return DEFAULT
