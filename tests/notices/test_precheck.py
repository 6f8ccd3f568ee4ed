"""The automated pre-check: missing content per kind, the Red notice minimum, and Article 3
flags in the four languages. Findings inform the reviewer; they never refuse a request."""

from __future__ import annotations

from typing import Any

import pytest

from polnet.notices.compliance import precheck, terms
from polnet.notices.compliance.textmatch import compile_term, words
from polnet.notices.models import Article3Term
from polnet.notices.states import Act, State
from tests.factories import Network
from tests.notices.helpers import PURPLE, RED, YELLOW, act, content, draft, review, submit


def _codes(findings: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(f["code"], f["field"]) for f in findings}


def _warrant(**changes: Any) -> list[dict[str, Any]]:
    return [{**RED["warrants"][0], **changes}]


@pytest.mark.django_db
def test_a_complete_red_notice_has_no_findings(net: Network) -> None:
    notice = submit(net, draft(net))
    assert notice.precheck == []
    assert notice.prechecked_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("base", "changes", "missing"),
    [
        (RED, {"warrants": []}, {"warrants"}),
        (RED, {"names": []}, {"names"}),
        (RED, {"date_of_birth": None}, {"date_of_birth"}),
        (RED, {"facts": ""}, {"facts"}),
        (RED, {"warrants": _warrant(charge="", law="")}, {"warrant.charge", "warrant.law"}),
        (RED, {"warrants": _warrant(max_penalty_months=None)}, {"warrant.max_penalty_months"}),
        (RED, {"warrants": _warrant(convicted=True)}, {"warrant.remaining_sentence_months"}),
        (YELLOW, {"details": {}}, {"details.disappearance_date", "details.disappearance_place"}),
        (YELLOW, {"names": []}, {"names"}),
        (YELLOW, {"names": [], "distinguishing_marks": "Tattoo of a rose on the left arm"}, set()),
        (
            PURPLE,
            {"details": {}, "subject_description": ""},
            {"details.modus_operandi", "subject_description"},
        ),
        (
            {"kind": "black", "facts": "Found on a beach."},
            {},
            {"details.found_date", "details.found_place", "details.body_description"},
        ),
        ({"kind": "blue", "facts": "x", "names": [{"family": "Doe"}]}, {}, {"details.information_sought"}),
        ({"kind": "green", "facts": "x", "names": [{"family": "Doe"}]}, {}, {"details.criminal_history"}),
        (
            {"kind": "orange", "facts": "x", "subject_type": "object"},
            {},
            {"details.threat", "subject_description"},
        ),
        (
            {"kind": "silver", "facts": "x", "names": [{"full": "Acme Ltd"}], "subject_type": "entity"},
            {},
            {"details.assets"},
        ),
    ],
)
def test_missing_content_is_named(
    net: Network, base: dict[str, Any], changes: dict[str, Any], missing: set[str]
) -> None:
    notice = submit(net, draft(net, base=content(base, **changes)))
    found = {f for code, f in _codes(notice.precheck) if code == "missing"}
    assert found == missing
    assert notice.state == State.REQUESTED  # never refused by the machine


@pytest.mark.django_db
def test_un_notice_content(net: Network) -> None:
    from polnet.notices import services, workflow

    gs = net.actor("gs-reviewer")
    notice = services.create_notice(gs, {"kind": "un", "facts": "Listed.", "names": [{"full": "Someone"}]})
    notice = workflow.perform(gs, notice.pk, Act.SUBMIT)
    assert {f for _, f in _codes(notice.precheck)} == {"details.un_reference", "details.sanctions_committee"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("warrant", "code"),
    [
        ({"max_penalty_months": 23}, "minimum_penalty"),
        ({"max_penalty_months": 24}, None),
        ({"max_penalty_months": 6}, "minimum_penalty"),
        ({"convicted": True, "sentence_months": 36, "remaining_sentence_months": 5}, "minimum_sentence"),
        ({"convicted": True, "sentence_months": 36, "remaining_sentence_months": 6}, None),
        # A convicted person is judged by the sentence left, not by the maximum penalty.
        ({"convicted": True, "max_penalty_months": 12, "remaining_sentence_months": 30}, None),
    ],
)
def test_the_red_notice_minimum(net: Network, warrant: dict[str, Any], code: str | None) -> None:
    notice = submit(net, draft(net, warrants=_warrant(**warrant)))
    minimum = [f for f in notice.precheck if f["code"].startswith("minimum")]
    assert [f["code"] for f in minimum] == ([code] if code else [])
    if code:
        text = precheck.describe(minimum[0])
        assert "minimum" in text and str(minimum[0]["params"]["months"]) in text


