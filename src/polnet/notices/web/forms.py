"""The request form, one per kind: common content, the person concerned, the kind's own part.

The form only gathers input; it is turned into the API's payload and validated by the same
schemas, then handed to the same services, so the page and the API cannot disagree.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import cached_property
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_countries import countries
from pydantic import BaseModel

from polnet.core.forms import Location, PageForm, SchemaMessages
from polnet.core.policy import Restriction
from polnet.network.models import Country
from polnet.notices.kinds import KindSpec, Language, SubjectType
from polnet.notices.models import DecisionKind, EyeColour, HairColour, Notice
from polnet.notices.schemas import DiffusionIn, NoticeIn, NoticePatch
from polnet.records.forms import RECORD_MESSAGES, action_choices
from polnet.records.subjects import Sex

NAME_ROWS = 3
ASSET_ROWS = 3
# The notice schemas' own refusals (notices/schemas.py), beside those they share with records.
NOTICE_MESSAGES: SchemaMessages = {
    **RECORD_MESSAGES,
    "language_code_unknown": (_("Use three-letter language codes, e.g. ENG, FRE, ARA."), "languages_spoken"),
    "recipients_or_all": (
        _("Name the recipient countries, or send to all members: one of the two."),
        "recipients",
    ),
}
FROM_LINKS = ("from_links", _("As the linked records allow (the most restrictive of them)"))
# Where a schema location is on the form, when its name differs.
_RENAMED = {"eye_colours": "eye_colour", "hair_colours": "hair_colour"}
SCRIPTS = [
    ("Latn", _("Latin")),
    ("Cyrl", _("Cyrillic")),
    ("Arab", _("Arabic")),
    ("Hani", _("Chinese")),
    ("", _("Other")),
]
RESTRICTIONS = [
    (Restriction.ALL_MEMBERS.value, _("All members")),
    (Restriction.ONLY_LISTED.value, _("Only the listed countries")),
    (Restriction.ALL_EXCEPT_LISTED.value, _("All members except the listed countries")),
]
DETAIL_LABELS = {
    "disappearance_date": _("Date of disappearance"),
    "disappearance_place": _("Place of disappearance"),
    "disappearance_country": _("Country of disappearance"),
    "circumstances": _("Circumstances"),
    "found_date": _("Date the body was found"),
    "found_place": _("Place the body was found"),
    "found_country": _("Country where the body was found"),
    "body_description": _("Description of the body"),
    "estimated_age_min": _("Estimated age, from"),
    "estimated_age_max": _("Estimated age, to"),
    "information_sought": _("Information sought"),
    "criminal_history": _("Criminal history"),
    "threat": _("The threat"),
    "modus_operandi": _("Modus operandi"),
    "un_reference": _("UN sanctions list reference"),
    "sanctions_committee": _("Sanctions committee"),
    "listed_on": _("Listed on"),
}


# Arabic letters often typed in a plainer form (hamza and madda go with the accents):
# taa marbuta as heh, alef maqsura as yeh.
_PLAIN_ARABIC = str.maketrans({"\u0629": "\u0647", "\u0649": "\u064a"})


def _plain(text: str) -> str:
    """The text as typed without accents or Arabic letter variants: "Pérou" is found by "perou",
    "أوكرانيا" by "اوكرانيا"."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return bare.translate(_PLAIN_ARABIC)


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in text.replace(";", ",").split(",") if c.strip()]


def _ids(text: str) -> list[int]:
    out = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if part:
            if not part.isdigit():
                raise forms.ValidationError(_("Give record numbers, separated by commas."))
            out.append(int(part))
    return out


# The link fields and the record kind each one searches.
LINK_KINDS = {"persons": "person", "documents": "document", "vehicles": "vehicle", "firearms": "firearm"}
# (code, name in the reader's language, what the filter box matches: names and codes, lower case)
CountryChoice = tuple[str, str, str]


