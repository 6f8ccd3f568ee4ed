"""Learning records as xAPI 1.0.3 statements: what was done, by whom (a pseudonym), who may
export them, and the shape the specification requires."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client, override_settings

from polnet.core.errors import InvalidInput
from polnet.network.models import Partner, User
from polnet.network.services import issue_token
from polnet.training import xapi
from polnet.training.catalogue.models import Course, CourseState, Module
from polnet.training.certificates.issue import issue
from polnet.training.certificates.models import CertificateSource
from polnet.training.learning.models import Attempt, Enrolment, EnrolmentState, ModuleProgress
from tests.factories import PASSWORD, Network

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SINCE = datetime(2026, 1, 1, tzinfo=UTC)
BASE = "https://polnet.example.org"

# xAPI 1.0.3, part two, 2.4: the statement's properties and their types.
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$")
ISO8601 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IDENTIFIERS = ("mbox", "mbox_sha1sum", "openid", "account")
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$")


def check_statement(s: dict[str, Any]) -> None:
    """Fails unless ``s`` is a valid xAPI 1.0.3 statement of the kinds polnet writes."""
    assert set(s) <= {"id", "actor", "verb", "object", "result", "context", "timestamp", "version"}
    assert UUID.match(s["id"]), s["id"]
    actor = s["actor"]
    assert actor.get("objectType", "Agent") == "Agent"
    assert [k for k in IDENTIFIERS if k in actor] == ["account"]  # exactly one identifier
    assert IRI.match(actor["account"]["homePage"]) and isinstance(actor["account"]["name"], str)
    assert set(actor["account"]) == {"homePage", "name"}
    verb = s["verb"]
    assert IRI.match(verb["id"])
    assert all(LANGUAGE_TAG.match(k) and isinstance(v, str) for k, v in verb.get("display", {}).items())
    obj = s["object"]
    assert obj.get("objectType", "Activity") == "Activity" and IRI.match(obj["id"])
    definition = obj.get("definition", {})
    assert all(LANGUAGE_TAG.match(k) for k in definition.get("name", {}))
    assert IRI.match(definition.get("type", "x:y"))
    assert ISO8601.match(s["timestamp"]), s["timestamp"]
    datetime.fromisoformat(s["timestamp"].replace("Z", "+00:00"))
    if "result" in s:
        score = s["result"].get("score", {})
        assert -1 <= score.get("scaled", 0) <= 1
        assert score.get("min", 0) <= score.get("raw", 0) <= score.get("max", 100)
        assert isinstance(s["result"].get("success", True), bool)
    context = s.get("context", {})
    assert isinstance(context.get("platform", ""), str)
    for parents in context.get("contextActivities", {}).values():
        assert all(IRI.match(p["id"]) for p in parents)
    assert s.get("version", "1.0.3").startswith("1.0")


def seed(net: Network) -> dict[str, Any]:
    """Two learners of France (one in a unit), one of Germany: enrolments, a lesson done, a quiz
    failed then passed, a course completed and its certificate."""
    course = Course.objects.create(
        code="xapi-course",
        title="Border basics",
        language="en",
        state=CourseState.PUBLISHED,
        created_by=net.users["gs-reviewer"],
    )
    lesson = Module.objects.create(course=course, position=1, title="Documents")
    quiz = Module.objects.create(course=course, position=2, title="Check", kind="quiz")
    french = Course.objects.create(
        code="xapi-course-fr",
        title="Les bases",
        language="fr",
        translation_of=course,
        created_by=net.users["gs-reviewer"],
    )
    lecon = Module.objects.create(course=french, position=1, title="Documents FR")
    made: dict[str, Any] = {"course": course, "quiz": quiz}
    for n, name in enumerate(("FR-officer", "FR-unit-full", "DE-officer")):
        user = net.users[name]
        at = T0 + timedelta(days=n)
        taken = french if name == "FR-unit-full" else course
        e = Enrolment.objects.create(course=taken, user=user, enrolled_by=user, enrolled_at=at)
        ModuleProgress.objects.create(
            enrolment=e,
            module=lecon if taken == french else lesson,
            started_at=at,
            completed_at=at + timedelta(hours=1),
        )
        if name == "FR-officer":
            Attempt.objects.create(
                enrolment=e,
                module=quiz,
                number=1,
                started_at=at + timedelta(hours=2),
                submitted_at=at + timedelta(hours=2, minutes=10),
                score=40,
                passed=False,
            )
            Attempt.objects.create(
                enrolment=e,
                module=quiz,
                number=2,
                started_at=at + timedelta(hours=3),
                submitted_at=at + timedelta(hours=3, minutes=10),
                score=90,
                passed=True,
            )
            Attempt.objects.create(enrolment=e, module=quiz, number=3, started_at=at + timedelta(hours=4))
            ModuleProgress.objects.create(
                enrolment=e, module=quiz, started_at=at, completed_at=at + timedelta(hours=3)
            )
            e.state, e.completed_at = EnrolmentState.COMPLETED, at + timedelta(hours=3, minutes=11)
            e.save()
            made["certificate"] = issue(
                user, course, source=CertificateSource.ONLINE, score=90, enrolment_id=e.pk
            )
    return made


def verbs(statements: list[dict[str, Any]]) -> Counter[str]:
    return Counter(s["verb"]["display"]["en-US"] for s in statements)


def everything(net: Network, name: str, **filters: Any) -> list[dict[str, Any]]:
    return xapi.statements(net.actor(name), since=SINCE, limit=xapi.MAX_LIMIT, **filters).statements


@override_settings(POLNET_BASE_URL=BASE)
def test_statements_follow_the_activity_and_the_specification(net: Network) -> None:
    made = seed(net)
    found = everything(net, "gs-reviewer")
    for s in found:
        check_statement(s)
    assert verbs(found) == Counter(
        {"registered": 3, "completed": 5, "attempted": 3, "passed": 1, "failed": 1, "earned": 1}
    )
    assert len({s["id"] for s in found}) == len(found)
    assert [s["timestamp"] for s in found] == sorted(s["timestamp"] for s in found)
    by_verb = {s["verb"]["display"]["en-US"]: s for s in found}
    assert by_verb["passed"]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert by_verb["passed"]["result"] == {
        "score": {"scaled": 0.9, "raw": 90, "min": 0, "max": 100},
        "success": True,
        "completion": True,
    }
    assert (
        by_verb["failed"]["result"]["score"]["scaled"] == 0.4
        and by_verb["failed"]["result"]["success"] is False
    )
    quiz, course = made["quiz"], made["course"]
    assert by_verb["passed"]["object"]["id"] == f"{BASE}/training/courses/{course.pk}/modules/{quiz.pk}/"
    assert (
        by_verb["passed"]["context"]["contextActivities"]["parent"][0]["id"]
        == f"{BASE}/training/courses/{course.pk}/"
    )
    earned = by_verb["earned"]
    assert earned["verb"]["id"] == "http://id.tincanapi.com/verb/earned"
    assert earned["object"]["id"] == f"{BASE}/training/courses/{course.pk}/"
    assert earned["timestamp"].endswith("Z") and earned["context"]["platform"] == "polnet"
    french = [s for s in found if "fr" in s["object"]["definition"]["name"]]
    assert {s["object"]["definition"]["name"]["fr"] for s in french} == {"Les bases", "Documents FR"}
    # Later than everything: nothing; the same export twice: the same statements.
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert xapi.statements(net.actor("gs-reviewer"), since=tomorrow).statements == []
    assert everything(net, "gs-reviewer") == found


@override_settings(POLNET_BASE_URL=BASE)
def test_the_learner_is_a_stable_pseudonym(net: Network) -> None:
    seed(net)
    officer = net.users["FR-officer"]
    officer.email = "jean.dupont@police.example"
    officer.save()
    found = everything(net, "gs-reviewer")
    names = {s["actor"]["account"]["name"] for s in found}
    assert len(names) == 3  # one per learner
    mine = {s["actor"]["account"]["name"] for s in everything(net, "FR-officer")}
    assert mine == {xapi.pseudonym(officer.pk)}
    assert {s["actor"]["account"]["homePage"] for s in found} == {BASE}
    text = repr(found)
    for user in (officer, net.users["FR-unit-full"], net.users["DE-officer"]):
        assert user.username not in text
    assert "jean.dupont" not in text and "police.example" not in text
    assert xapi.pseudonym(officer.pk) == xapi.pseudonym(officer.pk) != xapi.pseudonym(officer.pk + 1)
    with override_settings(SECRET_KEY="another node's key " * 3):
        assert xapi.pseudonym(officer.pk) not in names  # keyed: not guessable from the number


def test_who_may_export_whose_statements(net: Network) -> None:
    seed(net)
    de = {s["actor"]["account"]["name"] for s in everything(net, "DE-officer")}
    fr_people = {xapi.pseudonym(net.users[n].pk) for n in ("FR-officer", "FR-unit-full")}
    fr_admin = {s["actor"]["account"]["name"] for s in everything(net, "FR-admin")}
    assert fr_admin == fr_people  # its bureau's and its units' staff
    de_admin = {s["actor"]["account"]["name"] for s in everything(net, "DE-admin")}
    assert de_admin == de and not de_admin & fr_people  # another bureau's admin: none of them
    assert everything(net, "IT-admin") == []
    assert {s["actor"]["account"]["name"] for s in everything(net, "FR-unit-full")} == {
        xapi.pseudonym(net.users["FR-unit-full"].pk)
    }
    assert everything(net, "gs-sysadmin") == []
    assert everything(net, "gs-analyst") == []  # secretariat staff, not its authors
    everyone = {s["actor"]["account"]["name"] for s in everything(net, "gs-reviewer")}
    assert everyone == fr_people | de
    assert {s["actor"]["account"]["name"] for s in everything(net, "gs-reviewer", bureau="de")} == de
    assert everything(net, "FR-admin", bureau="DE") == []


def test_a_partner_trainer_exports_the_partners_people(net: Network) -> None:
    made = seed(net)
    partner = Partner.objects.create(name="Police Academy", kind="police_academy")
    other = Partner.objects.create(name="UN Office", kind="un_office")
    trainer = User.objects.create_user(
        username="pa-trainer", password=PASSWORD, role="trainer", partner=partner
    )
    member = User.objects.create_user(
        username="pa-member", password=PASSWORD, role="partner", partner=partner
    )
    outsider = User.objects.create_user(
        username="un-member", password=PASSWORD, role="partner", partner=other
    )
    for user in (member, outsider):
        Enrolment.objects.create(course=made["course"], user=user, enrolled_by=user, enrolled_at=T0)
    net.users["pa-trainer"] = trainer
    net.users["un-member"] = outsider
    assert {s["actor"]["account"]["name"] for s in everything(net, "pa-trainer")} == {
        xapi.pseudonym(member.pk)
    }
    assert {s["actor"]["account"]["name"] for s in everything(net, "gs-reviewer", partner=other.pk)} == {
        xapi.pseudonym(outsider.pk)
    }
    assert {s["actor"]["account"]["name"] for s in everything(net, "un-member")} == {
        xapi.pseudonym(outsider.pk)
    }


def test_the_api_pages_with_a_more_link(net: Network) -> None:
    seed(net)
    _, secret = issue_token(net.actor("FR-admin"), net.users["FR-admin"], name="lrs", scopes=["training"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = "/api/training/statements/?since=2026-01-01&limit=3"
    pages, seen = 0, []
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.content
        body = answer.json()
        assert len(body["statements"]) <= 3
        seen.extend(body["statements"])
        url, pages = body["more"], pages + 1
    assert pages > 1
    assert [s["id"] for s in seen] == [s["id"] for s in everything(net, "FR-admin")]
    for s in seen:
        check_statement(s)
    assert client.get("/api/training/statements/").status_code == 422  # since is required
    wrong = client.get("/api/training/statements/?since=last-week")
    assert wrong.status_code == 422 and wrong.json()["code"] == "xapi_since"
    too_many = client.get("/api/training/statements/?since=2026-01-01&limit=5000")
    assert too_many.status_code == 422 and too_many.json()["code"] == "xapi_limit"
    _, records = issue_token(net.actor("FR-admin"), net.users["FR-admin"], name="r", scopes=["records:read"])
    assert (
        Client()
        .get("/api/training/statements/?since=2026-01-01", HTTP_AUTHORIZATION=f"Bearer {records}")
        .status_code
        == 403
    )


def test_bad_limits_are_refused(net: Network) -> None:
    with pytest.raises(InvalidInput) as caught:
        xapi.statements(net.actor("FR-admin"), since=SINCE, offset=-1)
    assert caught.value.code == "xapi_offset"
    assert xapi.parse_since("2026-02-03") == datetime(2026, 2, 3, tzinfo=UTC)
    assert xapi.parse_since("2026-02-03T10:00:00Z") == datetime(2026, 2, 3, 10, tzinfo=UTC)
    with pytest.raises(InvalidInput) as caught:
        xapi.statements(net.actor("FR-admin"), since=SINCE, partner=2**63)
    assert caught.value.code == "xapi_partner"
