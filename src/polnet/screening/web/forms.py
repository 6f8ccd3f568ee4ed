"""The border check forms: one per kind of check, the passenger list upload and a hit's outcome.

A form checks lengths and required fields only; everything else (dates, countries, the MRZ,
the VIN, who may screen what) is decided by the screening services, whose errors come back
next to the field they name.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from polnet.core.actor import Actor
from polnet.core.forms import Location, PageForm
from polnet.core.images import read_upload
from polnet.core.purposes import Purpose
from polnet.screening import services
from polnet.screening.batches.input import list_format
from polnet.screening.services import ScreeningResult
from polnet.screening.web.display import OUTCOMES

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # as the API: a bigger list is split
_PLAIN = {"autocomplete": "off", "spellcheck": "false"}
_CODE = {**_PLAIN, "dir": "ltr", "autocapitalize": "characters"}


def purpose_field() -> forms.ChoiceField:
    """The purpose of a check; whether one is required is the service's rule (persons, MRZ,
    lists), whose refusal lands on this field."""
    return forms.ChoiceField(
        label=_("Purpose of the check"),
        choices=[("", _("Choose…")), *Purpose.choices],
        required=False,
        help_text=_("Kept with the check in the query log, which the data-protection officer reads."),
        error_messages={"invalid_choice": _("Choose a purpose from the list.")},
    )


class CheckForm(PageForm):
    """What all checks share: the place of the check, told to the owner of a hit record, and
    the purpose of the check."""

    kind: ClassVar[str]
    location = forms.CharField(
        label=_("Place of the check"),
        max_length=200,
        required=False,
        help_text=_("For example the airport or border crossing; the owner of a hit record is told."),
        widget=forms.TextInput(attrs={"autocomplete": "on", "dir": "auto"}),
    )
    purpose = purpose_field()

    def __init__(self, *args: Any, focus: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if focus:
            first = next(iter(self.fields.values()))
            first.widget.attrs["autofocus"] = True

    def focus_first_error(self) -> None:
        """A refused check puts the officer in the first field to correct, its message beside it."""
        for name in self.fields:
            if name in self.errors:
                self.fields[name].widget.attrs["autofocus"] = True
                return

    def run(self, actor: Actor) -> ScreeningResult:
        raise NotImplementedError

    def expiry(self) -> date | None:
        """A document's expiry date as entered, to flag an expired one (only documents have one)."""
        return None

    def summary(self) -> list[tuple[str, str]]:
        """What was checked, as the officer typed it, for the heading of the answer."""
        data = getattr(self, "cleaned_data", {})
        return [
            (str(self.fields[name].label), str(value).strip())
            for name, value in data.items()
            if name not in ("location", "purpose") and str(value or "").strip()
        ]


class PersonCheck(CheckForm):
    kind = "person"
    field_order = ["name", "date_of_birth", "sex", "nationality", "location"]
    name = forms.CharField(
        label=_("Name"),
        max_length=400,
        help_text=_("Given and family names in any order, in any script."),
        widget=forms.TextInput(attrs={**_PLAIN, "dir": "auto"}),
    )
    date_of_birth = forms.CharField(
        label=_("Date of birth"),
        max_length=10,
        required=False,
        help_text=_("YYYY-MM-DD, or only YYYY-MM or YYYY when that is all you know."),
        widget=forms.TextInput(attrs={**_CODE, "inputmode": "numeric"}),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", _("Not known")), ("F", _("Female")), ("M", _("Male"))],
    )
    nationality = forms.CharField(
        label=_("Nationality"),
        max_length=3,
        required=False,
        help_text=_("Country code, such as FR or FRA."),
        widget=forms.TextInput(attrs={**_CODE, "size": 4}),
    )

    def run(self, actor: Actor) -> ScreeningResult:
        d = self.cleaned_data
        query = services.person_query(
            d["name"], date_of_birth=d["date_of_birth"], sex=d["sex"], nationality=d["nationality"]
        )
        return services.screen_person(actor, query, location=d["location"], purpose=d["purpose"])


class DocumentCheck(CheckForm):
    kind = "document"
    field_order = ["mrz", "number", "country", "expiry_date", "location"]
    mrz = forms.CharField(
        label=_("Machine-readable zone"),
        max_length=200,
        required=False,
        help_text=_("Scan the document, or paste its two or three lines; or enter the number below."),
        widget=forms.Textarea(attrs={**_CODE, "rows": 3, "class": "mrz", "data-mrz": ""}),
    )
    number = forms.CharField(
        label=_("Document number"), max_length=40, required=False, widget=forms.TextInput(attrs=_CODE)
    )
    country = forms.CharField(
        label=_("Issuing country"),
        max_length=3,
        required=False,
        help_text=_("Country code, such as FR or FRA."),
        widget=forms.TextInput(attrs={**_CODE, "size": 4}),
    )

    expiry_date = forms.DateField(
        label=_("Expiry date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=_("YYYY-MM-DD, as printed on the document; the zone's own is read from it."),
        error_messages={"invalid": _("Enter the expiry date as YYYY-MM-DD, such as 2031-04-15.")},
        widget=forms.TextInput(attrs={**_CODE, "inputmode": "numeric", "size": 10}),
    )

    def expiry(self) -> date | None:
        value = getattr(self, "cleaned_data", {}).get("expiry_date")
        return value if isinstance(value, date) else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("mrz", "").strip() or data.get("number", "").strip()) and not self.errors:
            self.add_error("mrz", _("Scan or paste the machine-readable zone, or enter the document number."))
        return data

    def summary(self) -> list[tuple[str, str]]:
        rows = super().summary()
        mrz = str(self.fields["mrz"].label)
        return [(label, " ".join(value.split()) if label == mrz else value) for label, value in rows]

    def run(self, actor: Actor) -> ScreeningResult:
        d = self.cleaned_data
        if d["mrz"].strip():
            return services.screen_mrz(actor, d["mrz"], location=d["location"], purpose=d["purpose"])
        return services.screen_document(
            actor, d["number"], d["country"] or None, location=d["location"], purpose=d["purpose"]
        )


