"""The report pages' forms: each builds the dict the API receives, checks it with the API's
schema and hands it to the same service."""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.analysis.reports.models import SectionKind
from polnet.analysis.reports.schemas import IssueIn, MoveIn, ReportIn, SectionIn
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
