"""Course packages: a course and its translations leave as a zip and come back equal; every
malformed package is refused before anything is written."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.network.models import Partner, User
from polnet.training.catalogue import media
from polnet.training.catalogue.models import Choice, Course, CourseState, Media, Module, Question
from polnet.training.packages import importer
from polnet.training.packages.export import export_by_code, export_course, package_bytes
from polnet.training.packages.importer import import_package
from tests.factories import PASSWORD, Network, signed_in_client
from tests.web.test_browser import sign_in


def png_bytes(colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), colour).save(out, format="PNG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _quiz(course: Course, position: int, title: str, words: tuple[str, str]) -> Module:
    quiz = Module.objects.create(
        course=course, position=position, title=title, kind="quiz", questions_per_attempt=2, pass_mark=50
    )
    for n, word in enumerate(words, start=1):
        q = Question.objects.create(module=quiz, text=f"{word} {n}?")
        Choice.objects.create(question=q, position=1, text=f"{word} yes", correct=True, explanation="why")
        Choice.objects.create(question=q, position=2, text=f"{word} no", explanation="why not")
    many = Question.objects.create(module=quiz, text=f"{word} all?", multiple=True)
    Choice.objects.create(question=many, position=1, text="a", correct=True)
    Choice.objects.create(question=many, position=2, text="b", correct=True)
    return quiz


def make_course(author: User, code: str = "border-basics", *, bureau_id: int | None = None) -> Course:
    """A course with a lesson, a quiz and two files, and its French translation."""
    course = Course.objects.create(
        code=code,
        title="Border basics",
        summary="What every border officer checks.",
        language="en",
        area="border_security",
        estimated_minutes=45,
        certificate_months=12,
        owner_bureau_id=bureau_id,
        state=CourseState.PUBLISHED,
        created_by=author,
    )
    lesson = Module.objects.create(course=course, position=1, title="Documents", body="# Look\n\n*closely*")
    _quiz(course, 2, "Check", ("Stolen", "Lost"))
    media.store(course, title="A passport", file_name="passport.png", data=png_bytes(), module=lesson)
    media.store(course, title="Handbook", file_name="handbook.pdf", data=PDF)
    french = Course.objects.create(
        code=f"{code}-fr",
        title="Les bases de la frontière",
        language="fr",
        translation_of=course,
        owner_bureau_id=bureau_id,
        created_by=author,
    )
    lecon = Module.objects.create(course=french, position=1, title="Documents", body="# Regarder")
    _quiz(french, 2, "Contrôle", ("Volé", "Perdu"))
    media.store(french, title="Un passeport", file_name="passeport.png", data=png_bytes(), module=lecon)
    return course


def content(course: Course) -> dict[str, Any]:
    """What a package must carry, without what the importing node gives (ids, codes, owner)."""
    return {
        "course": [
            course.title,
            course.summary,
            course.language,
            course.format,
            course.area,
            course.estimated_minutes,
            course.certificate_months,
        ],
        "modules": [
            [
                m.position,
                m.kind,
                m.title,
                m.body,
                m.pass_mark,
                m.questions_per_attempt,
                m.max_attempts,
                [
                    [q.text, q.multiple, [[c.text, c.correct, c.explanation] for c in q.choices.all()]]
                    for q in m.questions.all()
                ],
            ]
            for m in course.modules.order_by("position")
        ],
        "media": sorted(
            [
                m.file_name,
                m.title,
                m.kind,
                m.content_type,
                m.module.position if m.module else None,
                media.read(m),
            ]
            for m in course.media.all()
        ),
    }


def zip_of(entries: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    out.seek(0)
    return out


def manifest(**course: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": "handmade",
        "title": "Handmade",
        "language": "en",
        "modules": [],
        "media": [],
    }
    body.update(course)
    return {"format": "polnet-course", "format_version": 1, "course": body}


def package(doc: dict[str, Any], files: dict[str, bytes] | None = None) -> io.BytesIO:
    entries = {"course.json": json.dumps(doc).encode()}
    entries.update({f"media/{hashlib.sha256(d).hexdigest()}": d for d in (files or {}).values()})
    return zip_of(entries)


def refused(net: Network, stream: io.BytesIO, code: str) -> str:
    before = (Course.objects.count(), Media.objects.count(), Module.objects.count())
    with pytest.raises(InvalidInput) as caught:
        import_package(net.actor("FR-admin"), stream)
    assert caught.value.code == code, caught.value
    assert (Course.objects.count(), Media.objects.count(), Module.objects.count()) == before
    return str(caught.value.message)


def test_a_course_and_its_translation_come_back_equal_with_their_files(net: Network) -> None:
    original = make_course(net.users["gs-reviewer"])
    pkg = export_course(net.actor("gs-reviewer"), original.pk)
    assert pkg.file_name == "border-basics.polnet-course.zip"
    result = import_package(net.actor("FR-admin"), io.BytesIO(pkg.data))
    copy = result.course
    assert copy.pk != original.pk and copy.code == "border-basics-2"
    assert result.renamed == {"border-basics": "border-basics-2", "border-basics-fr": "border-basics-fr-2"}
    assert copy.state == CourseState.DRAFT and copy.owner_bureau == net.bureaus["FR"]
    assert copy.created_by == net.users["FR-admin"]
    assert content(copy) == content(original)
    [translation] = result.translations
    assert translation.translation_of == copy and translation.owner_bureau == net.bureaus["FR"]
    assert content(translation) == content(original.translations.get())
    # The imported family exports to the same files as the original, codes aside.
    again = zipfile.ZipFile(io.BytesIO(package_bytes(copy)))
    first = zipfile.ZipFile(io.BytesIO(pkg.data))
    assert again.namelist() == first.namelist()
    assert again.read("course.json").replace(b"-2", b"") == first.read("course.json")


def test_the_same_course_exports_byte_identical_twice(net: Network) -> None:
    original = make_course(net.users["gs-reviewer"])
    one = export_course(net.actor("gs-reviewer"), original.pk).data
    # Same content stored again under other row numbers and times: same bytes.
    Media.objects.filter(course=original).update(uploaded_at="2030-01-01T00:00:00Z")
    two = export_by_code(net.actor("gs-reviewer"), "border-basics").data
    assert one == two
    names = zipfile.ZipFile(io.BytesIO(one)).infolist()
    assert [i.filename for i in names] == ["course.json", *sorted(i.filename for i in names[1:])]
    assert {i.date_time for i in names} == {(1980, 1, 1, 0, 0, 0)}
    doc = json.loads(zipfile.ZipFile(io.BytesIO(one)).read("course.json"))
    assert doc["format"] == "polnet-course" and doc["format_version"] == 1
    assert [t["language"] for t in doc["translations"]] == ["fr"]
    assert {m["sha256"] for m in doc["course"]["media"]} == {
        n.filename.removeprefix("media/") for n in names[1:]
    }


def test_only_authors_export_and_import(net: Network) -> None:
    fr_course = make_course(net.users["FR-admin"], "fr-course", bureau_id=net.bureaus["FR"].pk)
    assert export_course(net.actor("FR-admin"), fr_course.pk).data
    assert export_course(net.actor("gs-reviewer"), fr_course.pk).data  # the secretariat's library
    with pytest.raises(Forbidden):
        export_course(net.actor("DE-admin"), fr_course.pk)  # published to it, not its own
    with pytest.raises(Forbidden):
        export_course(net.actor("FR-officer"), fr_course.pk)
    draft = Course.objects.create(code="fr-draft", title="Draft", created_by=net.users["FR-admin"])
    draft.owner_bureau = net.bureaus["FR"]
    draft.save()
    with pytest.raises(NotFound):
        export_course(net.actor("DE-admin"), draft.pk)  # a draft of another bureau is hidden
    with pytest.raises(NotFound):
        export_course(net.actor("gs-reviewer"), 2**63)  # past the column: not a query error
    with pytest.raises(Forbidden):
        import_package(net.actor("FR-officer"), package(manifest()))
    assert AuditEntry.objects.filter(action="export", object_type="training_course").count() == 2


def test_a_partner_trainer_imports_for_the_partner(net: Network) -> None:
    partner = Partner.objects.create(name="Police Academy", kind="police_academy")
    trainer = User.objects.create_user(
        username="pa-trainer", password=PASSWORD, role="trainer", partner=partner
    )
    from polnet.network.actors import actor_for

    result = import_package(actor_for(trainer, origin="test"), package(manifest()))
    assert result.course.owner_partner == partner and result.course.owner_bureau is None
    assert result.renamed == {}
    entry = AuditEntry.objects.get(action="create", object_type="training_course")
    assert entry.object_id == str(result.course.pk) and entry.detail["imported_package"] == ["handmade"]


def test_unknown_formats_and_versions_are_refused(net: Network) -> None:
    assert "version 2" in refused(
        net, package({**manifest(), "format_version": 2}), "package_version_unknown"
    )
    refused(net, package({**manifest(), "format": "scorm"}), "package_format_unknown")
    refused(net, zip_of({"media/" + "0" * 64: b"x"}), "package_manifest_missing")
    refused(net, zip_of({"course.json": b"{nope"}), "package_manifest_json")
    refused(net, io.BytesIO(b"not a zip"), "package_not_zip")
    message = refused(net, package(manifest(language="xx")), "package_manifest_invalid")
    assert "course/language" in message


def test_names_that_leave_the_package_are_refused(net: Network) -> None:
    doc = json.dumps(manifest()).encode()
    message = refused(net, zip_of({"course.json": doc, "../../etc/cron.d/x": b"x"}), "package_path_unsafe")
    assert "../../etc/cron.d/x" in message
    refused(net, zip_of({"course.json": doc, "/tmp/x": b"x"}), "package_path_unsafe")
    refused(net, zip_of({"course.json": doc, "media/../course.json": b"x"}), "package_path_unsafe")
    refused(net, zip_of({"course.json": doc, "notes.txt": b"x"}), "package_entry_unknown")


def test_zip_bombs_are_refused(net: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = json.dumps(manifest()).encode()
    bomb = b"\0" * (8 * 1024 * 1024)  # deflates about a thousand to one
    message = refused(net, zip_of({"course.json": doc, "media/" + "a" * 64: bomb}), "package_ratio")
    assert "media/" + "a" * 64 in message
    monkeypatch.setattr(importer, "MAX_ENTRIES", 2)
    refused(
        net,
        zip_of({"course.json": doc, "media/" + "a" * 64: b"1", "media/" + "b" * 64: b"2"}),
        "package_too_many_entries",
    )
    monkeypatch.setattr(importer, "MAX_TOTAL_BYTES", 1000)
    refused(net, zip_of({"course.json": doc, "media/" + "a" * 64: png_bytes() * 20}), "package_too_large")


def test_media_must_match_its_hash_and_be_an_accepted_type(net: Network) -> None:
    image = png_bytes()
    digest = hashlib.sha256(image).hexdigest()
    item = {
        "file_name": "p.png",
        "title": "P",
        "kind": "image",
        "content_type": "image/png",
        "sha256": digest,
    }
    doc = json.dumps(manifest(media=[item])).encode()
    message = refused(
        net, zip_of({"course.json": doc, f"media/{digest}": image + b"tampered"}), "package_media_hash"
    )
    assert f"media/{digest}" in message
    refused(net, zip_of({"course.json": doc}), "package_media_missing")
    script = b"#!/bin/sh\nrm -rf /\n"
    bad = {**item, "sha256": hashlib.sha256(script).hexdigest()}
    message = refused(net, package(manifest(media=[bad]), {"s": script}), "package_media_refused")
    assert "p.png" in message and "PDF" in message  # what is accepted


def test_quiz_rules_are_checked(net: Network) -> None:
    question = {"text": "Q?", "choices": [{"text": "a", "correct": True}, {"text": "b"}]}
    quiz = {
        "position": 1,
        "kind": "quiz",
        "title": "Quiz",
        "questions_per_attempt": 3,
        "questions": [question] * 2,
    }
    message = refused(net, package(manifest(modules=[quiz])), "package_quiz_too_few")
    assert "handmade" in message and "2" in message and "3" in message
    two_right = {"text": "Q?", "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}]}
    quiz = {**quiz, "questions_per_attempt": 1, "questions": [question, two_right]}
    assert "question 2" in refused(net, package(manifest(modules=[quiz])), "package_question_correct")
    none_right = {"text": "Q?", "choices": [{"text": "a"}, {"text": "b"}]}
    refused(net, package(manifest(modules=[{**quiz, "questions": [none_right]}])), "package_question_correct")
    # Several right answers are fine where the question says so.
    several = {**two_right, "multiple": True}
    result = import_package(
        net.actor("FR-admin"), package(manifest(modules=[{**quiz, "questions": [several]}]))
    )
    assert result.course.modules.get().questions.get().multiple


def test_a_failure_midway_leaves_no_course(net: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    original = make_course(net.users["gs-reviewer"])
    data = export_course(net.actor("gs-reviewer"), original.pk).data
    # A damaged second file: refused before any row is written.
    entries = {
        i.filename: zipfile.ZipFile(io.BytesIO(data)).read(i)
        for i in zipfile.ZipFile(io.BytesIO(data)).infolist()
    }
    pdf_name = f"media/{hashlib.sha256(PDF).hexdigest()}"
    entries[pdf_name] = PDF + b"x"
    refused(net, zip_of(entries), "package_media_hash")
    assert not Course.objects.filter(code__startswith="border-basics-2").exists()
    # A failure while writing the last file rolls back the courses already created.
    calls = {"n": 0}
    real_store = media.store

    def store_then_fail(*args: Any, **kwargs: Any) -> Media:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real_store(*args, **kwargs)

    monkeypatch.setattr(media, "store", store_then_fail)
    before = Course.objects.count(), Module.objects.count(), Media.objects.count(), Question.objects.count()
    with pytest.raises(RuntimeError):
        import_package(net.actor("FR-admin"), io.BytesIO(data))
    assert calls["n"] == 3
    assert (
        Course.objects.count(),
        Module.objects.count(),
        Media.objects.count(),
        Question.objects.count(),
    ) == before


def test_the_pages_import_a_package_and_download_one(net: Network) -> None:
    original = make_course(net.users["gs-reviewer"])
    reviewer = signed_in_client(net.users["gs-reviewer"])
    download = reviewer.get(f"/training/packages/export/{original.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert "border-basics.polnet-course.zip" in download["Content-Disposition"]
    assert download.content == package_bytes(original)
    admin = signed_in_client(net.users["FR-admin"])
    assert admin.get("/training/packages/import/").status_code == 200
    upload = io.BytesIO(download.content)
    upload.name = "border.zip"
    page = admin.post("/training/packages/import/", {"file": upload})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Border basics" in text and "border-basics-2" in text and "Les bases" in text
    bad = io.BytesIO(b"not a zip")
    bad.name = "bad.zip"
    refusal = admin.post("/training/packages/import/", {"file": bad})
    assert refusal.status_code == 422 and "package_not_zip" in refusal.content.decode()
    assert admin.post("/training/packages/import/", {}).status_code == 422
    officer = signed_in_client(net.users["FR-officer"])
    assert officer.get("/training/packages/import/").status_code == 403
    assert officer.get(f"/training/packages/export/{original.pk}/").status_code in (403, 404)


def test_a_partner_trainer_opens_the_import_page_in_arabic(net: Network) -> None:
    partner = Partner.objects.create(name="Regional Police Body", kind="regional_police_body")
    trainer = User.objects.create_user(
        username="rp-trainer", password=PASSWORD, role="trainer", partner=partner
    )
    client = signed_in_client(trainer)
    page = client.get("/training/packages/import/", HTTP_ACCEPT_LANGUAGE="ar")
    text = page.content.decode()
    assert page.status_code == 200 and 'dir="rtl"' in text and "استيراد حزمة دورة" in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_arabic_at_phone_width_an_author_imports_a_package(
    net: Network,
    tab_factory: Any,
    tmp_path: Path,
) -> None:
    original = make_course(net.users["gs-reviewer"])
    good = tmp_path / "border.zip"
    good.write_bytes(package_bytes(original))
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    tab = tab_factory()
    tab.go("/login/")
    tab.page.select_option("#language", "ar")
    with tab.page.expect_navigation():
        tab.page.click("form.lang button")
    sign_in(tab, net.users["FR-admin"])
    tab.narrow()
    page = tab.page
    tab.go("/training/packages/import/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "استيراد حزمة دورة"
    page.set_input_files("#package-file", str(bad))
    page.locator("#package-import button[type=submit]").click()
    page.wait_for_load_state()
    assert "الملف ليس حزمة zip." in page.locator("#package-refusal").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    tab.shot("training-package-refused-ar-narrow")
    page.set_input_files("#package-file", str(good))
    page.locator("#package-import button[type=submit]").click()
    page.wait_for_load_state()
    result = page.locator("#package-result").inner_text()
    assert "border-basics-2" in result and "Les bases de la frontière" in result
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    tab.shot("training-package-imported-ar-narrow")
    page.set_viewport_size({"width": 1280, "height": 860})
    tab.shot("training-package-imported-ar")