class VehicleCheck(CheckForm):
    kind = "vehicle"
    field_order = ["vin", "plate", "plate_country", "location"]
    vin = forms.CharField(
        label=_("VIN"),
        max_length=32,
        required=False,
        help_text=_("17 characters; a misread character is allowed for."),
        widget=forms.TextInput(attrs=_CODE),
    )
    plate = forms.CharField(
        label=_("Number plate"), max_length=16, required=False, widget=forms.TextInput(attrs=_CODE)
    )
    plate_country = forms.CharField(
        label=_("Country of the plate"),
        max_length=3,
        required=False,
        widget=forms.TextInput(attrs={**_CODE, "size": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("vin", "").strip() or data.get("plate", "").strip()) and not self.errors:
            self.add_error("vin", _("Enter a VIN or a number plate."))
        return data

    def run(self, actor: Actor) -> ScreeningResult:
        d = self.cleaned_data
        return services.screen_vehicle(
            actor,
            vin=d["vin"],
            plate=d["plate"],
            plate_country=d["plate_country"],
            location=d["location"],
            purpose=d["purpose"],
        )


class FirearmCheck(CheckForm):
    kind = "firearm"
    field_order = ["serial", "make", "location"]
    serial = forms.CharField(label=_("Serial number"), max_length=64, widget=forms.TextInput(attrs=_CODE))
    make = forms.CharField(
        label=_("Make"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={**_PLAIN, "dir": "auto"}),
    )

    def run(self, actor: Actor) -> ScreeningResult:
        d = self.cleaned_data
        return services.screen_firearm(
            actor, serial=d["serial"], make=d["make"], location=d["location"], purpose=d["purpose"]
        )


class ArtworkCheck(CheckForm):
    kind = "artwork"
    field_order = ["title", "artist", "description", "dimensions", "photo", "location"]
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("In any language or script; word order does not matter."),
        widget=forms.TextInput(attrs={**_PLAIN, "dir": "auto"}),
    )
    artist = forms.CharField(
        label=_("Artist"),
        max_length=200,
        required=False,
        help_text=_("Such as Pablo Picasso or Picasso, P."),
        widget=forms.TextInput(attrs={**_PLAIN, "dir": "auto"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    dimensions = forms.CharField(
        label=_("Dimensions"),
        max_length=100,
        required=False,
        help_text=_("Such as 73 x 92 cm, 730 x 920 mm or 28.7 x 36.2 in, in any orientation."),
        widget=forms.TextInput(attrs={**_PLAIN, "dir": "ltr"}),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB: compared with the photos of stolen works."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = any(str(data.get(k) or "").strip() for k in ("title", "artist", "description"))
        if not (given or data.get("photo")) and not self.errors:
            self.add_error("title", _("Enter a title, an artist or a description, or add a photo."))
        return data

    def summary(self) -> list[tuple[str, str]]:
        rows = super().summary()
        photo = getattr(self, "cleaned_data", {}).get("photo")
        label = str(self.fields["photo"].label)
        return [(k, v) for k, v in rows if k != label] + ([(label, photo.name)] if photo else [])

    def field_for(self, loc: Location) -> str | None:
        if loc and loc[0] == "file":
            return "photo"  # the image rules name the upload "file"
        return super().field_for(loc)

    def run(self, actor: Actor) -> ScreeningResult:
        d = self.cleaned_data
        photo = read_upload(d["photo"]) if d.get("photo") else None
        return services.screen_artwork(
            actor,
            title=d["title"],
            artist=d["artist"],
            description=d["description"],
            dimensions=d["dimensions"],
            photo=photo,
            location=d["location"],
            purpose=d["purpose"],
        )


CHECK_FORMS: dict[str, type[CheckForm]] = {
    f.kind: f for f in (PersonCheck, DocumentCheck, VehicleCheck, FirearmCheck, ArtworkCheck)
}


class BatchUpload(PageForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV file with a header row, JSON, or an airline's PAXLST message (.edi). Columns: "
            "name (or given and family), date_of_birth, sex, nationality, document_number, "
            "document_country, mrz."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.json,.edi,.paxlst,text/csv,application/json,application/edifact"}
        ),
    )
    location = forms.CharField(
        label=_("Place of the check"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "on", "dir": "auto"}),
    )
    purpose = purpose_field()  # one for the whole list: each row's check states it

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "batch_%s")
        super().__init__(*args, **kwargs)

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size and file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB; split the list."))
        return file

    def content_type(self, content: bytes = b"") -> str:
        name = (self.cleaned_data["file"].name or "").lower()
        return list_format(content, "", name)

    def field_for(self, loc: Location) -> str | None:
        if loc and loc[0] == "purpose":
            return "purpose"
        return "file"  # every other refusal of a list is about the file


class OutcomeForm(PageForm):
    """What happened after a hit. One per hit on a page: the ids carry the hit's number."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose…"))] + [(k, v) for k, v in OUTCOMES.items() if k != "pending"],
        error_messages={k: _("Choose an outcome from the list.") for k in ("required", "invalid_choice")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=2000,
        required=False,
        help_text=_("Seen by your bureau and by the owner of the record."),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def __init__(self, *args: Any, hit_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"hit{hit_id}_%s")
        super().__init__(*args, **kwargs)
