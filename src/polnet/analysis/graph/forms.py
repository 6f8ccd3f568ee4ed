"""The graph page's forms: what to explore, and a link to add by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.analysis.graph import explore
from polnet.analysis.graph.services import GraphQuery
from polnet.analysis.graph.vocabulary import NodeKind


def _items(text: str, upper: bool = False) -> frozenset[str] | None:
    parts = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
    return frozenset(p.upper() if upper else p for p in parts) if parts else None


class ExploreForm(forms.Form):
    start = forms.CharField(
        label=_("Start from"),
        max_length=96,
        widget=forms.TextInput(attrs={"dir": "ltr", "placeholder": "person:12"}),
        help_text=_("An entity's key: person:12, document:7, notice:3, identifier:phone:+33612345678…"),
    )
    hops = forms.TypedChoiceField(
        label=_("Links to walk"),
        choices=[(n, str(n)) for n in range(1, explore.MAX_HOPS + 1)],
        coerce=int,
        initial=2,
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds shown"), choices=NodeKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    countries = forms.CharField(
        label=_("Countries"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "ltr", "placeholder": "FR, DE"}),
    )

    def query(self) -> GraphQuery:
        data: dict[str, Any] = self.cleaned_data
        return GraphQuery(
            hops=data["hops"],
            kinds=frozenset(data["kinds"]) or None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            countries=_items(data.get("countries") or "", upper=True),
        )


class PathForm(forms.Form):
    source = forms.CharField(label=_("From"), max_length=96, widget=forms.TextInput(attrs={"dir": "ltr"}))
    target = forms.CharField(label=_("To"), max_length=96, widget=forms.TextInput(attrs={"dir": "ltr"}))


class LinkForm(forms.Form):
    source = forms.CharField(
        label=_("One entity"), max_length=96, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    target = forms.CharField(
        label=_("The other"), max_length=96, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    note = forms.CharField(
        label=_("Why they are linked"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ViewToReportForm(forms.Form):
    """The graph page's "Add this view to a report": the draft, a title, and the keys of the
    entities on screen (kept up to date by the page's script). Only the keys travel."""

    # Any number: the service decides whether the analyst may write that report.
    report = forms.IntegerField(label=_("Draft report"), min_value=1, widget=forms.Select)
    title = forms.CharField(
        label=_("Section title"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("Left empty: the link graph and the day.")}),
    )
    nodes = forms.CharField(max_length=60_000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, drafts: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report"].widget.choices = drafts or []

    def keys(self) -> list[str]:
        return sorted(_items(self.cleaned_data["nodes"]) or ())
