"""The search form of the public pages, with the public web service's own parameter names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.notices.kinds import NoticeKind


class PublicSearchForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Notices"),
        choices=[
            ("red", NoticeKind.RED.label),
            ("yellow", NoticeKind.YELLOW.label),
            ("un", NoticeKind.UN.label),
        ],
    )
    forename = forms.CharField(label=_("Forename"), required=False, max_length=100)
    name = forms.CharField(label=_("Name"), required=False, max_length=100)
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=3)
    sexId = forms.ChoiceField(  # the public service's own parameter name
        label=_("Sex"),
        choices=[("", "—"), ("M", _("Male")), ("F", _("Female")), ("U", _("Unknown"))],
        required=False,
    )
    ageMin = forms.IntegerField(label=_("Age from"), required=False, min_value=0, max_value=120)
    ageMax = forms.IntegerField(label=_("Age to"), required=False, min_value=0, max_value=120)
    freeText = forms.CharField(label=_("Free text"), required=False, max_length=100)
