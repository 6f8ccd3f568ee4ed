"""The page forms of what follows publication: an addendum, a decision on it, a sighting, a
reservation. Each hands its input to the API's schema, so a page and the API agree."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.core.forms import PageForm
from polnet.notices.after.schemas import AddendumIn, ReservationIn, SightingIn
from polnet.records.models import SourceReliability

SCRIPTS = [("Latn", _("Latin")), ("Cyrl", _("Cyrillic")), ("Arab", _("Arabic")), ("", _("Other"))]


class AddendumForm(PageForm):
    given = forms.CharField(label=_("New name: given names"), required=False, max_length=200)
    family = forms.CharField(label=_("New name: family name"), required=False, max_length=200)
    script = forms.ChoiceField(label=_("Script"), choices=SCRIPTS, required=False, initial="Latn")
    is_alias = forms.BooleanField(label=_("It is an alias"), required=False, initial=True)
    warrant_reference = forms.CharField(label=_("New warrant: reference"), required=False, max_length=100)
    warrant_authority = forms.CharField(label=_("Issuing authority"), required=False, max_length=200)
    warrant_charge = forms.CharField(
        label=_("Charge"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    warrant_law = forms.CharField(label=_("Law"), required=False, max_length=2000)
    warrant_penalty = forms.IntegerField(label=_("Maximum penalty (months)"), required=False, min_value=0)
    information = forms.CharField(
        label=_("Information to add"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
    )
    photo = forms.FileField(label=_("New photo (JPEG, PNG or WebP, at most 5 MB)"), required=False)
    photo_caption = forms.CharField(label=_("Caption"), required=False, max_length=200)

    def payload(self, issuing_country: str) -> dict[str, Any]:
        """The addendum as the API takes it; {} with errors on the form when refused."""
        d = self.cleaned_data
        data: dict[str, Any] = {"information": d["information"], "names": [], "warrants": []}
        if d["given"] or d["family"]:
            data["names"].append(
                {"given": d["given"], "family": d["family"], "script": d["script"], "is_alias": d["is_alias"]}
            )
        if any(d[f] for f in ("warrant_reference", "warrant_authority", "warrant_charge", "warrant_law")):
            data["warrants"].append(
                {
                    "issuing_country": issuing_country,
                    "reference": d["warrant_reference"],
                    "authority": d["warrant_authority"],
                    "charge": d["warrant_charge"],
                    "law": d["warrant_law"],
                    "max_penalty_months": d["warrant_penalty"],
                }
            )
        parsed = self.validate_with(AddendumIn, data)
        if parsed:
            parsed["photo_caption"] = d["photo_caption"]
        return parsed

    def field_for(self, loc: tuple[str, ...]) -> str | None:
        if loc and loc[0] == "names":
            return "family"
        if loc and loc[0] == "warrants":
            return "warrant_charge"
        return super().field_for(loc)


class DecisionForm(PageForm):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")])
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SightingForm(PageForm):
    country = forms.CharField(label=_("Country where seen (ISO code)"), max_length=3)
    place = forms.CharField(label=_("Place"), max_length=200)
    seen_at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    reliability = forms.ChoiceField(label=_("Reliability"), choices=SourceReliability.choices, initial="B")
    information = forms.CharField(
        label=_("What was seen"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def payload(self) -> dict[str, Any]:
        return self.validate_with(SightingIn, self.cleaned_data)


class ReservationForm(PageForm):
    reason = forms.CharField(
        label=_("Why your country will not act on it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )

    def payload(self) -> dict[str, Any]:
        return self.validate_with(ReservationIn, self.cleaned_data)


class LiftForm(PageForm):
    reason = forms.CharField(
        label=_("Why it is lifted"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
