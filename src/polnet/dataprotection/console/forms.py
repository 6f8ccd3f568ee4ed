"""The console's page forms: they gather input; `filters.make_filters` and the services check it,
so the page, the API and the command line refuse the same things, and a refusal lands on its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.core.errors import PolnetError
from polnet.core.kinds import RecordKind
from polnet.dataprotection.console.filters import LogFilters, make_filters
from polnet.records.models import Purpose


class HistoryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of record"), choices=RecordKind.choices)
    id = forms.IntegerField(label=_("Record number"), min_value=1)


class LogSearchForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    unit = forms.CharField(label=_("Unit number"), required=False, max_length=18)
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        required=False,
        choices=[("", "—"), *Purpose.choices, ("data_protection", _("Data protection"))],
    )
    kind = forms.CharField(label=_("Kind of record or object"), required=False, max_length=64)
    record_id = forms.CharField(label=_("Record number"), required=False, max_length=18)
    since = forms.CharField(
        label=_("From"), required=False, help_text=_("YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)")
    )
    until = forms.CharField(label=_("Until"), required=False, help_text=_("YYYY-MM-DD (included) or a time"))

    def filters(self) -> LogFilters | None:
        """The checked filters, or None with the refusal on its field."""
        if not self.is_valid():
            return None
        data: dict[str, Any] = self.cleaned_data
        try:
            return make_filters(**{name: data.get(name) or "" for name in self.fields})
        except PolnetError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, str(exc.message))
            return None


class CloseAlertForm(forms.Form):
    note = forms.CharField(label=_("Closing note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
