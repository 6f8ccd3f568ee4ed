"""Every interface string is translated into the network's four working languages.

Checks every message catalogue of the project (the global one in src/polnet/locale and any
app's own locale/): nothing left empty or fuzzy, and the compiled .mo matches its .po. Then
checks that every string a template marks for translation is translated in one of them.

To refresh the global catalogue after changing strings (needs Debian's gettext):
    cd src/polnet && DJANGO_SETTINGS_MODULE=polnet.settings ../../.venv/bin/python -m django \\
        makemessages -l ar -l en -l es -l fr --no-location --no-obsolete --ignore 'static/*' \\
        --ignore 'notices/*' --ignore 'screening/*' --ignore 'messaging/*' --ignore 'synthetic/*'
then translate the new entries and compile each file: msgfmt --check -o django.mo django.po
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.utils.translation.template import templatize

SRC = Path(__file__).resolve().parents[2] / "src" / "polnet"
LANGUAGES = ("ar", "en", "es", "fr")
CATALOGUES = sorted(SRC.glob("**/locale/*/LC_MESSAGES/django.po"))
TEMPLATES = sorted(p for p in SRC.glob("**/templates/**/*.html"))

_STR = r"""u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_CALLS = [
    (re.compile(rf"\b(?:gettext|_)\(\s*{_STR}\s*\)"), lambda m: (None, m[1])),
    (re.compile(rf"\bngettext\(\s*{_STR}\s*,\s*{_STR}\s*,"), lambda m: (None, m[1])),
    (re.compile(rf"\bpgettext\(\s*{_STR}\s*,\s*{_STR}\s*\)"), lambda m: (m[1], m[2])),
    (re.compile(rf"\bnpgettext\(\s*{_STR}\s*,\s*{_STR}\s*,\s*{_STR}\s*,"), lambda m: (m[1], m[2])),
]


def _language(po_path: Path) -> str:
    return po_path.parent.parent.name


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(v.strip() for v in entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())


def test_the_global_catalogue_covers_the_four_languages() -> None:
    for lang in LANGUAGES:
        assert (SRC / "locale" / lang / "LC_MESSAGES" / "django.po").is_file(), lang


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_string_is_left_untranslated(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    assert po.metadata.get("Language") == _language(po_path)
    assert "nplurals=INTEGER" not in po.metadata.get("Plural-Forms", "nplurals=INTEGER")
    untranslated = [e.msgid for e in po if not e.obsolete and not _translated(e)]
    fuzzy = [e.msgid for e in po if not e.obsolete and "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated in {po_path}: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {po_path}: {fuzzy[:20]}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_compiled_catalogue_matches_its_source(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} is missing: compile it with msgfmt"

    def table(entries: polib._BaseFile) -> dict[tuple[str | None, str], object]:
        return {
            (e.msgctxt, e.msgid): (dict(e.msgstr_plural) if e.msgid_plural else e.msgstr)
            for e in entries
            if not e.obsolete and e.msgid
        }

    assert table(polib.mofile(str(mo_path))) == table(polib.pofile(str(po_path))), f"recompile {mo_path}"


def _template_strings(path: Path) -> set[tuple[str | None, str]]:
    text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found: set[tuple[str | None, str]] = set()
    for pattern, pick in _CALLS:
        for match in pattern.finditer(text):
            context, msgid = pick(match)
            found.add((ast.literal_eval(context) if context else None, ast.literal_eval(msgid)))
    return found


def test_template_strings_are_found() -> None:
    strings = _template_strings(SRC / "records" / "templates" / "records" / "_results.html")
    assert (None, "Page %(page)s of %(pages)s") in strings and (None, "%(number)s record") in strings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_string_is_translated(lang: str) -> None:
    known: set[tuple[str | None, str]] = set()
    for po_path in CATALOGUES:
        if _language(po_path) == lang:
            known |= {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if _translated(e)}
    missing = [
        f"{path.relative_to(SRC)}: {msgid!r}"
        for path in TEMPLATES
        for context, msgid in sorted(_template_strings(path), key=str)
        if (context, msgid) not in known
    ]
    assert not missing, f"{len(missing)} template strings have no {lang} translation: {missing[:30]}"
