"""The post's own catalogue (`polnet/post/locale/<lang>/LC_MESSAGES/post.po`, stdlib gettext):
every message the post can show is translated into the four languages, and the compiled .mo
files are the .po files' own.

The messages are read from the source: the first argument of `_`, `N_`, `t` and `gettext`
calls (also inside f-strings), both of `ngettext`, and the message of every refusal the post
raises (`PostError`, `PackageRefused`, `BadRequest`). A failure names the messages missing.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest

from polnet.post import i18n

POST = Path(__file__).resolve().parents[2] / "src" / "polnet" / "post"
LANGUAGES = ("ar", "en", "es", "fr")
SINGULAR = {"_", "N_", "t", "gettext"}
REFUSALS = {"PostError": 1, "PackageRefused": 1, "BadRequest": 1}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _literal(args: list[ast.expr], i: int) -> str | None:
    arg = args[i] if len(args) > i else None
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None


def marked_messages() -> set[tuple[str, str | None]]:
    """(msgid, plural) of every message in the post's source."""
    found: set[tuple[str, str | None]] = set()
    for path in sorted(POST.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            if name in SINGULAR or name in REFUSALS:
                msgid = _literal(node.args, REFUSALS.get(name, 0))
                if msgid:
                    found.add((msgid, None))
            elif name == "ngettext" and (one := _literal(node.args, 0)) and (many := _literal(node.args, 1)):
                found.add((one, many))
    return found


def _po(language: str) -> polib.POFile:
    return polib.pofile(str(POST / "locale" / language / "LC_MESSAGES" / "post.po"))


def test_the_source_walk_finds_the_messages() -> None:
    found = {msgid for msgid, _ in marked_messages()}
    assert "Border post checks" in found  # inside an f-string of the page
    assert "This package is of another format. Update polnet on this machine." in found  # a refusal
    assert "Enter a name with at least one letter." in found  # a table of the engine's refusals
    assert ("%(count)s hit waits for upload.", "%(count)s hits wait for upload.") in marked_messages()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    po = _po(language)
    assert po.metadata.get("Language") == language
    entries = {e.msgid: e for e in po if not e.obsolete}
    missing = sorted(msgid for msgid, _ in marked_messages() if msgid not in entries)
    assert not missing, f"{len(missing)} messages missing from {language}/post.po: {missing}"
    for entry in entries.values():
        assert "fuzzy" not in entry.flags, entry.msgid
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        assert all(t.strip() for t in texts), f"untranslated in {language}: {entry.msgid!r}"
        for text in texts:  # a translation uses exactly the message's parameters
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(entry.msgid)), text
        if language != "en" and entry.msgid != "VIN" and not entry.msgid_plural:
            assert entry.msgstr != entry.msgid or len(entry.msgid) <= 8, f"{language}: {entry.msgid!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_sources(language: str) -> None:
    mo = POST / "locale" / language / "LC_MESSAGES" / "post.mo"
    assert mo.is_file(), f"{mo} is missing: compile it with msgfmt"
    compiled = {e.msgid: (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(mo)) if e.msgid}
    source = {e.msgid: (e.msgstr, dict(e.msgstr_plural)) for e in _po(language) if e.msgid and not e.obsolete}
    assert compiled == source, f"recompile {mo}: msgfmt --check -o post.mo post.po"


def test_the_catalogue_is_read_by_the_standard_library() -> None:
    assert i18n.catalog("fr").gettext("Border post checks") != "Border post checks"
    assert i18n.catalog("ar").ngettext(
        "%(count)s hit waits for upload.", "%(count)s hits wait for upload.", 3
    )
