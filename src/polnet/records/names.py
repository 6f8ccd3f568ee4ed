"""Name forms of person records and notices: one way to write them, show them and search them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Q

from polnet.records.subjects import NameForm

NAME_PARTS = ("full", "given", "family")


def name_out(name: NameForm) -> dict[str, Any]:
    """The API shape of one name form (`schemas.NameOut`)."""
    return {
        "given": name.given,
        "family": name.family,
        "full": name.full,
        "script": name.script,
        "language": name.language,
        "is_alias": name.is_alias,
    }


def names_out(names: Iterable[NameForm]) -> list[dict[str, Any]]:
    return [name_out(n) for n in names]


def ranked(names: Iterable[NameForm]) -> list[NameForm]:
    """Own names before aliases, Latin script before others, then in the order given."""
    return sorted(names, key=lambda n: (n.is_alias, n.script not in ("", "Latn"), n.position))


def replace_names(subject: models.Model, names: list[dict[str, Any]]) -> None:
    """Put the name forms sent (`schemas.NameIn` dicts) in place of the subject's, in order."""
    manager = subject.names  # type: ignore[attr-defined]  # every subject's related_name
    manager.all().delete()
    manager.model.objects.bulk_create(
        manager.model(
            position=n,
            **{manager.field.name: subject},
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in name.items()},
        )
        for n, name in enumerate(names)
    )


def name_q(text: str, parts: Iterable[str] = NAME_PARTS) -> Q:
    """A name form of the subject contains `text` in one of `parts`."""
    first, *others = parts
    q = Q(**{f"names__{first}__icontains": text})
    for part in others:
        q |= Q(**{f"names__{part}__icontains": text})
    return q


def names_q(text: str) -> Q:
    """Every word of `text` (the first six) is in one of the subject's name forms."""
    q = Q()
    for token in text.split()[:6]:
        q &= name_q(token)
    return q
