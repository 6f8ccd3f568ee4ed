"""The page forms of entity resolution: they hand the API's schemas the same data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.analysis.resolution.models import PairStatus
from polnet.analysis.resolution.schemas import PairParams, RunIn
from polnet.core.forms import PageForm


class RunForm(PageForm):
    threshold = forms.FloatField(
        label=_("Keep pairs from this match probability"),
        required=False,
        initial=0.8,
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0.05", "max": "0.99"}),
    )

    def payload(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return self.validate_with(RunIn, {"threshold": self.cleaned_data.get("threshold")})


class PairFilterForm(PageForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *PairStatus.choices]
    )
    min_probability = forms.FloatField(
        label=_("From probability"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"}),
    )

    def payload(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return self.validate_with(PairParams, data)
