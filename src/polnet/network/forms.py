"""Forms of the sign-in pages and of bureau administration. They check shapes only; the
network services decide what is allowed and report their refusals per field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.core.forms import PageForm
from polnet.core.kinds import RecordKind
from polnet.core.purposes import Purpose
from polnet.network.labels import RESULT_LEVELS, ROLES, TOKEN_SCOPES, UNIT_KINDS
from polnet.network.models import Unit, User
from polnet.network.services import MAX_TOKEN_DAYS

CODE_REGEX = r"^\d{6}$"
_CODE_WIDGET = forms.TextInput(
    attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "6", "size": "8"}
)
_CONFIRM_ERRORS = {"required": _("Tick the box to confirm.")}
_CODE_ERRORS = {"invalid": _("Enter the 6-digit code from your authenticator app.")}


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    otp_token = forms.RegexField(
        label=_("Authenticator code"),
        regex=CODE_REGEX,
        required=False,  # empty on the first sign-in, which sets the authenticator up
        help_text=_("First sign-in? Leave it empty: you will set up your authenticator next."),
        error_messages=_CODE_ERRORS,
        widget=_CODE_WIDGET,
    )


def _new_password_field(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class EnrolForm(PageForm):
    """The authenticator's first code; after a reset by an administrator, a new password too."""

    otp_token = forms.RegexField(
        label=_("Code shown by your authenticator app"),
        regex=CODE_REGEX,
        error_messages=_CODE_ERRORS,
        widget=_CODE_WIDGET,
    )

    def __init__(self, *args: Any, new_password: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if new_password:
            self.fields["new_password"] = _new_password_field(
                _("New password"), _("At least 10 characters; not the temporary password.")
            )
            self.fields["new_password_again"] = _new_password_field(_("New password again"))
            # The code last: it changes every 30 seconds.
            self.order_fields(["new_password", "new_password_again", "otp_token"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "new_password" in self.fields and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("The two passwords differ."))
        return data


# The roles a bureau gives (services.BUREAU_GRANTABLE), in the order the pages offer them.
BUREAU_ROLE_CHOICES = ("bureau_officer", "unit_officer", "analyst", "dpo", "bureau_admin")


def _choices(labels: dict[str, Any]) -> list[tuple[str, Any]]:
    return list(labels.items())


class _ScopeFields(PageForm):
    databases = forms.MultipleChoiceField(
        label=_("Databases it may query"),
        choices=RecordKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    result_level = forms.ChoiceField(
        label=_("What a check shows"),
        choices=_choices(RESULT_LEVELS),
        initial="hit_only",
        widget=forms.RadioSelect,
    )
    may_write = forms.BooleanField(
        label=_("May enter and change the bureau's records"),
        required=False,
        help_text=_("Only in the databases chosen above."),
    )


class UnitForm(_ScopeFields):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type of unit"), choices=_choices(UNIT_KINDS))
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    field_order = ["name", "kind", "location", "databases", "result_level", "may_write"]


class ScopeForm(_ScopeFields):
    active = forms.BooleanField(
        label=_("Connected"),
        required=False,
        initial=True,
        help_text=_("A disconnected unit keeps its users but can query nothing."),
    )


class UserForm(PageForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(none: works at the bureau)"),
        help_text=_("Unit officers belong to a unit; everyone else works at the bureau."),
    )
    is_machine = forms.BooleanField(
        label=_("Machine client"),
        required=False,
        help_text=_("A border system that signs in with an API token only; it gets no password."),
    )
    password = forms.CharField(
        label=_("First password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 10 characters. Give it to the person; at the first sign-in they set up "
            "their authenticator."
        ),
    )

    field_order = ["username", "first_name", "last_name", "email", "role", "unit", "is_machine", "password"]

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")
        role_field: Any = self.fields["role"]
        role_field.choices = [(r, ROLES[r]) for r in BUREAU_ROLE_CHOICES]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("is_machine") and not data.get("password"):
            self.add_error("password", _("A person needs a first password."))
        if data.get("is_machine"):
            data["password"] = None
        return data


class RoleForm(PageForm):
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(none: works at the bureau)"),
        help_text=_("Unit officers belong to a unit; everyone else works at the bureau."),
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")
        role_field: Any = self.fields["role"]
        role_field.choices = [(r, ROLES[r]) for r in BUREAU_ROLE_CHOICES]


class ResetSignInForm(PageForm):
    password = _new_password_field(
        _("Temporary password"),
        _(
            "At least 10 characters. Give it to the person in person or by phone; at the next "
            "sign-in they set up a new authenticator and choose their own password."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I have checked who is asking: remove this user's authenticator and password."),
        error_messages=_CONFIRM_ERRORS,
    )


class ConfirmForm(PageForm):
    confirm = forms.BooleanField(label=_("Yes, deactivate this account."), error_messages=_CONFIRM_ERRORS)


class TokenForm(PageForm):
    user = forms.ModelChoiceField(label=_("For user"), queryset=User.objects.none())
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Where it is used, e.g. the gate system of terminal 2.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=_choices(TOKEN_SCOPES), widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_TOKEN_DAYS, initial=90)
    default_purpose = forms.ChoiceField(
        label=_("Default purpose of its searches"),
        choices=[("", _("None: each search states its purpose")), *Purpose.choices],
        required=False,
        help_text=_("Stated for every search made with the token that states no purpose of its own."),
    )

    def __init__(self, *args: Any, users: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field: Any = self.fields["user"]
        user_field.queryset = User.objects.filter(pk__in=[u.pk for u in users]).order_by("username")


class DeadlinesForm(PageForm):
    """The bureau's time to confirm a hit on its records; the service checks the bounds."""

    urgent_hours = forms.IntegerField(
        label=_("Urgent hits (arrest, protect): hours to confirm"),
        help_text=_("Counted from the hit. 1 hour unless set."),
    )
    other_hours = forms.IntegerField(
        label=_("Other hits: hours to confirm"), help_text=_("Counted from the hit. 12 hours unless set.")
    )
