"""The requests pages' forms: each builds the dict the API receives, checks it with the API's
schema and hands it to the same service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.core.forms import PageForm
from polnet.dataprotection.requests.models import Answer, LetterLanguage, RequestKind, Verdict
from polnet.dataprotection.requests.schemas import ConsultationAnswerIn, DataRequestIn


class _Files(forms.ClearableFileInput):
    allow_multiple_selected = True


class _FilesField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data]
        return [one(data, initial)] if data else []


class RegisterForm(PageForm):
    kind = forms.ChoiceField(label=_("Kind of request"), choices=RequestKind.choices)
    names = forms.CharField(
        label=_("Names of the requester"),
        help_text=_("One per line, in any script, as the identity documents write them."),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    date_of_birth = forms.CharField(
        label=_("Date of birth"), required=False, max_length=10, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
    )
    nationality = forms.CharField(label=_("Nationality (ISO code)"), required=False, max_length=2)
    language = forms.ChoiceField(label=_("Language of the answer"), choices=LetterLanguage.choices)
    received_on = forms.DateField(label=_("Date received"), widget=forms.DateInput(attrs={"type": "date"}))
    document_type = forms.CharField(label=_("Identity document type"), required=False, max_length=32)
    document_number = forms.CharField(label=_("Identity document number"), required=False, max_length=32)
    details = forms.CharField(
        label=_("What the requester asks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    documents = _FilesField(
        label=_("Copies of identity documents (PDF, JPEG, PNG; at most 5 MB each)"),
        required=False,
        widget=_Files(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def payload(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["names"] = [n.strip() for n in (d.get("names") or "").splitlines() if n.strip()]
        files = d.pop("documents", []) or []
        d["documents"] = []
        parsed = self.validate_with(DataRequestIn, d)
        if parsed:
            parsed["documents"] = [f.read(5 * 1024 * 1024 + 1) for f in files]
        return parsed


class AnswerForm(PageForm):
    answer = forms.ChoiceField(label=_("Your answer"), choices=Answer.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def payload(self) -> dict[str, Any]:
        return self.validate_with(ConsultationAnswerIn, self.cleaned_data)


VERDICT_CHOICES = [("", "—"), *Verdict.choices]
