"""Errors carry a stable reason code, and every message they can show is translated.

The old failure: pages translated errors by matching their English text, so rewording a
message silently dropped its translation. Here every place in the code that raises a domain
error is read from the source: it must name a reason code, a code must mean one message,
the message's parameters must be the ones passed, and the message must be translated into
Arabic, French and Spanish. Refusals of the framework-free libraries (identifier rules,
screening engine) are translated by code through tables, which must cover every code.
"""

from __future__ import annotations

import ast
import pickle
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.functional import Promise

from polnet.core.errors import InvalidInput, NotFound, PolnetError
from polnet.core.identifier_errors import VIN_MESSAGES
from polnet.identifiers.errors import IdentifierProblem
from polnet.identifiers.mrz import MRZProblem
from polnet.identifiers.vin import VinProblem
from polnet.screening.engine.errors import InputProblem
from polnet.screening.messages import ENGINE_MESSAGES, MRZ_PARTS

SRC = Path(__file__).resolve().parents[2] / "src" / "polnet"
TRANSLATED = ("ar", "es", "fr")
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")
# Where the message is not a literal: words that others already translated (Django's password
# validators and forms, the details schema), or a table keyed by the code of a library error.
DYNAMIC_MESSAGES = {
    ("network/services.py", "password_rejected"),
    ("notices/kinds.py", "notice_details_invalid"),
    ("notices/web/views.py", "notice_act_invalid"),
    ("notices/web/views.py", "image_upload_invalid"),
}
CODE_BY_TABLE = {"core/identifier_errors.py", "screening/messages.py"}


@dataclass(frozen=True)
class RaiseSite:
    where: str  # path:line
    code: str | None  # None: not a literal
    msgid: str | None  # None: not a literal message
    params: frozenset[str]


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield str(path.relative_to(SRC)), ast.parse(path.read_text(encoding="utf-8"))


def _error_classes(modules: list[tuple[str, ast.Module]]) -> set[str]:
    names = {"PolnetError"}
    while True:
        more = {
            node.name
            for _, tree in modules
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            and any(isinstance(b, ast.Name) and b.id in names for b in node.bases)
        }
        if more <= names:
            return names
        names |= more


def _literal_msgid(node: ast.expr) -> str | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in GETTEXT
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def _assignments(tree: ast.Module) -> list[tuple[int, str, str]]:
    """(line, name, msgid) of every `name = _("...")` in a module, in any scope."""
    return sorted(
        (node.lineno, target.id, msgid)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and (msgid := _literal_msgid(node.value)) is not None
        for target in node.targets
        if isinstance(target, ast.Name)
    )


def _raise_sites() -> list[RaiseSite]:
    modules = list(_sources())
    classes = _error_classes(modules)
    module_level = {
        name: msgid for _, tree in modules for _, name, msgid in _assignments(tree) if name.isupper()
    }
    sites = []
    for path, tree in modules:
        assigned = _assignments(tree)
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in classes
            ):
                continue
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            code_node = keywords.get("code")
            code = code_node.value if isinstance(code_node, ast.Constant) else None
            message = node.args[0] if node.args else None
            msgid = _literal_msgid(message) if message is not None else None
            if isinstance(message, ast.Name):  # the nearest assignment above, else a module constant
                earlier = [m for line, name, m in assigned if name == message.id and line <= node.lineno]
                msgid = earlier[-1] if earlier else module_level.get(message.id)
            where = f"{path}:{node.lineno}"
            if code_node is None:
                sites.append(RaiseSite(where, None, None, frozenset()))
                continue
            sites.append(RaiseSite(where, code, msgid, frozenset(keywords) - {"code", "field"}))
    return sites


SITES = _raise_sites()


def _msgid(message: Promise) -> str:
    return str(message._args[0])  # type: ignore[attr-defined]  # the lazy proxy's msgid


def _codes_and_messages() -> dict[str, set[str]]:
    """Every reason code with the messages it is raised with, at literal sites and in the tables."""
    found: dict[str, set[str]] = defaultdict(set)
    for site in SITES:
        if site.code is not None and site.msgid is not None:
            found[site.code].add(site.msgid)
    for problem, message in ENGINE_MESSAGES.items():
        found[problem.value].add(_msgid(message))
    for vin_problem, message in VIN_MESSAGES.items():
        found[f"vin_{vin_problem}"].add(_msgid(message))
    return found