class CodeListField(forms.Field):
    """Country codes from a picker's checkboxes, or typed in one box separated by commas."""

    widget = forms.MultipleHiddenInput
    picker = "countries"

    def __init__(self, *, members: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.members = members  # only member countries (sharing), or every country (identity)

    def to_python(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [code for v in values for code in _codes(str(v))]


class CountryField(forms.CharField):
    """One country from a picker's radio buttons (or a typed code)."""

    picker = "country"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=3, **kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip().upper()


class RecordListField(forms.Field):
    """Record numbers from the chips of a record picker, or typed separated by commas."""

    widget = forms.MultipleHiddenInput
    picker = "records"

    def __init__(self, kind: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind = kind

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        out: list[int] = []
        for v in values:
            out += [pk for pk in _ids(str(v)) if pk not in out]
        return out


def picked(value: Any) -> list[str]:
    """A multiple field's value (posted or initial) as single values, in order."""
    values = value if isinstance(value, list | tuple) else [value] if value else []
    return [part.strip() for v in values for part in str(v).replace(";", ",").split(",") if part.strip()]


class NoticeForm(PageForm):
    """Built for one kind and one channel; fields that do not apply are left out."""

    schema_messages = NOTICE_MESSAGES

    def __init__(self, spec: KindSpec, *args: Any, diffusion: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.diffusion = diffusion
        self._filled: dict[str, list[int]] = {"names": [], "assets": []}  # row numbers sent
        f = self.fields
        f["language"] = forms.ChoiceField(label=_("Language of the notice"), choices=Language.choices)
        if len(spec.subjects) > 1:
            f["subject_type"] = forms.ChoiceField(
                label=_("It concerns"), choices=[(s.value, s.label) for s in spec.subjects]
            )
        if set(spec.subjects) - {SubjectType.PERSON}:
            f["subject_description"] = forms.CharField(
                label=_("Description of the object, event, method or entity"),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
        f["facts"] = forms.CharField(
            label=_("Summary of the facts"), widget=forms.Textarea(attrs={"rows": 6}), required=False
        )
        if SubjectType.PERSON in spec.subjects or SubjectType.ENTITY in spec.subjects:
            self._person_fields()
        if spec.kind == "red":
            self._warrant_fields()
        self._detail_fields()
        for name, label in (
            ("link_persons", _("Linked person records")),
            ("link_documents", _("Linked travel document records")),
            ("link_vehicles", _("Linked vehicle records")),
            ("link_firearms", _("Linked firearm records")),
        ):
            f[name] = RecordListField(LINK_KINDS[name.removeprefix("link_")], label=label, required=False)
        self._action_fields()
        self._access_fields()
        # The titles of the chosen records, set by the page (it knows who is reading).
        self.chosen_records: dict[str, list[tuple[int, str]]] = {}
        self.own_country = ""  # not offered among the countries to share with

    # ---- what the pickers list ---------------------------------------------------------------

    @cached_property
    def all_countries(self) -> list[CountryChoice]:
        """Every ISO country, sorted in the reader's language; found by that name, the English
        one or the codes."""
        with override("en"):
            english = {str(code): str(name) for code, name in countries}
        out = []
        for code, name in countries:
            words = f"{name} {english[code]} {code} {countries.alpha3(code)}".lower()
            out.append((str(code), str(name), f"{words} {_plain(words)}"))
        return out

    @cached_property
    def member_countries(self) -> list[CountryChoice]:
        members = Country.objects.filter(is_member=True).exclude(code=self.own_country)
        codes = set(members.values_list("code", flat=True))
        return [c for c in self.all_countries if c[0] in codes]

    def link_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.fields if n.startswith("link_")]

    # ---- sections ----------------------------------------------------------------------------

    def _person_fields(self) -> None:
        f = self.fields
        for n in range(1, NAME_ROWS + 1):
            f[f"name{n}_given"] = forms.CharField(label=_("Given names"), required=False, max_length=200)
            f[f"name{n}_family"] = forms.CharField(label=_("Family name"), required=False, max_length=200)
            f[f"name{n}_full"] = forms.CharField(
                label=_("Full name (entities, or names not split)"), required=False, max_length=400
            )
            f[f"name{n}_script"] = forms.ChoiceField(label=_("Script"), choices=SCRIPTS, required=False)
            f[f"name{n}_alias"] = forms.BooleanField(label=_("Alias"), required=False)
        f["date_of_birth"] = forms.CharField(
            label=_("Date of birth"), required=False, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
        )
        f["sex"] = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
        f["nationalities"] = CodeListField(label=_("Nationalities"), required=False)
        f["place_of_birth"] = forms.CharField(label=_("Place of birth"), required=False, max_length=200)
        f["country_of_birth"] = CountryField(label=_("Country of birth"))
        f["height_cm"] = forms.IntegerField(
            label=_("Height (cm)"), required=False, min_value=30, max_value=260
        )
        f["weight_kg"] = forms.IntegerField(
            label=_("Weight (kg)"), required=False, min_value=1, max_value=400
        )
        f["eye_colour"] = forms.ChoiceField(
            label=_("Colour of eyes"), choices=[("", "—"), *EyeColour.choices], required=False
        )
        f["hair_colour"] = forms.ChoiceField(
            label=_("Colour of hair"), choices=[("", "—"), *HairColour.choices], required=False
        )
        f["languages_spoken"] = forms.CharField(
            label=_("Languages spoken"), required=False, help_text=_("Three-letter codes, e.g. ENG, FRE, ARA")
        )
        f["distinguishing_marks"] = forms.CharField(
            label=_("Distinguishing marks and description"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )

    def _warrant_fields(self) -> None:
        f = self.fields
        f["w_decision"] = forms.ChoiceField(label=_("Legal basis"), choices=DecisionKind.choices)
        f["w_issuing_country"] = CountryField(label=_("Issuing country"))
        f["w_authority"] = forms.CharField(label=_("Issuing authority"), required=False, max_length=200)
        f["w_reference"] = forms.CharField(label=_("Reference"), required=False, max_length=100)
        f["w_issued_on"] = forms.DateField(
            label=_("Issued on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        f["w_charge"] = forms.CharField(
            label=_("Charge"), widget=forms.Textarea(attrs={"rows": 3}), required=False
        )
        f["w_charge_translation"] = forms.CharField(
            label=_("Translated charge"), widget=forms.Textarea(attrs={"rows": 3}), required=False
        )
        f["w_charge_translation_language"] = forms.ChoiceField(
            label=_("Language of the translation"), choices=[("", "—"), *Language.choices], required=False
        )
        f["w_law"] = forms.CharField(label=_("Law (the provision that makes it an offence)"), required=False)
        f["w_max_penalty_months"] = forms.IntegerField(
            label=_("Maximum penalty (months)"), required=False, min_value=0, max_value=1200
        )
        f["w_convicted"] = forms.BooleanField(label=_("Sought to serve a sentence"), required=False)
        f["w_sentence_months"] = forms.IntegerField(label=_("Sentence (months)"), required=False, min_value=0)
        f["w_remaining_sentence_months"] = forms.IntegerField(
            label=_("Sentence left to serve (months)"), required=False, min_value=0
        )

    def _detail_fields(self) -> None:
        model: type[BaseModel] = self.spec.details
        for name, info in model.model_fields.items():
            if name == "assets":
                for n in range(1, ASSET_ROWS + 1):
                    self.fields[f"asset{n}_description"] = forms.CharField(label=_("Asset"), required=False)
                    self.fields[f"asset{n}_asset_type"] = forms.CharField(label=_("Type"), required=False)
                    self.fields[f"asset{n}_location"] = forms.CharField(label=_("Location"), required=False)
                    self.fields[f"asset{n}_country"] = CountryField(label=_("Country"))
                    self.fields[f"asset{n}_estimated_value"] = forms.CharField(
                        label=_("Estimated value"), required=False
                    )
                continue
            label = DETAIL_LABELS.get(name, name)
            annotation = str(info.annotation)
            field: forms.Field
            if "date" in annotation:
                field = forms.DateField(
                    label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
                )
            elif "int" in annotation:
                field = forms.IntegerField(label=label, required=False, min_value=0, max_value=120)
            elif name.endswith("_country"):
                field = CountryField(label=label)
            else:
                field = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))
            self.fields[f"d_{name}"] = field

    def _action_fields(self) -> None:
        f = self.fields
        f["hit_action"] = forms.ChoiceField(
            label=_("Action on a hit"),
            choices=action_choices("notice"),
            required=False,
            help_text=_(
                "What an officer must do when the subject is found. Left empty, the usual action "
                "for this kind."
            ),
        )
        f["hit_action_reference"] = forms.CharField(
            label=_("Warrant reference"),
            required=False,
            max_length=200,
            help_text=_("For an arrest; left empty on a Red notice, the reference of its warrant."),
        )
        f["hit_action_note"] = forms.CharField(
            label=_("Instruction to the officer"),
            required=False,
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        )

    def _access_fields(self) -> None:
        f = self.fields
        if self.spec.by_secretariat:
            pass  # sanctions notices are never restricted
        elif self.diffusion:
            f["to_all"] = forms.BooleanField(label=_("Send to all member countries"), required=False)
            f["recipients"] = CodeListField(label=_("Recipient countries"), required=False, members=True)
        elif self.initial.get("restriction"):  # a change keeps the sharing it has
            f["restriction"] = forms.ChoiceField(label=_("Who may see it"), choices=RESTRICTIONS)
        else:  # a new notice starts as narrow as the records it links
            f["restriction"] = forms.ChoiceField(
                label=_("Who may see it"), choices=[FROM_LINKS, *RESTRICTIONS], initial=FROM_LINKS[0]
            )
            f["listed_countries"] = CodeListField(label=_("Listed countries"), required=False, members=True)
        if not self.spec.by_secretariat:
            f["bureau_only"] = forms.BooleanField(
                label=_("National Central Bureaus only, not their units"), required=False
            )
        f["review_date"] = forms.DateField(
            label=_("Review date"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}),
            help_text=_("At most five years ahead; five years if left empty"),
        )

    # ---- to the API's payload --------------------------------------------------------------------

    def payload(self) -> dict[str, Any]:
        c = self.cleaned_data
        data: dict[str, Any] = {
            "kind": self.spec.kind.value,
            "language": c["language"],
            "facts": c.get("facts", ""),
        }
        if "subject_type" in c:
            data["subject_type"] = c["subject_type"]
        if "subject_description" in c:
            data["subject_description"] = c["subject_description"]
        if "sex" in c:
            self._filled["names"] = [
                n
                for n in range(1, NAME_ROWS + 1)
                if c[f"name{n}_given"] or c[f"name{n}_family"] or c[f"name{n}_full"]
            ]
            data.update(
                names=[
                    {
                        "given": c[f"name{n}_given"],
                        "family": c[f"name{n}_family"],
                        "full": c[f"name{n}_full"],
                        "script": c[f"name{n}_script"],
                        "is_alias": c[f"name{n}_alias"],
                    }
                    for n in range(1, NAME_ROWS + 1)
                    if c[f"name{n}_given"] or c[f"name{n}_family"] or c[f"name{n}_full"]
                ],
                date_of_birth=c["date_of_birth"] or None,
                sex=c["sex"],
                nationalities=c["nationalities"],
                place_of_birth=c["place_of_birth"],
                country_of_birth=c["country_of_birth"] or None,
                height_cm=c["height_cm"],
                weight_kg=c["weight_kg"],
                eye_colours=[c["eye_colour"]] if c["eye_colour"] else [],
                hair_colours=[c["hair_colour"]] if c["hair_colour"] else [],
                languages_spoken=_codes(c["languages_spoken"]),
                distinguishing_marks=c["distinguishing_marks"],
            )
        if "w_decision" in c:
            data["warrants"] = [self._warrant()] if (c["w_charge"] or c["w_issuing_country"]) else []
        details: dict[str, Any] = {}
        for name in self.spec.details.model_fields:
            if name == "assets":
                self._filled["assets"] = [n for n in range(1, ASSET_ROWS + 1) if c[f"asset{n}_description"]]
                details["assets"] = [
                    {
                        k: c[f"asset{n}_{k}"]
                        for k in ("description", "asset_type", "location", "country", "estimated_value")
                    }
                    for n in range(1, ASSET_ROWS + 1)
                    if c[f"asset{n}_description"]
                ]
            elif c.get(f"d_{name}") not in (None, ""):
                value = c[f"d_{name}"]
                details[name] = value.isoformat() if isinstance(value, date) else value
        data["details"] = details
        data["links"] = {k: c[f"link_{k}"] for k in LINK_KINDS}
        if c.get("restriction") == FROM_LINKS[0]:
            data.update(sharing_from_links=True, restriction="all", listed_countries=[])
        elif "restriction" in c:
            data["restriction"] = c["restriction"]
            data["listed_countries"] = c["listed_countries"] if c["restriction"] != "all" else []
        if "to_all" in c:
            data["to_all"] = c["to_all"]
            data["recipients"] = [] if c["to_all"] else c["recipients"]
        if "bureau_only" in c:
            data["bureau_only"] = c["bureau_only"]
        data["review_date"] = c.get("review_date")
        data["hit_action"] = c.get("hit_action") or None
        data["hit_action_reference"] = c.get("hit_action_reference", "")
        data["hit_action_note"] = c.get("hit_action_note", "")
        return data

    def _warrant(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "decision": c["w_decision"],
            "issuing_country": c["w_issuing_country"] or "",
            "authority": c["w_authority"],
            "reference": c["w_reference"],
            "issued_on": c["w_issued_on"],
            "charge": c["w_charge"],
            "charge_translation": c["w_charge_translation"],
            "charge_translation_language": c["w_charge_translation_language"],
            "law": c["w_law"],
            "max_penalty_months": c["w_max_penalty_months"],
            "convicted": c["w_convicted"],
            "sentence_months": c["w_sentence_months"],
            "remaining_sentence_months": c["w_remaining_sentence_months"],
        }

    def validated(self, *, version: int | None = None) -> dict[str, Any] | None:
        """The payload checked by the API's schema, or None with the errors on the form."""
        data = self.payload()
        schema: type[BaseModel]
        if version is not None:
            schema = NoticePatch
            data = {k: v for k, v in data.items() if k not in ("kind", "to_all", "recipients")}
            data["version"] = version
        else:
            schema = DiffusionIn if self.diffusion else NoticeIn
        return self.validate_with(schema, data, exclude_unset=version is not None) or None

    def field_for(self, loc: Location) -> str | None:
        """The field a schema location names: ``names.1.family`` is the second name filled in,
        ``details.assets.0.location`` the first asset, ``warrants.0.law`` the warrant's law."""
        head, rest = (loc[0], loc[1:]) if loc else ("", ())
        name: str = _RENAMED.get(head, head)
        if head == "names":
            name = self._row_field("name", "names", rest, "given")
        elif head == "details" and rest[:1] == ("assets",):
            name = self._row_field("asset", "assets", rest[1:], "description")
        elif head == "details" and rest:
            name = f"d_{rest[0]}"
        elif head == "warrants" and len(rest) > 1:
            name = f"w_{rest[1]}"
        elif head == "links" and rest:
            name = f"link_{rest[0]}"
        return name if name in self.fields else None

    def _row_field(self, prefix: str, group: str, rest: Location, first: str) -> str:
        rows = self._filled[group]
        index = int(rest[0]) if rest and rest[0].isdigit() else 0
        row = rows[index] if index < len(rows) else 1
        part = rest[1] if len(rest) > 1 else first
        return f"{prefix}{row}_{part}"


def initial_from(notice: Notice) -> dict[str, Any]:
    """A notice's content as the form's initial values, for editing."""
    data: dict[str, Any] = {
        "language": notice.language,
        "subject_type": notice.subject_type,
        "subject_description": notice.subject_description,
        "facts": notice.facts,
        "date_of_birth": notice.date_of_birth,
        "sex": notice.sex,
        "nationalities": sorted(c.pk for c in notice.nationalities.all()),
        "place_of_birth": notice.place_of_birth,
        "country_of_birth": notice.country_of_birth_id or "",
        "height_cm": notice.height_cm,
        "weight_kg": notice.weight_kg,
        "eye_colour": (notice.eye_colours or [""])[0],
        "hair_colour": (notice.hair_colours or [""])[0],
        "languages_spoken": ", ".join(notice.languages_spoken),
        "distinguishing_marks": notice.distinguishing_marks,
        "restriction": notice.restriction,
        "listed_countries": sorted(c.pk for c in notice.listed_countries.all()),
        "bureau_only": notice.bureau_only,
        "review_date": notice.review_date,
        "hit_action": notice.hit_action,
        "hit_action_reference": notice.hit_action_reference,
        "hit_action_note": notice.hit_action_note,
    }
    for n, name in enumerate(notice.names.all()[:NAME_ROWS], start=1):
        data.update(
            {
                f"name{n}_given": name.given,
                f"name{n}_family": name.family,
                f"name{n}_full": name.full,
                f"name{n}_script": name.script,
                f"name{n}_alias": name.is_alias,
            }
        )
    warrant = notice.warrants.first()
    if warrant is not None:
        for k in (
            "decision",
            "authority",
            "reference",
            "issued_on",
            "charge",
            "charge_translation",
            "charge_translation_language",
            "law",
            "max_penalty_months",
            "convicted",
            "sentence_months",
            "remaining_sentence_months",
        ):
            data[f"w_{k}"] = getattr(warrant, k)
        data["w_issuing_country"] = warrant.issuing_country_id
    for key, value in (notice.details or {}).items():
        if key == "assets":
            for n, asset in enumerate(value[:ASSET_ROWS], start=1):
                data.update({f"asset{n}_{k}": v for k, v in asset.items()})
        else:
            data[f"d_{key}"] = value
    for link in ("persons", "documents", "vehicles", "firearms"):
        data[f"link_{link}"] = list(getattr(notice, link).order_by("pk").values_list("pk", flat=True))
    return data
