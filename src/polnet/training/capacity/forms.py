"""The capacity pages' forms: each builds the dict the API receives, checks it with the
API's schema and hands it to the same service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.core.forms import PageForm
from polnet.network.models import Bureau, Partner, Unit
from polnet.training.capacity.models import ActivityKind, Metric, Plan, PlanState
from polnet.training.capacity.schemas import TrainingActivityIn, TrainingIndicatorIn, TrainingPlanIn
from polnet.training.catalogue.models import PriorityArea

DATE = forms.DateInput(attrs={"type": "date"})


def _ids(values: Any) -> list[int]:
    return [v.pk for v in values or []]


class PlanForm(PageForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Partner.objects.filter(active=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    state = forms.ChoiceField(label=_("State"), choices=PlanState.choices)

    def payload(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["partner_ids"] = _ids(d.pop("partners", []))
        return self.validate_with(TrainingPlanIn, d)


class ActivityForm(PageForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices)
    area = forms.ChoiceField(label=_("Priority area"), choices=PriorityArea.choices)
    lead_partner = forms.ModelChoiceField(
        label=_("Lead partner"), queryset=Partner.objects.none(), required=False
    )
    bureaus = forms.ModelMultipleChoiceField(
        label=_("Bureaus served"), queryset=Bureau.objects.order_by("name"), required=False
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Posts served"),
        queryset=Unit.objects.select_related("bureau").order_by("bureau__name", "name"),
        required=False,
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    done = forms.BooleanField(label=_("Done"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, plan: Plan, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead_partner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plan.partners.order_by("name")

    def payload(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        lead = d.pop("lead_partner", None)
        d["lead_partner_id"] = lead.pk if lead else None
        d["bureau_ids"] = _ids(d.pop("bureaus", []))
        d["unit_ids"] = _ids(d.pop("units", []))
        return self.validate_with(TrainingActivityIn, d)

    def field_for(self, loc: tuple[str, ...]) -> str | None:
        renamed = {"lead_partner_id": "lead_partner", "bureau_ids": "bureaus", "unit_ids": "units"}
        name = renamed.get(loc[0], loc[0]) if loc else None
        return name if name in self.fields else None


class IndicatorForm(PageForm):
    metric = forms.ChoiceField(label=_("Metric"), choices=Metric.choices)
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=Bureau.objects.order_by("name"))
    unit = forms.ModelChoiceField(
        label=_("Post (optional)"),
        queryset=Unit.objects.select_related("bureau").order_by("bureau__name", "name"),
        required=False,
    )
    target = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2, min_value=0)
    target_date = forms.DateField(label=_("Target date"), widget=DATE)
    activity = forms.ModelChoiceField(
        label=_("Activity it follows (optional)"), queryset=Plan.objects.none(), required=False
    )

    def __init__(self, plan: Plan, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plan.activities.all()

    def payload(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["bureau_id"] = d.pop("bureau").pk
        unit, activity = d.pop("unit", None), d.pop("activity", None)
        d["unit_id"] = unit.pk if unit else None
        d["activity_id"] = activity.pk if activity else None
        return self.validate_with(TrainingIndicatorIn, d)

    def field_for(self, loc: tuple[str, ...]) -> str | None:
        renamed = {"bureau_id": "bureau", "unit_id": "unit", "activity_id": "activity"}
        name = renamed.get(loc[0], loc[0]) if loc else None
        return name if name in self.fields else None
