"""Record forms of the web interface: one Django form per kind, and two formsets for a
person's names and identifiers.

The forms gather input only. ``RecordPage.validated`` turns them into the data dict the API
receives, checks it with the same pydantic schemas (records/schemas.py) and hands back what
the same services take; every refusal lands on its field, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.forms.formsets import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from polnet.core.actions import HitAction, allowed_actions
from polnet.core.forms import SHARING_MESSAGES, Location, PageForm, SchemaMessages
from polnet.core.policy import Restriction
from polnet.records.kinds import spec_for
from polnet.records.labels import CHOICES, FIELDS, SCRIPTS
from polnet.records.subjects import Sex

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

MAX_ROWS = 50  # as the API: at most 50 names and 50 identifiers
SHOWN_ROWS = 2  # name and identifier rows shown, at least

# The record schemas' own refusals, by their error type (records/schemas.py).
RECORD_MESSAGES: SchemaMessages = {
    **SHARING_MESSAGES,
    "partial_date_format": (_("Use YYYY, YYYY-MM or YYYY-MM-DD."), ""),
    "partial_date_no_such_day": (_("This date does not exist."), ""),
    "partial_date_year": (_("This year is out of range."), ""),
    "name_form_missing": (_("Enter a given, family or full name."), ""),
    "vehicle_identifier_missing": (_("Enter a VIN or a number plate."), "vin"),
}

_DOB_HELP = _("YYYY, YYYY-MM or YYYY-MM-DD: a partial date is fine.")
_VIN_HELP = _("17 characters, without I, O or Q. A VIN or a plate is needed.")
_REVIEW_HELP = _("At most five years ahead. Leave it empty for the latest date allowed.")
_ACTION_HELP = _("What an officer must do when this record hits. Left empty, the usual action for it.")
_REFERENCE_HELP = _("For an arrest: the warrant's number and issuing authority.")


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166 country, named and sorted in the reader's language."""
    from django_countries import countries

    return [(str(code), str(name)) for code, name in countries]


# ---- field builders: one look for every record page ---------------------------------------------


