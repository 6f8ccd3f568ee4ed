"""The analysis pages' forms: each gathers its input, builds the dict the API receives and
checks it with the API's schema (`schemas.py`), so a page and the API refuse the same things."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.analysis.models import ContributionKind, ContributionRestriction, CrimeArea, Project
from polnet.analysis.schemas import ContributionIn, InviteIn, ProjectIn, ProjectPatch
from polnet.core.forms import PageForm
from polnet.records.models import HandlingCode, InformationAccuracy, Purpose, SourceReliability

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in text.replace(";", ",").replace(" ", ",").split(",") if c.strip()]


class ProjectForm(PageForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    crime_area = forms.ChoiceField(label=_("Crime area"), choices=CrimeArea.choices)
    handling_code = forms.ChoiceField(label=_("Handling code"), choices=HandlingCode.choices)
    review_date = forms.DateField(label=_("Review date"), widget=DATE)
    participants = forms.CharField(
        label=_("Countries invited (ISO codes, separated by commas)"), required=False, max_length=400
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_date"].initial = date.today() + timedelta(days=365)

    def payload(self) -> dict[str, Any]:
        data = {**self.cleaned_data, "participants": _codes(self.cleaned_data.get("participants") or "")}
        return self.validate_with(ProjectIn, data)


class ProjectEditForm(PageForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    crime_area = forms.ChoiceField(label=_("Crime area"), choices=CrimeArea.choices)
    handling_code = forms.ChoiceField(label=_("Handling code"), choices=HandlingCode.choices)
    review_date = forms.DateField(label=_("Review date"), widget=DATE)

    @classmethod
    def of(cls, project: Project) -> ProjectEditForm:
        return cls(initial={f: getattr(project, f) for f in cls.base_fields}, prefix="edit")

    def payload(self) -> dict[str, Any]:
        return self.validate_with(ProjectPatch, self.cleaned_data, exclude_unset=True)


class InviteForm(PageForm):
    party = forms.ChoiceField(label=_("Invite"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party = self.fields["party"]
        assert isinstance(party, forms.ChoiceField)
        party.choices = choices

    def payload(self) -> dict[str, Any]:
        return self.validate_with(InviteIn, self.cleaned_data)


class TextContributionForm(PageForm):
    text = forms.CharField(label=_("Information"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    source_reliability = forms.ChoiceField(
        label=_("Source reliability"), choices=SourceReliability.choices, initial="B"
    )
    information_accuracy = forms.ChoiceField(
        label=_("Information accuracy"), choices=InformationAccuracy.choices, initial="2"
    )
    handling_code = forms.ChoiceField(label=_("Handling code"), choices=HandlingCode.choices, initial="H0")
    restriction = forms.ChoiceField(
        label=_("Who may read it"),
        choices=ContributionRestriction.choices,
        initial=ContributionRestriction.ALL_PARTICIPANTS,
        widget=forms.RadioSelect,
    )
    listed_countries = forms.MultipleChoiceField(
        label=_("Participant countries that may read it"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "text")
        super().__init__(*args, **kwargs)
        listed = self.fields["listed_countries"]
        assert isinstance(listed, forms.MultipleChoiceField)
        listed.choices = countries

    def payload(self) -> dict[str, Any]:
        return self.validate_with(ContributionIn, {**self.cleaned_data, "kind": "text"})


OBJECT_CHOICES = [(k.value, k.label) for k in ContributionKind if k != ContributionKind.TEXT]


class ObjectContributionForm(PageForm):
    kind = forms.ChoiceField(label=_("What"), choices=OBJECT_CHOICES)
    object_id = forms.IntegerField(label=_("Its number"), min_value=1)
    note = forms.CharField(label=_("Why it matters"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "object")
        super().__init__(*args, **kwargs)

    def payload(self) -> dict[str, Any]:
        return self.validate_with(ContributionIn, self.cleaned_data)
