"""The hit report's page form: it gathers the input, `HitReportIn` (the API's schema) decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from polnet.core.actions import HitAction
from polnet.core.forms import PageForm
from polnet.core.images import read_upload
from polnet.screening.models import ReportOutcome, Transport

_TEXT = {"dir": "auto"}
_CHOOSE = [("", _("Choose…"))]


class _Photos(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several images in one input; each is checked from its bytes by the service."""

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(PhotosField, self).clean(f, initial) for f in files]


class HitReportForm(PageForm):
    place = forms.CharField(
        label=_("Where"),
        max_length=200,
        help_text=_("The airport, border crossing, road or town of the check."),
        widget=forms.TextInput(attrs=_TEXT),
    )
    occurred_at = forms.DateTimeField(
        label=_("When (UTC)"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    check_performed = forms.ChoiceField(label=_("Check performed"), choices=_CHOOSE + HitAction.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=_CHOOSE + ReportOutcome.choices)
    accompanying = forms.CharField(
        label=_("Persons accompanying"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, **_TEXT}),
    )
    transport = forms.ChoiceField(
        label=_("Means of transport"), choices=Transport.choices, initial=Transport.NONE
    )
    transport_identifier = forms.CharField(
        label=_("Vehicle, flight or vessel"),
        required=False,
        max_length=100,
        help_text=_("Plate or VIN, flight number, vessel name or IMO number."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    items = forms.CharField(
        label=_("Documents or objects found"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, **_TEXT}),
    )
    items_seized = forms.BooleanField(label=_("They were seized"), required=False)
    remarks = forms.CharField(
        label=_("Remarks"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4, **_TEXT})
    )
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("At most five JPEG, PNG or WebP images of 5 MB each."),
        widget=_Photos(attrs={"multiple": True, "accept": "image/jpeg,image/png,image/webp"}),
    )

    def payload(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.fields if name != "photos"}
        if data["occurred_at"] is not None:
            data["occurred_at"] = data["occurred_at"].replace(tzinfo=None)  # typed as UTC
        return data

    def photo_bytes(self) -> list[bytes]:
        return [read_upload(f) for f in self.cleaned_data.get("photos") or []]
