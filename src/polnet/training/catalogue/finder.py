"""The catalogue: the courses open to the reader, each course family once, in the reader's
language where a translation exists, else in its original language."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import get_language

from polnet.core.actor import Actor
from polnet.training import policy
from polnet.training.catalogue.models import Course, CourseState


def reader_language() -> str:
    return (get_language() or "en").split("-")[0]


def pick(members: list[Course], language: str) -> Course:
    """The member in ``language``, else the original, else the first one open to the reader."""
    for c in members:
        if c.language == language:
            return c
    for c in members:
        if c.translation_of_id is None:
            return c
    return members[0]


def families(actor: Actor, *, published_only: bool = True) -> dict[int, list[Course]]:
    rows = policy.visible_courses(actor).select_related("owner_bureau__country", "owner_partner")
    if published_only:
        rows = rows.filter(state=CourseState.PUBLISHED)
    grouped: dict[int, list[Course]] = defaultdict(list)
    for course in rows.order_by("pk"):
        grouped[course.family_id].append(course)
    return grouped


def catalogue(
    actor: Actor, *, area: str = "", format: str = "", query: str = "", language: str | None = None
) -> list[Course]:
    """One entry per family; each entry carries ``languages``: those the reader may take it in."""
    language = language or reader_language()
    needle = query.strip().casefold()
    out = []
    for members in families(actor).values():
        if needle and not any(needle in c.title.casefold() for c in members):
            continue
        chosen = pick(members, language)
        if (area and chosen.area != area) or (format and chosen.format != format):
            continue
        chosen.languages = sorted(c.language for c in members)  # type: ignore[attr-defined]
        out.append(chosen)
    return sorted(out, key=lambda c: c.title.casefold())


def in_reader_language(actor: Actor, course: Course, language: str | None = None) -> Course:
    """The member of ``course``'s family the reader should open (published and open to them)."""
    language = language or reader_language()
    if course.language == language:
        return course
    members = list(
        policy.visible_courses(actor).filter(
            state=CourseState.PUBLISHED, pk__in=_family_ids(course), language=language
        )
    )
    return members[0] if members else course


def _family_ids(course: Course) -> list[int]:
    root = course.family_id
    return [root, *Course.objects.filter(translation_of_id=root).values_list("pk", flat=True)]


def family_languages(actor: Actor, course: Course) -> list[Course]:
    """The published members of the family open to the reader (the language switch)."""
    return list(
        policy.visible_courses(actor)
        .filter(pk__in=_family_ids(course), state=CourseState.PUBLISHED)
        .order_by("language")
    )
