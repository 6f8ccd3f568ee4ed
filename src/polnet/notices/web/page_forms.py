"""The small forms of the notice pages: an act with its reason, an image, a term."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.notices.kinds import Language
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