def text(
    label: str,
    *,
    required: bool = False,
    max_length: int,
    help_text: StrPromise | str = "",
    empty_value: str | None = "",
) -> forms.CharField:
    """A line of text; ``empty_value=None`` when a blank means absent rather than empty."""
    return forms.CharField(
        label=FIELDS[label],
        required=required,
        max_length=max_length,
        help_text=help_text,
        empty_value=empty_value,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


def long_text(label: str, *, max_length: int) -> forms.CharField:
    return forms.CharField(
        label=FIELDS[label],
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


def choice(label: str, group: str, *, required: bool = True) -> forms.ChoiceField:
    options = [("", _("Choose…")), *CHOICES[group].items()]
    return forms.ChoiceField(label=FIELDS[label], choices=options, required=required)


def _countries_or_none() -> list[tuple[str, Any]]:
    return [("", _("(none)")), *country_choices()]


def country(label: str) -> forms.TypedChoiceField:
    """A country from the ISO list, or none (None)."""
    return forms.TypedChoiceField(
        label=FIELDS[label], choices=_countries_or_none, required=False, empty_value=None
    )


def day(label: str, *, required: bool = False, help_text: StrPromise | str = "") -> forms.DateField:
    return forms.DateField(
        label=FIELDS[label],
        required=required,
        help_text=help_text,
        # Always ISO: the browser's date input reads no other form, whatever the language.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


def whole_number(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=FIELDS[label], required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )


class CountryList(forms.MultipleChoiceField):
    """Several selects of one name: the blank ones are dropped, the others kept in order."""

    def to_python(self, value: Any) -> list[str]:
        return list(dict.fromkeys(v for v in super().to_python(value) if v))


def action_choices(subject: str) -> list[tuple[str, Any]]:
    """The actions that fit the subject, with an empty choice for the usual one."""
    return [("", _("The usual action")), *((a, HitAction(a).label) for a in allowed_actions(subject))]


# ---- a person's names and identifiers -------------------------------------------------------


def script_choices(current: set[str]) -> list[tuple[str, str]]:
    """The offered ISO 15924 scripts, and any other code a record already holds."""
    extra = sorted(c for c in current if c and c not in SCRIPTS)
    return [("", "—"), *((k, str(v)) for k, v in SCRIPTS.items()), *((c, c) for c in extra)]


_AUTO_DIR = forms.TextInput(attrs={"dir": "auto"})  # a name reads in its own direction


class NameRow(forms.Form):
    given = forms.CharField(label=FIELDS["given"], required=False, max_length=200, widget=_AUTO_DIR)
    family = forms.CharField(label=FIELDS["family"], required=False, max_length=200, widget=_AUTO_DIR)
    full = forms.CharField(label=FIELDS["full"], required=False, max_length=400, widget=_AUTO_DIR)
    script = forms.ChoiceField(label=FIELDS["script"], required=False)
    is_alias = forms.BooleanField(label=FIELDS["is_alias"], required=False)
    language = forms.CharField(required=False, max_length=8, widget=forms.HiddenInput)

    FILLED_BY: ClassVar[tuple[str, ...]] = ("given", "family", "full")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        script = self.fields["script"]
        assert isinstance(script, forms.ChoiceField)
        script.choices = script_choices({str(self["script"].value() or "")})


class IdentifierRow(forms.Form):
    kind = forms.CharField(
        label=FIELDS["identifier_kind"],
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. national ID")}),
    )
    value = forms.CharField(
        label=FIELDS["identifier_value"],
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    country = forms.ChoiceField(
        label=FIELDS["identifier_country"], required=False, choices=_countries_or_none
    )

    FILLED_BY: ClassVar[tuple[str, ...]] = ("kind", "value")


def rows_formset(
    row: type[forms.Form], prefix: str, *, data: Any, initial: list[dict[str, Any]]
) -> BaseFormSet[Any]:
    """A repeated group (names-0-given, names-1-given, …), with blank rows to fill in."""
    extra = max(1, SHOWN_ROWS - len(initial))
    formset = formset_factory(row, extra=extra, max_num=MAX_ROWS, validate_max=True)
    return formset(data, initial=None if data is not None else initial, prefix=prefix, auto_id="%s")


def filled_rows(formset: BaseFormSet[Any]) -> list[tuple[int, dict[str, Any]]]:
    """The rows with something in them, each with its place in the formset."""
    keep = formset.form.FILLED_BY
    return [
        (index, dict(row.cleaned_data))
        for index, row in enumerate(formset.forms)
        if getattr(row, "cleaned_data", None) and any(row.cleaned_data.get(k) for k in keep)
    ]


# ---- the forms --------------------------------------------------------------------------------


class RecordForm(PageForm):
    """What every record has: purpose, handling codes, review date and who may see it.

    ``validated()`` gives the data dict for create_record / update_record, or None with
    every refusal placed on its field (or its row, for a person's names and identifiers).
    """

    schema_messages: ClassVar[SchemaMessages] = RECORD_MESSAGES
    record_kind: ClassVar[str]
    HANDLING: ClassVar[tuple[str, ...]] = (
        "purpose",
        "handling_code",
        "source_reliability",
        "information_accuracy",
        "review_date",
    )
    SHARING: ClassVar[tuple[str, ...]] = ("restriction", "listed_countries", "bureau_only", "version")
    ACTION: ClassVar[tuple[str, ...]] = ("hit_action", "hit_action_reference", "hit_action_note")

    purpose = choice("purpose", "purpose")
    handling_code = choice("handling_code", "handling_code")
    source_reliability = choice("source_reliability", "source_reliability")
    information_accuracy = choice("information_accuracy", "information_accuracy")
    review_date = day("review_date", help_text=_REVIEW_HELP)
    restriction = forms.ChoiceField(
        label=FIELDS["restriction"], choices=[(r.value, r.value) for r in Restriction], initial="all"
    )
    listed_countries = forms.MultipleChoiceField(label=FIELDS["listed_countries"], required=False)
    bureau_only = forms.BooleanField(label=FIELDS["bureau_only"], required=False)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    hit_action = forms.ChoiceField(label=FIELDS["hit_action"], required=False, help_text=_ACTION_HELP)
    hit_action_reference = forms.CharField(
        label=FIELDS["hit_action_reference"],
        required=False,
        max_length=200,
        help_text=_REFERENCE_HELP,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    hit_action_note = forms.CharField(
        label=FIELDS["hit_action_note"],
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto", "maxlength": 500}),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        initial: Mapping[str, Any] | None = None,
        members: list[tuple[str, str]],
        update: bool = False,
    ) -> None:
        super().__init__(data, initial=_form_initial(initial or {}), auto_id="id-%s")
        action = self.fields["hit_action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = action_choices(self.record_kind)
        self.update = update
        self.groups: dict[str, BaseFormSet[Any]] = {}
        self._filled: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        listed = self.fields["listed_countries"]
        assert isinstance(listed, forms.MultipleChoiceField)
        listed.choices = members
        self.fields["version"].required = update

    # ---- what the template lays out ----

    def details(self) -> list[forms.BoundField]:
        """The kind's own fields, in the order they are declared."""
        common = (*self.HANDLING, *self.SHARING, *self.ACTION)
        return [self[name] for name in self.fields if name not in common]

    def handling(self) -> list[forms.BoundField]:
        return [self[name] for name in self.HANDLING]

    def on_hit(self) -> list[forms.BoundField]:
        return [self[name] for name in self.ACTION]

    def listed(self) -> set[str]:
        return {str(c) for c in self["listed_countries"].value() or []}

    def access_errors(self) -> list[str]:
        return [*self.errors.get("restriction", []), *self.errors.get("listed_countries", [])]

    def has_errors(self) -> bool:
        if not self.is_bound:
            return False
        return bool(self.errors) or any(g.non_form_errors() or any(g.errors) for g in self.groups.values())

    # ---- to the API's data dict ----

    def payload(self) -> dict[str, Any]:
        """What was entered, as the API takes it. Left blank, a choice keeps its value (or its
        default) and a review date its latest date; a change clears blank texts."""
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            blank = value in ("", None)
            # A select with "Choose…" (not a country, whose blank means none) keeps its value.
            if name in ("review_date", "version") or type(self.fields[name]) is forms.ChoiceField:
                if not blank:
                    data[name] = value
            elif self.update or not blank:
                data[name] = value
        if data.get("restriction", "all") == "all":
            data["listed_countries"] = []
        for group, formset in self.groups.items():
            self._filled[group] = filled_rows(formset)
            data[group] = [row for _, row in self._filled[group]]
        return data

    def validated(self) -> dict[str, Any] | None:
        groups_valid = all([g.is_valid() for g in self.groups.values()])
        self.is_valid()  # the form's own checks first; the schema then checks the rest
        spec = spec_for(self.record_kind)
        if self.update:
            payload = self.validate_with(spec.schema_patch, self.payload(), exclude_unset=True)
        else:
            payload = self.validate_with(spec.schema_in, self.payload())
        return payload if payload and groups_valid and not self.errors else None

    def place_error(self, loc: Location, message: str) -> None:
        """A schema location on its field, or on the name or identifier row it came from."""
        group = self.groups.get(loc[0]) if loc else None
        if group is None:
            super().place_error(loc, message)
            return
        filled = self._filled.get(loc[0], [])
        if len(loc) < 2 or not loc[1].isdigit() or int(loc[1]) >= len(filled):
            group.non_form_errors().append(message)
            return
        row = group.forms[filled[int(loc[1])][0]]
        row.add_error(loc[2] if len(loc) > 2 and loc[2] in row.fields else None, message)


class PersonForm(RecordForm):
    record_kind = "person"
    date_of_birth = text("date_of_birth", max_length=10, help_text=_DOB_HELP, empty_value=None)
    sex = forms.ChoiceField(label=FIELDS["sex"], choices=[("", _("Choose…")), *Sex.choices], required=False)
    place_of_birth = text("place_of_birth", max_length=200)
    country_of_birth = country("country_of_birth")
    distinguishing_marks = long_text("distinguishing_marks", max_length=4000)
    nationalities = CountryList(label=FIELDS["nationalities"], required=False, choices=_countries_or_none)

    NATIONALITY_SLOTS = 3  # selects shown, at least

    def __init__(self, data: Any = None, *, initial: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(data, initial=initial, **kwargs)
        values = initial or {}
        self.names = rows_formset(
            NameRow, "names", data=data, initial=[_name_initial(n) for n in values.get("names") or []]
        )
        self.identifiers = rows_formset(
            IdentifierRow,
            "identifiers",
            data=data,
            initial=[dict(i) for i in values.get("identifiers") or []],
        )
        self.groups = {"names": self.names, "identifiers": self.identifiers}

    def details(self) -> list[forms.BoundField]:
        return [bf for bf in super().details() if bf.name != "nationalities"]

    def nationality_slots(self) -> list[str]:
        chosen = [str(c) for c in self["nationalities"].value() or [] if c]
        return chosen + [""] * max(0, self.NATIONALITY_SLOTS - len(chosen))


class DocumentForm(RecordForm):
    record_kind = "document"
    number = text("number", required=True, max_length=32)
    kind = choice("document_kind", "document_kind")
    status = choice("document_status", "document_status")
    date_reported = day("date_reported", required=True)
    holder_id = whole_number("holder_id")


class VehicleForm(RecordForm):
    record_kind = "vehicle"
    vin = text("vin", max_length=32, help_text=_VIN_HELP)
    plate = text("plate", max_length=16)
    plate_country = country("plate_country")
    make = text("make", required=True, max_length=64)
    model = text("model", max_length=64)
    colour = text("colour", max_length=32)
    year = whole_number("year")


class FirearmForm(RecordForm):
    record_kind = "firearm"
    make = text("make", required=True, max_length=64)
    model = text("model", max_length=64)
    calibre = text("calibre", max_length=32)
    serial_number = text("serial_number", required=True, max_length=64)
    kind = choice("firearm_kind", "firearm_kind")
    status = choice("firearm_status", "firearm_status")


class ArtworkForm(RecordForm):
    record_kind = "artwork"
    title = text("title", required=True, max_length=300)
    artist = text("artist", max_length=200)
    category = choice("artwork_category", "artwork_category")
    period = text("period", max_length=100)
    dimensions = text("dimensions", max_length=100)
    description = long_text("description", max_length=8000)
    public = forms.BooleanField(
        label=FIELDS["artwork_public"],
        required=False,
        help_text=_("Anyone may then see its title, artist, photos and owning country, while it is active."),
    )


FORMS: dict[str, type[RecordForm]] = {
    form.record_kind: form for form in (PersonForm, DocumentForm, VehicleForm, FirearmForm, ArtworkForm)
}


def _form_initial(values: Mapping[str, Any]) -> dict[str, Any]:
    """API-shaped values as a form's initial data: stored values, not enum members."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in ("names", "identifiers"):
            continue
        if isinstance(value, list):
            out[name] = [str(getattr(v, "value", v)) for v in value]
        else:
            out[name] = getattr(value, "value", value)
    return out


def _name_initial(name: Mapping[str, Any]) -> dict[str, Any]:
    return {k: name.get(k, "") for k in ("given", "family", "full", "script", "language", "is_alias")}


def initial_values(kind: str) -> dict[str, Any]:
    """A new record's form starts from the API schema's defaults (H0, B2, shared with all)."""
    values: dict[str, Any] = {}
    for name, info in spec_for(kind).schema_in.model_fields.items():
        if info.is_required():
            continue
        default = info.get_default(call_default_factory=True)
        if default is not None and not isinstance(default, list | dict):
            values[name] = default
    return values


# ---- the life of a record -----------------------------------------------------------------------


class LifeForm(PageForm):
    """The confirmation of an act on a record's life: located or recovered, cancelled,
    reactivated (each with a reason, required to cancel), or deleted (nothing to enter)."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )

    def __init__(self, data: Any = None, *, act: str) -> None:
        super().__init__(data)
        self.act = act
        if act == "delete":
            del self.fields["reason"]
        elif act == "cancel":
            self.fields["reason"].label = _("Reason (required)")
            self.fields["reason"].help_text = _("Why the record no longer stands; it is shown with it.")
        else:
            self.fields["reason"].label = _("Note (optional)")

    def validated(self) -> dict[str, Any] | None:
        """The data for the service, or None with the refusal on the reason field."""
        from polnet.records.schemas import CancelIn, ReasonIn

        if not self.is_valid():
            return None
        if self.act == "delete":
            return {}
        schema = CancelIn if self.act == "cancel" else ReasonIn
        data = self.validate_with(schema, {"reason": self.cleaned_data.get("reason", "")})
        return data or None


class PhotoForm(PageForm):
    """A photo for the record page: the file and a caption; the service checks the file."""

    file = forms.FileField(
        label=_("Photo (JPEG, PNG or WebP, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(
        label=_("Caption"),
        required=False,
        max_length=200,
        help_text=_("What the photo shows, for example: front view, 2024."),
    )
