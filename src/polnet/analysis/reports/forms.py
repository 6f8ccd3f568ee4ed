"""The report pages' forms: each builds the dict the API receives, checks it with the API's
schema and hands it to the same service."""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.analysis.models import CrimeArea
from polnet.analysis.reports.charts_in_reports import series_choices
from polnet.analysis.reports.models import Report, SectionKind
from polnet.analysis.reports.schemas import ChartIn, IssueIn, MoveIn, ReportIn, SectionIn
from polnet.analysis.trends.filters import KINDS
from polnet.analysis.trends.labels import check_kind
from polnet.core.forms import PageForm
from polnet.core.policy import Restriction
from polnet.records.models import HandlingCode

RESTRICTIONS = [
    (Restriction.ALL_MEMBERS.value, _("All member countries")),
    (Restriction.ONLY_LISTED.value, _("Only the countries listed")),
    (Restriction.ALL_EXCEPT_LISTED.value, _("All except the countries listed")),
]


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,;]+", text or "") if w]


class ReportForm(PageForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    handling_code = forms.ChoiceField(label=_("Handling code"), choices=HandlingCode.choices)

    def payload(self) -> dict[str, Any]:
        return self.validate_with(ReportIn, self.cleaned_data)


class SectionForm(PageForm):
    kind = forms.ChoiceField(choices=SectionKind.choices, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Section title"), max_length=300, required=False)
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    content = forms.CharField(
        label=_("Data (JSON)"), required=False, widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr"})
    )
    keys = forms.CharField(
        label=_("Entities (keys such as person:12, notice:7)"),
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    sources = forms.CharField(
        label=_("Sources drawn on (keys)"), required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )

    def payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        data: Any = {}
        if d["kind"] == SectionKind.ENTITIES:
            data = {"keys": _words(d["keys"])}
        elif d.get("content"):
            try:
                data = json.loads(d["content"])
            except ValueError:
                self.add_error("content", _("This is not valid JSON."))
                return {}
            if not isinstance(data, dict):
                self.add_error("content", _("A section's data is an object."))
                return {}
        sent = {"kind": d["kind"], "title": d["title"], "body": d["body"], "data": data}
        sent["sources"] = _words(d["sources"])
        return self.validate_with(SectionIn, sent)

    def field_for(self, loc: tuple[str, ...]) -> str | None:
        if loc and loc[0] == "data":
            return "content"
        return super().field_for(loc)


class MoveForm(PageForm):
    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=10_000)

    def payload(self) -> dict[str, Any]:
        return self.validate_with(MoveIn, self.cleaned_data)


class IssueForm(PageForm):
    restriction = forms.ChoiceField(label=_("Shared with"), choices=RESTRICTIONS)
    listed_countries = forms.CharField(
        label=_("Countries listed (codes such as DE, IT)"),
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    bureau_only = forms.BooleanField(label=_("Bureaus only (no extended-access unit)"), required=False)
    review_date = forms.DateField(
        label=_("Review date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def payload(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["listed_countries"] = [c.upper() for c in _words(d.get("listed_countries", ""))]
        return self.validate_with(IssueIn, d)


FILTERS = ("since", "until", "country", "post", "kind", "crime_area")


def _kinds() -> list[tuple[str, Any]]:
    return [("", _("All")), *((k, check_kind(k)) for k in KINDS)]


def _crime_areas() -> list[tuple[str, Any]]:
    return [("", _("All")), *CrimeArea.choices]


class TrendChartForm(PageForm):
    """A chart of a trend for the report editor: the series and the trends page's filters."""

    series = forms.ChoiceField(label=_("Trend"), choices=series_choices)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    country = forms.CharField(
        label=_("Country where checked"),
        required=False,
        max_length=3,
        widget=forms.TextInput(attrs={"size": 4}),
    )
    post = forms.CharField(
        label=_("Post number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_kinds)
    crime_area = forms.ChoiceField(label=_("Crime area"), required=False, choices=_crime_areas)
    title = forms.CharField(
        label=_("Section title"),
        max_length=300,
        required=False,
        help_text=_("Left empty: the trend and its period."),
    )
    body = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        filters = {k: d.get(k) or "" for k in FILTERS}
        for day in ("since", "until"):
            filters[day] = d[day].isoformat() if d.get(day) else ""
        sent = {"series": d["series"], "filters": filters, "title": d["title"], "body": d["body"]}
        return self.validate_with(ChartIn, sent)

    def field_for(self, loc: tuple[str, ...]) -> str | None:
        if len(loc) > 1 and loc[0] == "filters":
            return loc[1] if loc[1] in self.fields else None
        return super().field_for(loc)


def draft_choices(drafts: list[Report]) -> list[tuple[str, list[tuple[int, str]]]]:
    """The drafts grouped by project, for a select's option groups."""
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for report in drafts:
        groups.setdefault(report.project_id, (report.project.name, []))[1].append((report.pk, report.title))
    return list(groups.values())


class AddToReportForm(TrendChartForm):
    """The trends page's form under each chart: which draft to add it to; the series and the
    page's filters come hidden with it."""

    # Any number: the service decides whether the analyst may write that report.
    report = forms.IntegerField(label=_("Report"), min_value=1, widget=forms.Select)

    def __init__(self, *args: Any, drafts: list[Report] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report"].widget.choices = draft_choices(drafts or [])
        for name in ("series", *FILTERS):
            self.fields[name].widget = forms.HiddenInput()
