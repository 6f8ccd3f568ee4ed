"""The small forms of the notice pages: an act with its reason, an image, a term, the public search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.notices.kinds import Language, NoticeKind
from polnet.notices.models import TermCategory


class ActForm(forms.Form):
    act = forms.CharField(max_length=32)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False, max_length=4000)
    until = forms.DateField(
        label=_("Suspended until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    approve_extract = forms.BooleanField(label=_("Also approve the public extract"), required=False)


class ImageForm(forms.Form):
    file = forms.FileField(label=_("Image (JPEG, PNG or WebP, at most 5 MB)"))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)
    in_public_extract = forms.BooleanField(
        label=_("May appear in a public extract"), required=False, initial=True
    )


class TermForm(forms.Form):
    term = forms.CharField(label=_("Term"), max_length=200, help_text=_("A trailing * matches any ending"))
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    category = forms.ChoiceField(label=_("Category"), choices=TermCategory.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


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
