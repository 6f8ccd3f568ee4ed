"""The learning centre's API: the training scope on every route, the catalogue in the
caller's language, enrolment, and a quiz taken from start to certificate."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from polnet.network.services import issue_token
from polnet.training.catalogue import services as catalogue
from polnet.training.certificates.models import Certificate
from tests.factories import Network
from tests.training.learning_helpers import make_course
from tests.training.learning_helpers import secretariat_trainer as trainer

pytestmark = pytest.mark.django_db
CATALOGUE = "/api/training/catalogue/courses/"
LEARNING = "/api/training/learning/"


def _token(net: Network, user: str, scopes: list[str]) -> dict[str, str]:
    _, secret = issue_token(net.actor(f"{user[:2]}-admin"), net.users[user], name="lms", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _post(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def test_every_route_needs_the_training_scope(net: Network) -> None:
    course = make_course(trainer())
    client, auth = Client(), _token(net, "FR-officer", ["records:read"])
    assert client.get(CATALOGUE, **auth).status_code == 403
    assert client.get(f"{CATALOGUE}{course.pk}", **auth).status_code == 403
    assert _post(client, f"{LEARNING}enrolments/", {"course_id": course.pk}, **auth).status_code == 403
    assert Client().get(CATALOGUE).status_code == 401


def test_the_catalogue_answers_in_the_callers_language(net: Network) -> None:
    author = trainer()
    course = make_course(author, "Rules on the processing of data")
    french = catalogue.translate(
        author, course.pk, language="fr", title="Règles sur le traitement des données"
    )
    catalogue.publish(author, french.pk)
    make_course(author, "Hidden draft", publish=False)
    client, auth = Client(), _token(net, "FR-officer", ["training"])
    english = client.get(CATALOGUE, **auth).json()
    assert [(c["id"], c["languages"]) for c in english] == [(course.pk, ["en", "fr"])]
    in_french = client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="fr", **auth).json()
    assert [c["title"] for c in in_french] == ["Règles sur le traitement des données"]
    assert in_french[0]["family_id"] == course.pk
    detail = client.get(f"{CATALOGUE}{course.pk}", **auth).json()
    assert [m["kind"] for m in detail["modules"]] == ["lesson"]
    draft = make_course(author, "Another draft", publish=False)
    missing = client.get(f"{CATALOGUE}{draft.pk}", **auth)
    assert missing.status_code == 404 and missing.json()["code"] == "training_course_not_found"


def test_enrol_take_the_quiz_and_earn_the_certificate(net: Network) -> None:
    course = make_course(trainer(), lessons=0, questions=3, per_attempt=2, pass_mark=100)
    quiz = course.modules.get()
    client, auth = Client(), _token(net, "FR-officer", ["training"])
    enrolled = _post(client, f"{LEARNING}enrolments/", {"course_id": course.pk}, **auth)
    assert enrolled.status_code == 201, enrolled.content
    enrolment_id = enrolled.json()["id"]
    started = _post(client, f"{LEARNING}enrolments/{enrolment_id}/attempts/", {"module_id": quiz.pk}, **auth)
    assert started.status_code == 201
    body = started.json()
    assert len(body["questions"]) == 2
    assert all(
        c["correct"] is None and c["explanation"] is None for q in body["questions"] for c in q["choices"]
    )
    answers = {
        str(q["id"]): [c["id"] for c in q["choices"] if c["text"].startswith("right")]
        for q in body["questions"]
    }
    submitted = _post(client, f"{LEARNING}attempts/{body['id']}/submit", {"answers": answers}, **auth)
    assert submitted.status_code == 200, submitted.content
    result = submitted.json()
    assert result["score"] == 100 and result["passed"]
    assert all(c["explanation"] for q in result["questions"] for c in q["choices"])
    again = _post(client, f"{LEARNING}attempts/{body['id']}/submit", {"answers": answers}, **auth)
    assert again.status_code == 409 and again.json()["code"] == "training_attempt_submitted"
    mine = client.get(f"{LEARNING}enrolments/", **auth).json()
    assert mine[0]["state"] == "completed" and mine[0]["completed_modules"] == [quiz.pk]
    assert Certificate.objects.get().user_id == net.users["FR-officer"].pk


def test_bad_answers_are_a_clear_4xx(net: Network) -> None:
    course = make_course(trainer(), lessons=0, questions=1)
    client, auth = Client(), _token(net, "FR-officer", ["training"])
    enrolment_id = _post(client, f"{LEARNING}enrolments/", {"course_id": course.pk}, **auth).json()["id"]
    quiz = course.modules.get()
    attempt = _post(
        client, f"{LEARNING}enrolments/{enrolment_id}/attempts/", {"module_id": quiz.pk}, **auth
    ).json()
    wrong = _post(client, f"{LEARNING}attempts/{attempt['id']}/submit", {"answers": {"999999": [1]}}, **auth)
    assert wrong.status_code == 422 and wrong.json()["code"] == "training_answer_question"
    garbage = _post(client, f"{LEARNING}attempts/{attempt['id']}/submit", {"answers": "x"}, **auth)
    assert garbage.status_code in (400, 422)
    other = _token(net, "DE-officer", ["training"])
    hidden = _post(client, f"{LEARNING}attempts/{attempt['id']}/submit", {"answers": {}}, **other)
    assert hidden.status_code == 404
