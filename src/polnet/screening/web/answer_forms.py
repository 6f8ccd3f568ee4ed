"""The owner's answer to a hit, and the withdrawal by the side that had it (page forms).

The service decides who may and checks the reason; these gather the input. One form of
each per hit on a page: the ids carry the hit's number.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.core.forms import PageForm
from polnet.screening.models import HitState

_REASON = {"rows": 2, "dir": "auto"}


class AnswerForm(PageForm):
    state = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("", _("Choose…")),
            (HitState.CONFIRMED.value, _("Confirmed: it is the person or object of the record")),
            (HitState.NOT_SAME.value, _("Not the same")),
        ],
        error_messages={k: _("Choose your answer.") for k in ("required", "invalid_choice")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        help_text=_("Required when it is not the same. Seen by the bureau whose check it was."),
        widget=forms.Textarea(attrs=_REASON),
    )

    def __init__(self, *args: Any, hit_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"answer{hit_id}_%s")
        super().__init__(*args, **kwargs)


class WithdrawForm(PageForm):
    state = forms.CharField(widget=forms.HiddenInput, initial=HitState.WITHDRAWN.value)
    reason = forms.CharField(
        label=_("Why withdraw the hit"),
        max_length=2000,
        required=False,  # the service refuses an empty one, with its message
        help_text=_("The owner is told."),
        widget=forms.Textarea(attrs=_REASON),
    )

    def __init__(self, *args: Any, hit_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"withdraw{hit_id}_%s")
        super().__init__(*args, **kwargs)