@pytest.mark.django_db
def test_each_warrant_is_checked(net: Network) -> None:
    warrants = [*_warrant(), *_warrant(max_penalty_months=3, charge="Petty theft")]
    notice = submit(net, draft(net, warrants=warrants))
    assert [(f["code"], f["params"]["warrant"]) for f in notice.precheck] == [("minimum_penalty", 2)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "text", "category", "language"),
    [
        ("charge", "Insulting the Head of State in a newspaper", "political", "en"),
        ("charge", "DESERTION from the armed forces", "military", "en"),
        ("charge", "Blasphemous statements online", "religious", "en"),
        ("facts", "He is a member of the banned opposition party.", "political", "en"),
        ("facts", "Organised an illegal demonstration in the capital.", "political", "en"),
        ("charge", "Offense au chef de l'État", "political", "fr"),
        ("charge", "Désertion en temps de paix", "military", "fr"),
        ("facts", "Propos blasphématoires publiés en ligne", "religious", "fr"),
        ("charge", "Participation à une manifestation non autorisée", "political", "fr"),
        ("charge", "Injurias al Jefe del Estado", "political", "es"),
        ("charge", "delito de deserción", "military", "es"),
        ("facts", "Acusado de BLASFEMIA", "religious", "es"),
        ("facts", "afiliación a un partido de oposición", "political", "es"),
        ("charge", "إهانة رئيس الدولة", "political", "ar"),
        ("charge", "الفرار من الخدمة العسكرية", "military", "ar"),
        ("charge", "متهم بالتجديف", "religious", "ar"),  # with a clitic in front
        ("charge", "التَّجْدِيف عَلَى الدِّين", "religious", "ar"),  # fully vocalised
        ("facts", "ازدراء الاديان", "religious", "ar"),  # written without hamza
        ("facts", "الانتماء إلى حزب معارض", "political", "ar"),
    ],
)
def test_article3_flags_in_four_languages(
    net: Network, field: str, text: str, category: str, language: str
) -> None:
    changes: dict[str, Any] = {"facts": text} if field == "facts" else {"warrants": _warrant(charge=text)}
    notice = submit(net, draft(net, **changes))
    flags = [f for f in notice.precheck if f["code"] == "article3"]
    assert flags, f"no flag for {text!r}"
    assert any(f["params"]["category"] == category and f["params"]["language"] == language for f in flags), (
        flags
    )
    assert "Article 3" in precheck.describe(flags[0])
    assert notice.state == State.REQUESTED


@pytest.mark.django_db
def test_the_translated_charge_is_checked_too(net: Network) -> None:
    warrant = _warrant(charge="Fraude fiscale", charge_translation="Insulting the head of state")
    notice = submit(net, draft(net, language="fr", warrants=warrant))
    assert ("article3", "warrants.1.charge_translation") in _codes(notice.precheck)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "Armed robbery of a jewellery shop",
        "Crossed the desert with stolen vehicles",  # "desert" is not "desertion"
        "Vol à main armée",
        "Robo con violencia",
        "سرقة مسلحة",
        "Murder of a state official",
    ],
)
def test_ordinary_crimes_raise_no_flag(net: Network, text: str) -> None:
    notice = submit(net, draft(net, warrants=_warrant(charge=text), facts=text))
    assert [f for f in notice.precheck if f["code"] == "article3"] == []


@pytest.mark.django_db
def test_the_term_list_is_maintained_by_reviewers(net: Network) -> None:
    gs = net.actor("gs-reviewer")
    charge = "Unauthorised vigil for a jailed journalist"
    assert not [f for f in submit(net, draft(net, warrants=_warrant(charge=charge))).precheck]
    term = terms.add_term(gs, {"term": "jailed journalist*", "language": "en", "category": "political"})
    flagged = submit(net, draft(net, warrants=_warrant(charge=charge)))
    assert [f["params"]["term"] for f in flagged.precheck] == ["jailed journalist*"]
    terms.update_term(gs, term.pk, {"active": False})
    assert not submit(net, draft(net, warrants=_warrant(charge=charge))).precheck
    from polnet.core.errors import Forbidden

    with pytest.raises(Forbidden):
        terms.add_term(net.actor("FR-officer"), {"term": "x y", "language": "en", "category": "racial"})
    from polnet.core.models import AuditEntry

    assert AuditEntry.objects.filter(object_type="article3_term", object_id=str(term.pk)).count() == 2


@pytest.mark.django_db
def test_the_seeded_list_covers_four_languages_and_categories(db: None) -> None:
    pairs = set(Article3Term.objects.values_list("language", "category"))
    assert pairs == {
        (lang, cat)
        for lang in ("ar", "en", "fr", "es")
        for cat in ("political", "military", "religious", "racial")
    }


@pytest.mark.django_db
def test_flags_never_refuse_a_request(net: Network) -> None:
    notice = submit(net, draft(net, warrants=_warrant(charge="Blasphemy", max_penalty_months=3)))
    assert {f["code"] for f in notice.precheck} == {"article3", "minimum_penalty"}
    review(net, notice)
    published = act(net.actor("gs-reviewer"), notice, Act.PUBLISH, reason="Checked: ordinary-law offence.")
    assert published.state == State.PUBLISHED


def test_matching_is_folded_and_ordered() -> None:
    assert compile_term("insult* head of state").find(words("INSULTED the head of  state")) == 0
    assert compile_term("head of state").find(words("state head of")) is None
    assert compile_term("chef État").find(words("chef de l'etat")) == 0
    assert compile_term("chef État").find(words("le chef a dit que l'ancien état")) is None  # too far apart
