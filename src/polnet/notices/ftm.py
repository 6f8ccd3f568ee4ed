"""Notices as FollowTheMoney entities: the `Person` a notice names and a `Sanction` (its kind
as the programme, its owner as the authority). The one mapping: an analysis report's export
(`analysis/reports/ftm.py`) uses it too, so a notice has the same ids in both.

The notices exported are those the reader may see (`Notice.objects.visible_to`, the notice
policy), read through `reading.visible_notices` and audited as an export.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from followthemoney import model
from followthemoney.proxy import EntityProxy

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.notices.models import Notice
from polnet.notices.reading import visible_notices
from polnet.records.names import ranked

NAMESPACE = "polnet"
SEX = {"M": "male", "F": "female"}
EXPORT_LIMIT = 100_000


def make(schema: str, *key: object) -> EntityProxy:
    """An entity whose id is derived from its key: the same object, the same id."""
    proxy = model.make_entity(schema)
    proxy.make_id(NAMESPACE, *(str(k) for k in key))
    return proxy


def add_person(proxy: EntityProxy, subject: Any) -> None:
    """A person's (or a notice subject's) names, birth, sex, nationalities and birthplace."""
    for n, name in enumerate(ranked(subject.names.all())):
        proxy.add("name" if n == 0 or not name.is_alias else "alias", name.display)
        if n == 0:
            proxy.add("firstName", name.given or None)
            proxy.add("lastName", name.family or None)
    proxy.add("birthDate", subject.date_of_birth or None)
    proxy.add("gender", SEX.get(subject.sex))
    proxy.add("nationality", [c.code for c in subject.nationalities.all()])
    proxy.add("birthPlace", subject.place_of_birth or None)


def label(notice: Notice) -> str:
    names = ranked(notice.names.all())
    text = f"{notice.get_kind_display()} {notice.reference}"
    return f"{text}: {names[0].display}" if names else text


def notice_entities(notice: Notice) -> list[EntityProxy]:
    """The notice's `Person` and `Sanction`, unmarked (a caller adds its handling notes)."""
    key = f"notice:{notice.pk}"
    person = make("Person", key)
    add_person(person, notice)
    if not person.has("name"):
        person.add("name", label(notice))
    sanction = make("Sanction", key, "listing")
    sanction.add("entity", person)
    sanction.add("program", str(notice.get_kind_display()))
    sanction.add("authority", f"polnet {notice.owner_country_id or 'secretariat'}")
    sanction.add("reason", notice.subject_description or None)
    return [person, sanction]


def export_lines(actor: Actor, filters: dict[str, str] | None = None) -> Iterator[str]:
    """The notices the actor may see as FtM JSON lines. They are read, and the export audited
    (a refusal raised), before the first line is given."""
    qs = visible_notices(actor, filters=filters)
    with transaction.atomic():
        notices = list(
            qs.prefetch_related("names", "nationalities")
            .select_related("owner_country")
            .order_by("id")[:EXPORT_LIMIT]
        )
        audit.log(
            actor,
            audit.Action.EXPORT,
            "notice",
            "",
            detail={"format": "ftm", "filters": filters or {}, "count": len(notices)},
        )
    return _lines(notices)


def _lines(notices: list[Notice]) -> Iterator[str]:
    for notice in notices:
        for proxy in notice_entities(notice):
            proxy.add("publisher", f"polnet {notice.owner_country_id or 'secretariat'}")
            checked = model.get_proxy(proxy.to_dict(), cleaned=False)
            yield json.dumps(checked.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
