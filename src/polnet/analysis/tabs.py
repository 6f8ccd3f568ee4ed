"""The tabs of a project's page: one line per part of the analysis (slug, label, URL name).

Each part adds its line here; a tab whose URL is not installed is left out. The URL name
takes the project's id as its one argument.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TABS: list[tuple[str, Promise, str]] = [
    ("overview", _("Project"), "analysis:project"),
    ("graph", _("Link graph"), "analysis:graph:page"),
    ("duplicates", _("Same person across bureaus"), "analysis:duplicates"),
    ("changes", _("This month"), "analysis:project_changes"),
    ("reports", _("Reports"), "analysis:reports"),
]


@dataclass(frozen=True)
class Tab:
    slug: str
    label: Promise
    href: str
    current: bool


def tabs_for(project_id: int, current: str) -> list[Tab]:
    out = []
    for slug, label, url_name in TABS:
        try:
            href = reverse(url_name, args=[project_id])
        except NoReverseMatch:
            continue
        out.append(Tab(slug, label, href, slug == current))
    return out
