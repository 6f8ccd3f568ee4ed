"""The learning centre's pages: a learner's way from the catalogue to the certificate, the
course page in the reader's language, files served with safe headers and byte ranges, the
authoring and staff pages, and learners kept to the learning centre."""

from __future__ import annotations

from typing import Any

import pytest

from polnet.core.actor import Role
from polnet.training.catalogue import media as media_store
from polnet.training.catalogue import services as catalogue
from polnet.training.catalogue.models import Audience, CourseState, ModuleKind
from polnet.training.certificates.models import Certificate
from polnet.training.learning.models import Attempt, Enrolment, EnrolmentState
from tests.browser import NARROW
from tests.factories import Network, signed_in_client
from tests.training.learning_helpers import MP4, PDF, PNG, actor, make_course, make_partner, make_user
from tests.training.learning_helpers import secretariat_trainer as trainer
from tests.web.test_browser import sign_in

pytestmark = pytest.mark.django_db


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize("language", ["ar", "en", "fr", "es"])
def test_the_learning_centre_pages_open_in_every_language(net: Network, language: str) -> None:
    author = trainer()
    course = make_course(author, lessons=1, questions=2, per_attempt=1)
    client = signed_in_client(net.users["FR-officer"])
    client.cookies["django_language"] = language
    for url in ("/training/", "/training/catalogue/", f"/training/courses/{course.pk}/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in _text(response)
    if language == "ar":
        assert 'dir="rtl"' in _text(client.get("/training/catalogue/", HTTP_ACCEPT_LANGUAGE="ar"))


def test_a_learner_goes_from_the_catalogue_to_the_certificate(net: Network) -> None:
    author = trainer()
    course = make_course(
        author, "Rules on the processing of data", lessons=1, questions=2, per_attempt=2, pass_mark=100
    )
    lesson = course.modules.get(kind=ModuleKind.LESSON)
    quiz = course.modules.get(kind=ModuleKind.QUIZ)
    client = signed_in_client(net.users["FR-officer"])
    assert "Rules on the processing of data" in _text(client.get("/training/catalogue/?q=processing"))
    assert "Rules on the processing" not in _text(client.get("/training/catalogue/?q=firearms"))
    page = client.get(f"/training/courses/{course.pk}/")
    assert "Enrol" in _text(page)
    assert client.post(f"/training/courses/{course.pk}/enrol/").status_code == 302
    enrolment = Enrolment.objects.get(user=net.users["FR-officer"])
    lesson_page = client.get(f"/training/courses/{course.pk}/modules/{lesson.pk}/")
    assert "<h1>Lesson 1</h1>" in _text(lesson_page)
    assert enrolment.progress.filter(module=lesson, completed_at__isnull=True).exists()  # started
    client.post(f"/training/courses/{course.pk}/modules/{lesson.pk}/done/")
    assert enrolment.progress.filter(module=lesson, completed_at__isnull=False).exists()
    started = client.post(f"/training/courses/{course.pk}/modules/{quiz.pk}/attempts/")
    attempt = Attempt.objects.get()
    assert started["Location"] == f"/training/attempts/{attempt.pk}/"
    form = _text(client.get(started["Location"]))
    assert "Question" in form and "Because." not in form  # no explanation before submitting
    answers = {f"q-{q.pk}": [str(c.pk) for c in q.choices.filter(correct=True)] for q in quiz.questions.all()}
    assert client.post(started["Location"], answers).status_code == 302
    result = _text(client.get(started["Location"]))
    assert "Because." in result and "100 %" in result
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.COMPLETED
    cert = Certificate.objects.get()
    certified = _text(client.get(f"/training/courses/{course.pk}/"))
    assert cert.code in certified and "Take the course again" not in certified
    again = client.post(started["Location"], answers)
    assert again.status_code == 409


def test_the_course_page_opens_the_readers_language(net: Network) -> None:
    author = trainer()
    course = make_course(author)
    french = catalogue.translate(author, course.pk, language="fr", title="Règles")
    catalogue.publish(author, french.pk)
    client = signed_in_client(net.users["FR-officer"])
    redirected = client.get(f"/training/courses/{course.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert redirected.status_code == 302 and redirected["Location"] == f"/training/courses/{french.pk}/"
    client.cookies["django_language"] = "en"
    assert client.get(f"/training/courses/{french.pk}/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == (
        f"/training/courses/{course.pk}/"
    )
    stay = client.get(f"/training/courses/{french.pk}/?stay=1")
    assert stay.status_code == 200 and "Règles" in _text(stay)


def test_hidden_courses_and_files_are_not_found(net: Network) -> None:
    author = trainer()
    draft = make_course(author, "Draft", publish=False)
    image = catalogue.attach_media(author, draft.pk, title="Seal", file_name="seal.png", data=PNG)
    client = signed_in_client(net.users["FR-officer"])
    assert client.get(f"/training/courses/{draft.pk}/").status_code == 404
    assert client.get(f"/training/media/{image.pk}/").status_code == 404
    assert client.get("/training/author/").status_code == 403


def test_files_are_served_with_safe_headers_and_byte_ranges(net: Network) -> None:
    author = trainer()
    course = make_course(author, publish=False)
    video = catalogue.attach_media(author, course.pk, title="Checks", file_name="checks.mp4", data=MP4)
    document = catalogue.attach_media(author, course.pk, title="Guide", file_name="guide.pdf", data=PDF)
    catalogue.publish(author, course.pk)
    client = signed_in_client(net.users["DE-officer"])
    whole = client.get(f"/training/media/{video.pk}/")
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == MP4  # type: ignore[attr-defined]
    assert whole["X-Content-Type-Options"] == "nosniff" and whole["Content-Type"] == "video/mp4"
    assert whole["Accept-Ranges"] == "bytes"
    part = client.get(f"/training/media/{video.pk}/", HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(MP4)}"
    assert b"".join(part.streaming_content) == MP4[100:200]  # type: ignore[attr-defined]
    tail = client.get(f"/training/media/{video.pk}/", HTTP_RANGE="bytes=-16")
    assert b"".join(tail.streaming_content) == MP4[-16:]  # type: ignore[attr-defined]
    open_end = client.get(f"/training/media/{video.pk}/", HTTP_RANGE=f"bytes={len(MP4) - 5}-")
    assert open_end["Content-Range"] == f"bytes {len(MP4) - 5}-{len(MP4) - 1}/{len(MP4)}"
    beyond = client.get(f"/training/media/{video.pk}/", HTTP_RANGE=f"bytes={len(MP4) + 10}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(MP4)}"
    pdf = client.get(f"/training/media/{document.pk}/")
    assert pdf["Content-Disposition"] == 'attachment; filename="guide.pdf"'
    assert pdf["Content-Type"] == "application/pdf"
    media_store.path_of(document).unlink()  # lost from the data folder: a clear 404, not an error
    missing = client.get(f"/training/media/{document.pk}/")
    assert missing.status_code == 404 and b"upload it again" in missing.content


def test_an_author_builds_publishes_and_translates_a_course_through_the_pages(net: Network) -> None:
    author_user = make_user("gs-trainer", Role.TRAINER)
    client = signed_in_client(author_user)
    assert client.get("/training/author/").status_code == 200
    created = client.post(
        "/training/author/new/",
        {"title": "Stolen motor vehicle checks", "language": "en", "format": "online", "audience": "members"},
    )
    assert created.status_code == 302
    base = created["Location"]
    course_id = int(base.rstrip("/").rsplit("/", 1)[1])
    refused = client.post(base + "publish/")
    assert refused.status_code == 422 and "at least one module" in _text(refused)
    client.post(base + "add-module/", {"title": "The VIN", "kind": "lesson"})
    client.post(base + "add-module/", {"title": "Check", "kind": "quiz"})
    lesson, quiz = catalogue.Course.objects.get(pk=course_id).modules.all()
    saved = client.post(
        f"/training/author/modules/{lesson.pk}/",
        {"title": "The VIN", "body": "# Seventeen characters\n\n<script>x</script>"},
    )
    assert saved.status_code == 302
    client.post(
        f"/training/author/modules/{quiz.pk}/",
        {"title": "Check", "pass_mark": "80", "questions_per_attempt": "1", "max_attempts": "0"},
    )
    bad = client.post(
        f"/training/author/modules/{quiz.pk}/",
        {
            "action": "question",
            "text": "Letters never used in a VIN?",
            "choice-1": "I, O, Q",
            "choice-2": "A, B, C",
        },
    )
    assert bad.status_code == 422 and not quiz.questions.exists()
    client.post(
        f"/training/author/modules/{quiz.pk}/",
        {
            "action": "question",
            "text": "Letters never used in a VIN?",
            "choice-1": "I, O and Q",
            "correct-1": "on",
            "explanation-1": "They look like 1 and 0.",
            "choice-2": "A, B and C",
        },
    )
    assert quiz.questions.count() == 1
    upload = client.post(base + "upload/", {"title": "Plate", "file": _file("plate.png", PNG)})
    assert upload.status_code == 302
    refused_file = client.post(base + "upload/", {"title": "x", "file": _file("x.mp4", b"<html>")})
    assert refused_file.status_code == 422
    assert client.post(base + "publish/").status_code == 302
    course = catalogue.Course.objects.get(pk=course_id)
    assert course.state == CourseState.PUBLISHED
    translated = client.post(base + "translate/", {"language": "es", "title": "Vehículos robados"})
    spanish = catalogue.Course.objects.get(translation_of=course)
    assert translated["Location"] == f"/training/author/courses/{spanish.pk}/"
    officer = signed_in_client(net.users["ES-officer"])
    officer.post(f"/training/courses/{course.pk}/enrol/")
    lesson_page = _text(officer.get(f"/training/courses/{course.pk}/modules/{lesson.pk}/"))
    assert "<h1>Seventeen characters</h1>" in lesson_page and "<script>x</script>" not in lesson_page


def _file(name: str, data: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_a_staff_manager_enrols_their_staff_only(net: Network) -> None:
    course = make_course(trainer(), lessons=1)
    client = signed_in_client(net.users["FR-admin"])
    page = _text(client.get("/training/staff/"))
    assert "fr-officer" in page and "de-officer" not in page
    done = client.post("/training/staff/", {"course": course.pk, "users": [net.users["FR-officer"].pk]})
    assert done.status_code == 302
    assert Enrolment.objects.filter(user=net.users["FR-officer"], enrolled_by=net.users["FR-admin"]).exists()
    refused = client.post("/training/staff/", {"course": course.pk, "users": [net.users["DE-officer"].pk]})
    assert refused.status_code == 404
    assert not Enrolment.objects.filter(user=net.users["DE-officer"]).exists()
    assert "fr-officer" in _text(client.get("/training/staff/"))
    assert signed_in_client(net.users["FR-officer"]).get("/training/staff/").status_code == 403


def test_a_partners_learner_uses_the_learning_centre(net: Network) -> None:
    academy = make_partner()
    learner = make_user("academy-learner", Role.PARTNER, partner=academy)
    author = trainer()
    make_course(author, "Partner course", audience=Audience.PARTNERS, partners=[academy.pk])
    make_course(author, "Members only", audience=Audience.MEMBERS)
    client = signed_in_client(learner)
    catalogue_page = _text(client.get("/training/catalogue/"))
    assert "Partner course" in catalogue_page and "Members only" not in catalogue_page
    assert client.get("/training/").status_code == 200
    assert actor(learner).partner_id == academy.pk


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_quiz_in_arabic_at_phone_width(net: Network, tab_factory: Any) -> None:
    """An Arabic reader on a phone: the catalogue, the course, a lesson and a quiz, right to
    left, nothing wider than the screen and no script error (the content policy holds)."""
    course = make_course(trainer(), "Rules on the processing of data", questions=2, per_attempt=2)
    tab = tab_factory(viewport=NARROW, locale="ar")
    tab.go("/login/")
    tab.page.select_option("#language", "ar")
    with tab.page.expect_navigation():
        tab.page.click("form.lang button")
    sign_in(tab, net.users["FR-officer"])
    tab.go("/training/catalogue/")
    assert tab.page.get_attribute("html", "dir") == "rtl"
    tab.page.fill("#q", "processing")
    tab.page.wait_for_url("**q=processing**")  # the list followed the search box (htmx pushes the URL)
    tab.page.click(f"a[href='/training/courses/{course.pk}/']")
    tab.page.click("#my-progress button[type=submit]")
    tab.page.wait_for_selector("#course-modules a")
    tab.page.click("#course-modules li:nth-child(2) a")
    tab.page.click("form[action='attempts/'] button")
    tab.page.wait_for_selector("#quiz-form")
    for label in tab.page.locator("#quiz-form label").all():
        if label.inner_text().startswith("right"):
            label.click()
    fits = tab.page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    tab.shot("training-quiz-ar-phone")
    tab.page.click("#quiz-form button[type=submit]")
    tab.page.wait_for_selector("#attempt-result")
    assert "100" in tab.page.inner_text("#attempt-result")
    tab.shot("training-result-ar-phone")
    assert fits and tab.page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