def _catalogue(language: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for po_path in sorted(SRC.glob(f"**/locale/{language}/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(po_path)):
            if not entry.obsolete and entry.msgstr.strip() and "fuzzy" not in entry.flags:
                out.setdefault(entry.msgid, entry.msgstr)
    return out


def test_the_source_walk_finds_the_raise_sites() -> None:
    assert len(SITES) > 250
    codes = {site.code for site in SITES}
    assert {"review_date_past", "token_scope_unknown", "checks_not_allowed", "batch_value_too_long"} <= codes


def test_every_raise_site_names_a_reason_code() -> None:
    missing = [
        site.where for site in SITES if site.code is None and not site.where.startswith(tuple(CODE_BY_TABLE))
    ]
    assert not missing, f"raised without a literal code=: {missing}"


def test_every_message_is_translatable_text_or_a_known_exception() -> None:
    dynamic = [
        site.where
        for site in SITES
        if site.msgid is None
        and not site.where.startswith(tuple(CODE_BY_TABLE))
        and (site.where.split(":")[0], site.code) not in DYNAMIC_MESSAGES
    ]
    assert not dynamic, f"messages that are neither gettext_lazy('…') nor a known exception: {dynamic}"


def test_a_code_means_one_message() -> None:
    ambiguous = {code: sorted(msgids) for code, msgids in _codes_and_messages().items() if len(msgids) > 1}
    assert not ambiguous, ambiguous


def test_codes_are_short_snake_case_names() -> None:
    bad = [code for code in _codes_and_messages() if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", code)]
    assert not bad, bad


def test_the_parameters_passed_are_the_ones_the_message_uses() -> None:
    wrong = [
        f"{site.where}: {sorted(site.params)} for {site.msgid!r}"
        for site in SITES
        if site.msgid is not None and site.params != set(PLACEHOLDER.findall(site.msgid))
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_error_message_is_translated(language: str) -> None:
    catalogue = _catalogue(language)
    messages = {msgid for msgids in _codes_and_messages().values() for msgid in msgids}
    messages |= {_msgid(part) for part in MRZ_PARTS.values()}
    messages |= {
        "The machine-readable zone does not read correctly.",
        "The machine-readable zone does not read correctly: check %(part)s.",
    }
    missing = sorted(msgid for msgid in messages if msgid not in catalogue)
    assert not missing, f"{len(missing)} error messages have no {language} translation: {missing}"
    lost = sorted(
        msgid
        for msgid in messages
        if not set(PLACEHOLDER.findall(catalogue[msgid])) <= set(PLACEHOLDER.findall(msgid))
    )
    assert not lost, f"translations that use placeholders their message does not pass: {lost}"


def test_the_library_refusals_are_translated_by_code() -> None:
    assert set(ENGINE_MESSAGES) == set(InputProblem) | set(IdentifierProblem)
    assert set(VIN_MESSAGES) == set(VinProblem)
    assert all(problem.value.startswith("mrz_") for problem in MRZProblem)
    mrz_fields = {
        node.args[0].value
        for node in ast.walk(ast.parse((SRC / "identifiers" / "mrz.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "MRZError"
        and isinstance(node.args[0], ast.Constant)
    }
    assert mrz_fields and mrz_fields <= set(MRZ_PARTS)


def test_a_message_is_read_in_the_language_that_shows_it() -> None:
    exc = InvalidInput(
        translation.gettext_lazy("The review date must be at most five years ahead (%(date)s)."),
        code="review_date_too_far",
        field="review_date",
        date="2031-01-01",
    )
    with translation.override("fr"):
        french = str(exc.message)
        body = exc.as_dict()
    assert "2031-01-01" in french and "review date" not in french
    assert body == {
        "error": "invalid",
        "code": "review_date_too_far",
        "detail": f"review_date: {french}",
        "field": "review_date",
    }
    with translation.override("ar"):
        assert str(exc) == "The review date must be at most five years ahead (2031-01-01)."  # logs: English
    again = pickle.loads(pickle.dumps(exc))
    assert isinstance(again, InvalidInput) and (again.code, again.field) == (exc.code, exc.field)
    with translation.override("fr"):
        assert str(again.message) == french


def test_a_domain_error_needs_its_code() -> None:
    with pytest.raises(TypeError):
        NotFound("No such thing.")  # type: ignore[call-arg]
    assert issubclass(NotFound, PolnetError)


@pytest.mark.parametrize(
    ("schemas", "table"),
    [
        ("records/schemas.py", "polnet.records.forms:RECORD_MESSAGES"),
        ("notices/schemas.py", "polnet.notices.web.forms:NOTICE_MESSAGES"),
    ],
)
def test_the_page_forms_translate_every_refusal_of_their_schemas(schemas: str, table: str) -> None:
    """A schema's own refusal (PydanticCustomError) reaches a page form in the reader's language."""
    import importlib

    from polnet.core.sharing import LISTED_WITH_ALL, NONE_LISTED

    module, name = table.split(":")
    messages = getattr(importlib.import_module(module), name)
    tree = ast.parse((SRC / schemas).read_text(encoding="utf-8"))
    types = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "PydanticCustomError"
        and isinstance(node.args[0], ast.Constant)
    }
    types |= {LISTED_WITH_ALL, NONE_LISTED}  # the sharing check both schemas inherit
    assert len(types) > 2 and types <= set(messages), types - set(messages)
