"""Writing, publishing and finding courses: who sees what, one catalogue entry per course in
the reader's language, lessons rendered safely, files checked by their content."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.network.models import Partner
from polnet.training import policy
from polnet.training.catalogue import finder, render
from polnet.training.catalogue import services as catalogue
from polnet.training.catalogue.models import Audience, CourseState, Media, ModuleKind
from polnet.training.catalogue.services import ChoiceIn
from tests.factories import Network
from tests.training.learning_helpers import MP4, PDF, PNG, actor, make_course, make_partner, make_user
from tests.training.learning_helpers import secretariat_trainer as trainer

pytestmark = pytest.mark.django_db
Role = policy.Role


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.found


def _visible(a: policy.Actor) -> set[str]:
    return set(policy.visible_courses(a).values_list("title", flat=True))


def test_a_course_belongs_to_its_authors_party(net: Network) -> None:
    fr_admin = net.actor("FR-admin")
    course = make_course(fr_admin, "French border course", publish=False)
    assert course.owner_bureau_id == net.bureaus["FR"].pk and course.owner_partner_id is None
    assert course.state == CourseState.DRAFT
    with pytest.raises(NotFound):  # another bureau's draft is not even found
        catalogue.update_course(net.actor("DE-admin"), course.pk, title="Mine now")
    with pytest.raises(Forbidden):
        catalogue.create_course(net.actor("FR-officer"), title="Not an author")
    assert AuditEntry.objects.filter(object_type="training_course", object_id=str(course.pk)).exists()


def test_publication_needs_modules_a_full_quiz_bank_and_an_audience(net: Network) -> None:
    author = trainer()
    course = catalogue.create_course(author, title="Empty", audience=Audience.COUNTRIES)
    with pytest.raises(InvalidInput) as empty:
        catalogue.publish(author, course.pk)
    assert empty.value.code == "training_course_empty"
    quiz = catalogue.add_module(
        author, course.pk, title="Quiz", kind=ModuleKind.QUIZ, questions_per_attempt=2
    )
    catalogue.add_question(author, quiz.pk, text="Q", choices=[ChoiceIn("a", True), ChoiceIn("b")])
    with pytest.raises(InvalidInput) as small:
        catalogue.publish(author, course.pk)
    assert small.value.code == "training_quiz_bank_too_small"
    catalogue.add_question(author, quiz.pk, text="Q2", choices=[ChoiceIn("a", True), ChoiceIn("b")])
    with pytest.raises(InvalidInput) as nobody:
        catalogue.publish(author, course.pk)
    assert nobody.value.code == "training_audience_countries_missing"
    catalogue.update_course(author, course.pk, countries=["FR"])
    assert catalogue.publish(author, course.pk).state == CourseState.PUBLISHED
    with pytest.raises(Conflict):
        catalogue.publish(author, course.pk)


@pytest.mark.parametrize(
    ("multiple", "choices", "code"),
    [
        (False, [ChoiceIn("only", True)], "training_question_choices_count"),
        (False, [ChoiceIn("a"), ChoiceIn("b")], "training_question_no_correct"),
        (False, [ChoiceIn("a", True), ChoiceIn("b", True)], "training_question_single_correct"),
    ],
)
def test_a_question_needs_sound_choices(
    net: Network, multiple: bool, choices: list[ChoiceIn], code: str
) -> None:
    author = trainer()
    course = catalogue.create_course(author, title="Quiz course")
    quiz = catalogue.add_module(author, course.pk, title="Quiz", kind=ModuleKind.QUIZ)
    with pytest.raises(InvalidInput) as exc:
        catalogue.add_question(author, quiz.pk, text="Q", multiple=multiple, choices=choices)
    assert exc.value.code == code
    assert not quiz.questions.exists()
    ok = catalogue.add_question(
        author, quiz.pk, text="Q", multiple=True, choices=[ChoiceIn("a", True, "yes"), ChoiceIn("b", True)]
    )
    assert [c.explanation for c in ok.choices.all()] == ["yes", ""]


def test_quiz_rules_are_checked(net: Network) -> None:
    author = trainer()
    course = catalogue.create_course(author, title="Rules")
    for bad in ({"pass_mark": 0}, {"pass_mark": 101}, {"questions_per_attempt": 0}):
        with pytest.raises(InvalidInput):
            catalogue.add_module(author, course.pk, title="Quiz", kind=ModuleKind.QUIZ, **bad)
    assert not course.modules.exists()


def test_modules_are_reordered_as_given(net: Network) -> None:
    author = trainer()
    course = make_course(author, lessons=3, publish=False)
    a, b, c = course.modules.order_by("position")
    catalogue.reorder_modules(author, course.pk, [c.pk, a.pk, b.pk])
    assert list(course.modules.order_by("position").values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    with pytest.raises(InvalidInput):
        catalogue.reorder_modules(author, course.pk, [c.pk, a.pk])


def test_visibility_by_audience_state_and_party(net: Network) -> None:
    author = trainer()
    academy = make_partner()
    other = make_partner("UN office")
    make_course(author, "Everyone course", audience=Audience.EVERYONE)
    make_course(author, "Members course", audience=Audience.MEMBERS)
    make_course(author, "France course", audience=Audience.COUNTRIES, countries=["FR"])
    make_course(author, "Academy course", audience=Audience.PARTNERS, partners=[academy.pk])
    make_course(author, "Other partner course", audience=Audience.PARTNERS, partners=[other.pk])
    make_course(author, "Draft course", publish=False)
    withdrawn = make_course(author, "Withdrawn course")
    catalogue.withdraw(author, withdrawn.pk)

    assert _visible(net.actor("FR-officer")) == {"Everyone course", "Members course", "France course"}
    assert _visible(net.actor("FR-unit-full")) == {"Everyone course", "Members course", "France course"}
    assert _visible(net.actor("DE-officer")) == {"Everyone course", "Members course"}
    learner = actor(make_user("academy-learner", Role.PARTNER, partner=academy))
    assert _visible(learner) == {"Everyone course", "Academy course"}
    assert "Draft course" in _visible(author) and "Withdrawn course" in _visible(author)
    # A bureau's own draft is its authors' and no one else's.
    make_course(net.actor("DE-admin"), "German draft", publish=False)
    assert "German draft" in _visible(net.actor("DE-admin"))
    assert "German draft" not in _visible(net.actor("DE-officer"))
    assert "German draft" not in _visible(net.actor("FR-admin"))


def test_a_partners_trainer_writes_only_the_partners_courses(net: Network) -> None:
    academy = make_partner()
    partner_trainer = actor(make_user("academy-trainer", Role.TRAINER, partner=academy))
    course = make_course(partner_trainer, "Academy's own", audience=Audience.PARTNERS, partners=[academy.pk])
    assert course.owner_partner_id == academy.pk
    gs_course = make_course(trainer(), "Secretariat's")
    with pytest.raises(Forbidden):
        catalogue.update_course(partner_trainer, gs_course.pk, title="Changed")


def test_a_translation_copies_modules_questions_and_files(net: Network) -> None:
    author = trainer()
    course = make_course(author, questions=2, publish=False)
    image = catalogue.attach_media(author, course.pk, title="Seal", file_name="seal.png", data=PNG)
    lesson = course.modules.get(position=1)
    catalogue.update_module(author, lesson.pk, title=lesson.title, body=f"![seal](media:{image.pk})")
    french = catalogue.translate(author, course.pk, language="fr", title="Règles de traitement")
    assert french.translation_of_id == course.pk and french.language == "fr"
    assert french.state == CourseState.DRAFT
    assert [m.title for m in french.modules.all()] == [m.title for m in course.modules.all()]
    quiz = french.modules.get(kind=ModuleKind.QUIZ)
    assert quiz.questions.count() == 2 and all(
        q.choices.filter(correct=True).count() == 1 for q in quiz.questions.all()
    )
    copy = Media.objects.get(course=french)
    assert copy.pk != image.pk and copy.sha256 == image.sha256
    assert french.modules.get(position=1).body == f"![seal](media:{copy.pk})"
    with pytest.raises(Conflict):
        catalogue.translate(author, course.pk, language="fr")
    with pytest.raises(InvalidInput):
        catalogue.translate(author, course.pk, language="en")
    with pytest.raises(InvalidInput):
        catalogue.translate(author, course.pk, language="de")


def test_the_catalogue_shows_each_course_once_in_the_readers_language(net: Network) -> None:
    author = trainer()
    data = make_course(author, "Rules on the processing of data", lessons=1)
    french = catalogue.translate(author, data.pk, language="fr", title="Règles sur le traitement des données")
    catalogue.publish(author, french.pk)
    spanish_draft = catalogue.translate(author, data.pk, language="es", title="Borrador")
    make_course(author, "Firearms tracing basics")
    officer = net.actor("FR-officer")

    english = finder.catalogue(officer, language="en")
    assert [c.title for c in english] == ["Firearms tracing basics", "Rules on the processing of data"]
    assert english[1].languages == ["en", "fr"]  # type: ignore[attr-defined]
    in_french = finder.catalogue(officer, language="fr")
    assert [c.pk for c in in_french] == [finder.catalogue(officer, language="ar")[0].pk, french.pk]
    in_spanish = finder.catalogue(officer, language="es")  # the draft is not offered
    assert data.pk in {c.pk for c in in_spanish} and spanish_draft.pk not in {c.pk for c in in_spanish}
    assert [c.title for c in finder.catalogue(officer, language="fr", query="firearms")] == [
        "Firearms tracing basics"
    ]
    assert finder.in_reader_language(officer, data, "fr") == french
    assert finder.in_reader_language(officer, french, "en") == data
    assert finder.in_reader_language(officer, data, "es") == data


def test_the_catalogue_filters_by_area_and_format(net: Network) -> None:
    author = trainer()
    a = make_course(author, "Border")
    catalogue.update_course(author, a.pk, area="border_security", format="blended")
    make_course(author, "Data")
    officer = net.actor("FR-officer")
    assert [c.title for c in finder.catalogue(officer, area="border_security")] == ["Border"]
    assert [c.title for c in finder.catalogue(officer, format="blended")] == ["Border"]
    assert [c.title for c in finder.catalogue(officer, format="online")] == ["Data"]


def test_markdown_never_lets_a_script_or_a_javascript_link_through() -> None:
    body = (
        "# Data quality\n\n<script>alert(1)</script>\n\n"
        "<img src=x onerror=alert(1)>\n\n"
        "[click](javascript:alert(1)) [mail](mailto:dpo@example.org)\n\n"
        "[x](JAVASCRIPT:alert(1)) ![i](javascript:alert(2))\n\n"
        "![seal](media:7) ![foreign](media:8) **bold**"
    )
    html = render.render(body, [7])
    tags = _tags(html)
    assert "script" not in {t for t, _ in tags}
    attrs = [(name, value or "") for _, pairs in tags for name, value in pairs]
    assert not [n for n, _ in attrs if n.startswith("on")]
    assert not [v for n, v in attrs if n in {"href", "src"} and v.strip().lower().startswith("javascript")]
    assert "<h1>Data quality</h1>" in html and "<strong>bold</strong>" in html
    assert '<img src="/training/media/7/" alt="seal">' in html
    assert "/training/media/8/" not in html  # another course's file is not linked
    assert 'href="mailto:dpo@example.org"' in html


def test_media_is_accepted_by_its_content_only(net: Network) -> None:
    author = trainer()
    course = make_course(author, publish=False)
    for data, kind in ((PNG, "image"), (PDF, "document"), (MP4, "video")):
        assert catalogue.attach_media(author, course.pk, title=kind, file_name="x", data=data).kind == kind
    for bad in (b"<script>alert(1)</script>", b"MZ\x90\x00 an executable", b""):
        with pytest.raises(InvalidInput) as exc:
            catalogue.attach_media(author, course.pk, title="bad", file_name="film.mp4", data=bad)
        assert exc.value.code in {"media_type", "media_empty"}
    assert course.media.count() == 3


def test_the_demo_courses_are_seeded_once(net: Network) -> None:
    from polnet.training.seeding_courses import seed_courses

    make_partner()
    first_partner = Partner.objects.order_by("pk").first()  # the firearms course's owner
    assert first_partner is not None
    courses = seed_courses()
    data = courses["rules-processing-data"]
    assert data.state == CourseState.PUBLISHED and data.certificate_months == 24
    quiz = data.modules.get(kind=ModuleKind.QUIZ)
    assert (quiz.questions.count(), quiz.questions_per_attempt, quiz.pass_mark) == (12, 8, 75)
    assert data.modules.filter(kind=ModuleKind.LESSON).count() == 3
    french = courses["rules-processing-data:fr"]
    assert french.translation_of_id == data.pk and french.title == "Règles sur le traitement des données"
    assert "Limitation de la finalité" in french.modules.get(position=1).body
    assert courses["examining-security-documents:es"].language == "es"
    assert courses["examining-security-documents"].format == "blended"
    assert courses["stolen-vehicle-border-checks"].owner_bureau_id is not None
    assert courses["firearms-tracing-basics"].owner_partner_id == first_partner.pk
    # Every single-choice question has one right answer, and every choice says why.
    for question in quiz.questions.all():
        right = question.choices.filter(correct=True).count()
        assert right >= 1 and (question.multiple or right == 1)
        assert all(c.explanation for c in question.choices.all())
    before = catalogue.Course.objects.count()
    assert {k: c.pk for k, c in seed_courses().items()} == {k: c.pk for k, c in courses.items()}
    assert catalogue.Course.objects.count() == before
