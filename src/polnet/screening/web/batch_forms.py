"""The form that corrects a refused row of a passenger list: the columns a row is checked by.

It checks lengths only; the corrected row is read by the list's own rules and checked by the
screening services, whose refusal comes back beside the row.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.core.forms import PageForm

_PLAIN = {"autocomplete": "off", "spellcheck": "false"}
_CODE = {**_PLAIN, "dir": "ltr", "autocapitalize": "characters"}
# The list's columns as the officer reads them (also the field a refusal is about).
COLUMN_LABELS = {
    "name": _("Name"),
    "given": _("Given names"),
    "family": _("Family name"),
    "date_of_birth": _("Date of birth"),
    "sex": _("Sex"),
    "nationality": _("Nationality"),
    "document_number": _("Document number"),
    "document_country": _("Issuing country"),
    "mrz": _("Machine-readable zone"),
}


class RowCorrection(PageForm):
    """One refused row; its fields carry the row's number, so that a page holds many."""

    name = forms.CharField(
        label=COLUMN_LABELS["name"],
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs={**_PLAIN, "dir": "auto"}),
    )
    date_of_birth = forms.CharField(
        label=COLUMN_LABELS["date_of_birth"],
        max_length=400,
        required=False,
        help_text=_("YYYY-MM-DD, or only YYYY-MM or YYYY when that is all you know."),
        widget=forms.TextInput(attrs={**_CODE, "inputmode": "numeric"}),
    )
    sex = forms.CharField(
        label=COLUMN_LABELS["sex"], max_length=400, required=False, widget=forms.TextInput(attrs=_CODE)
    )
    nationality = forms.CharField(
        label=COLUMN_LABELS["nationality"],
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs=_CODE),
    )
    document_number = forms.CharField(
        label=COLUMN_LABELS["document_number"],
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs=_CODE),
    )
    document_country = forms.CharField(
        label=COLUMN_LABELS["document_country"],
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs=_CODE),
    )

    def __init__(self, *args: Any, row: int, **kwargs: Any) -> None:
        super().__init__(*args, auto_id=f"row-{row}-%s", **kwargs)
        self.row = row
