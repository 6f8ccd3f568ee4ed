"""Why a candidate matches, in the officer's language: the engine gives codes, the page words them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from polnet.screening.engine.person.dates import DateMatch
from polnet.screening.engine.person.search import _LABEL_CODE
from polnet.screening.models import Hit
from polnet.screening.reasons import DATE_MATCHES, NAME_LABELS, REASONS
from polnet.screening.web.display import worded
from tests.factories import Network, make_record, signed_in_client

ENGINE = Path(__file__).resolve().parents[2] / "src" / "polnet" / "screening" / "engine"
# Words of the English details that must not show on a French or Arabic page.
ENGLISH = (
    "same day",
    "shared",
    "read as",
    "read for",
    "differs",
    "swapped",
    "exact:",
    "near:",
    "issued by",
    " vs ",
    "typo",
    "reported",
    "serial",
    "plate ",
    "position",
    "OCR",
    "not given",
    "make ",
    "nationality",
)


def _literal_codes(node: ast.expr) -> list[str] | None:
    """The codes an expression can take when written in place, None when it is not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_codes(node.body), _literal_codes(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _code_arg(call: ast.Call, position: int) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == "code":
            return kw.value
    return call.args[position] if len(call.args) > position else None


def _passed_through(node: ast.expr) -> bool:
    """A code handed on as it came: a parameter named code, or another clause's code."""
    return (isinstance(node, ast.Name) and node.id == "code") or (
        isinstance(node, ast.Attribute) and node.attr == "code"
    )


def _engine_codes() -> tuple[int, list[tuple[str, int, str]]]:
    """(how many Features are built, every (file, line, code) the engine can give)."""
    features, codes = 0, []
    for path in sorted(ENGINE.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args.args + node.args.kwonlyargs
                defaults = [None] * (len(node.args.args) - len(node.args.defaults)) + node.args.defaults
                defaults += node.args.kw_defaults
                for arg, default in zip(args, defaults, strict=True):
                    if arg.arg == "code" and default is not None:
                        for code in _literal_codes(default) or [f"<not a literal: {ast.unparse(default)}>"]:
                            codes.append((path.name, node.lineno, code))
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            position = {"Feature": 5, "Clause": 0, "confusion_notes": 3}.get(name)
            if position is None:
                continue
            arg = _code_arg(node, position)
            if arg is None:
                if name == "confusion_notes":
                    continue  # its default code, checked above
                codes.append((path.name, node.lineno, "<no code>"))
                continue
            features += name == "Feature"
            literal = _literal_codes(arg)
            if literal is None and not _passed_through(arg):
                literal = [f"<not a literal: {ast.unparse(arg)}>"]
            codes += [(path.name, node.lineno, code) for code in literal or []]
    return features, codes


def test_every_feature_the_engine_builds_has_a_code_the_page_words() -> None:
    features, codes = _engine_codes()
    assert features >= 7 and set(REASONS) <= {code for _, _, code in codes}  # the walk sees them all
    missing = [(f, line, code) for f, line, code in codes if code not in REASONS]
    assert not missing, missing


def test_every_word_value_has_its_translation() -> None:
    assert set(_LABEL_CODE.values()) <= set(NAME_LABELS)
    assert {m.value for m in DateMatch} <= set(DATE_MATCHES)
    tables = (*REASONS.values(), *NAME_LABELS.values(), *DATE_MATCHES.values())
    words = [t for t in tables if not isinstance(t, str)]
    with translation.override("en"):
        english = [str(t) for t in words]
    for language in ("ar", "es", "fr"):
        with translation.override(language):
            untranslated = [e for t, e in zip(words, english, strict=True) if str(t) == e]
        assert not untranslated, (language, untranslated)


def test_a_hit_stored_before_the_codes_shows_its_english_detail() -> None:
    old = {"feature": "name", "strength": 1, "supports": True, "detail": "Ivan ~ Ivan (exact, 1.00)"}
    with translation.override("fr"):
        assert worded(old) == "<bdi>Ivan ~ Ivan (exact, 1.00)</bdi>"
        unknown = {**old, "code": "a_code_from_a_newer_engine", "params": {}}
        assert worded(unknown) == "<bdi>Ivan ~ Ivan (exact, 1.00)</bdi>"


def test_values_are_escaped_and_keep_their_direction() -> None:
    f = {
        "code": "name_match",
        "params": {"query": "<b>x</b>", "record": "علي", "labels": "typo+phonetic", "score": "0.91"},
        "notes": [],
        "detail": "",
    }
    with translation.override("ar"):
        text = worded(f)
    assert "<bdi>&lt;b&gt;x&lt;/b&gt;</bdi>" in text and "<bdi>علي</bdi>" in text
    assert "خطأ مطبعي + تشابه صوتي" in text and "<b>" not in text


def _details(html: str) -> list[str]:
    cells = re.findall(r'<td class="detail">(.*?)</td>', html, flags=re.S)
    assert cells, html[:3000]
    return cells


def _check(client: Client, language: str, kind: str, **fields: str) -> list[str]:
    client.cookies["django_language"] = language
    r = client.post("/check/", {"check": kind, "purpose": "identification", **fields})
    assert r.status_code == 200, r.content.decode()[:2000]
    return _details(r.content.decode())


def _no_english(cells: list[str]) -> None:
    text = " ".join(re.sub(r"<bdi>.*?</bdi>", "", c) for c in cells)  # values as read are not words
    found = [w for w in ENGLISH if w.lower() in text.lower()]
    assert not found, (found, cells)


PERSON = {"name": "Ivan Ivanob", "date_of_birth": "1974-12-08", "sex": "M", "nationality": "RU"}


@pytest.mark.django_db
def test_a_person_is_explained_in_french_and_arabic(net: Network) -> None:
    make_record(net.actor("FR-officer"), "person")
    client = signed_in_client(net.users["DE-officer"])
    fr = " ".join(_check(client, "fr", "person", **PERSON))
    assert "<bdi>Ivan Ivanob</bdi> ≈ <bdi>Ivan Ivanov</bdi>" in fr and "faute de frappe" in fr
    assert "<bdi>1974-12-08</bdi> et <bdi>1974-08-12</bdi> : jour et mois inversés" in fr
    assert "Masculin et Masculin : identique" in fr and "nationalité commune : Russie" in fr
    ar = _check(client, "ar", "person", **PERSON)
    text = " ".join(ar)
    assert "خطأ مطبعي" in text and "اليوم والشهر معكوسان" in text and "جنسية مشتركة" in text
    _no_english(ar)
    _no_english(_check(client, "fr", "person", **PERSON))
    # The hit keeps the engine's English detail beside the codes, for the API and the logs.
    hit = Hit.objects.first()
    assert hit is not None
    date = next(f for f in hit.explanation if f["feature"] == "date_of_birth")
    assert date["detail"] == "DOB 1974-12-08 vs 1974-08-12: day and month swapped"
    assert (date["code"], date["params"]["match"]) == ("date_compared", "day_month_swapped")
    en = " ".join(_check(client, "en", "person", **PERSON))
    assert "day and month swapped" in en and "typo" in en


@pytest.mark.django_db
def test_a_document_read_with_an_ocr_confusion_is_explained(net: Network) -> None:
    doc = make_record(net.actor("FR-officer"), "document")
    typed = doc.number.replace("0", "O", 1)  # a zero read as the letter O
    client = signed_in_client(net.users["DE-officer"])
    fr = _check(client, "fr", "document", number=typed)
    text = " ".join(fr)
    assert f"proche : numéro <bdi>{doc.number}</bdi>" in text and "confusion de lecture optique" in text
    assert "pays de délivrance non indiqué" in text and "Passeport, statut signalé : Volé" in text
    _no_english(fr)
    ar = _check(client, "ar", "document", number=typed)
    assert "قريب: الرقم" in " ".join(ar) and "خلط في القراءة الآلية" in " ".join(ar)
    _no_english(ar)


@pytest.mark.django_db
def test_a_vehicle_found_by_vin_is_explained(net: Network) -> None:
    make_record(net.actor("FR-officer"), "vehicle")
    client = signed_in_client(net.users["DE-officer"])
    typed = "1M8GDM9AXKP04278B"  # the last 8 read as B
    fr = _check(client, "fr", "vehicle", vin=typed)
    text = " ".join(fr)
    assert "proche : numéro de châssis <bdi>1M8GDM9AXKP042788</bdi>" in text
    assert "« <bdi>B</bdi> » au rang <bdi>17</bdi> lu à la place de « <bdi>8</bdi> »" in text
    _no_english(fr)
    ar = _check(client, "ar", "vehicle", vin=typed, plate="AB123CD", plate_country="FR")
    assert "رقم الهيكل" in " ".join(ar) and "مطابق: اللوحة <bdi>AB123CD</bdi> (فرنسا)" in " ".join(ar)
    _no_english(ar)


@pytest.mark.django_db
def test_a_firearm_found_by_serial_is_explained(net: Network) -> None:
    make_record(net.actor("FR-officer"), "firearm")
    client = signed_in_client(net.users["DE-officer"])
    fr = _check(client, "fr", "firearm", serial="A8C123", make="Glock")
    text = " ".join(fr)
    assert "proche : numéro de série <bdi>ABC123</bdi>" in text and "marque <bdi>Glock</bdi>" in text
    _no_english(fr)
    ar = _check(client, "ar", "firearm", serial="A8C123", make="Glock")
    assert "الرقم التسلسلي" in " ".join(ar) and "؛ " in " ".join(ar)
    _no_english(ar)
