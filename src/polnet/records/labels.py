"""Translated names of record kinds, fields and choices, for the web interface.

The models keep their stored values and English labels; the pages show these, in the
officer's language. A test checks that every choice of the models has a label here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

HANDLING_MEANING: dict[str, Promise] = {
    "H0": _("police use only"),
    "H1": _("not for court use without permission"),
    "H2": _("not to be passed on"),
    "H3": _("other conditions"),
}


def _coded(meanings: dict[str, Promise]) -> dict[str, Promise]:
    """'H1: not for court use without permission': the code stays, the meaning is translated."""
    return {code: format_lazy("{}: {}", code, meaning) for code, meaning in meanings.items()}


CHOICES: dict[str, dict[str, Promise]] = {
    "purpose": {
        "locate_wanted": _("Locating a wanted person"),
        "identification": _("Identification"),
        "investigation": _("Criminal investigation"),
        "alert": _("Alert or warning"),
        "forensics": _("Forensics"),
        "security_check": _("Security check"),
        "threat_analysis": _("Threat analysis"),
        "border_management": _("Border management"),
    },
    "handling_code": _coded(HANDLING_MEANING),
    "handling_meaning": HANDLING_MEANING,
    "source_reliability": _coded(
        {
            "A": _("completely reliable"),
            "B": _("usually reliable"),
            "C": _("fairly reliable"),
            "X": _("cannot be judged"),
        }
    ),
    "information_accuracy": _coded(
        {
            "1": _("known to be true"),
            "2": _("known to the source, not to the officer"),
            "3": _("not known personally, corroborated"),
            "4": pgettext_lazy("information accuracy", "cannot be judged"),
        }
    ),
    "restriction": {
        "all": _("All member countries"),
        "only_listed": _("Only the chosen countries"),
        "all_except": _("All member countries except the chosen ones"),
    },
    "record_status": {
        "active": pgettext_lazy("record status", "Active"),
        "expired": pgettext_lazy("record status", "Expired: review overdue"),
    },
    "sex": {"M": _("Male"), "F": _("Female"), "U": pgettext_lazy("sex", "Unknown")},
    "document_kind": {
        "passport": _("Passport"),
        "id_card": _("Identity card"),
        "visa": _("Visa"),
        "residence_permit": _("Residence permit"),
        "blank_booklet": _("Blank booklet"),
    },
    "document_status": {
        "stolen": pgettext_lazy("document", "Stolen"),
        "lost": pgettext_lazy("document", "Lost"),
        "revoked": pgettext_lazy("document", "Revoked"),
        "invalid": pgettext_lazy("document", "Invalid"),
        "stolen_blank": pgettext_lazy("document", "Stolen blank"),
    },
    "firearm_kind": {
        "pistol": _("Pistol"),
        "revolver": _("Revolver"),
        "rifle": _("Rifle"),
        "shotgun": _("Shotgun"),
        "submachine_gun": _("Submachine gun"),
        "machine_gun": _("Machine gun"),
        "other": pgettext_lazy("firearm", "Other"),
    },
    "firearm_status": {
        "lost": pgettext_lazy("firearm", "Lost"),
        "stolen": pgettext_lazy("firearm", "Stolen"),
        "trafficked": _("Trafficked"),
        "smuggled": _("Smuggled"),
    },
    "artwork_category": {
        "painting": _("Painting"),
        "sculpture": _("Sculpture"),
        "icon": _("Icon"),
        "manuscript": _("Manuscript"),
        "archaeological": _("Archaeological object"),
        "coin": _("Coin or medal"),
        "jewellery": _("Jewellery"),
        "textile": _("Textile"),
        "other": pgettext_lazy("artwork", "Other"),
    },
}

# ISO 15924 scripts offered for a name; the API accepts any code.
SCRIPTS: dict[str, Promise] = {
    "Latn": _("Latin"),
    "Cyrl": _("Cyrillic"),
    "Arab": _("Arabic"),
    "Hans": _("Chinese (simplified)"),
    "Hant": _("Chinese (traditional)"),
    "Grek": _("Greek"),
    "Hebr": _("Hebrew"),
    "Deva": _("Devanagari"),
    "Geor": _("Georgian"),
    "Armn": _("Armenian"),
    "Thai": _("Thai"),
    "Jpan": _("Japanese"),
    "Kore": _("Korean"),
}

CHOICES["script"] = SCRIPTS

FIELDS: dict[str, Promise] = {
    "owner_country": _("Owner"),
    "created_by": _("Entered by"),
    "created_at": _("Entered on"),
    "updated_at": _("Last changed"),
    "purpose": _("Purpose"),
    "handling_code": _("Handling code"),
    "source_reliability": _("Source reliability"),
    "information_accuracy": _("Information accuracy"),
    "restriction": _("Who may see it"),
    "listed_countries": _("Countries"),
    "bureau_only": _("Bureaus only"),
    "review_date": _("Review date"),
    "record_status": _("Status"),
    "version": _("Version"),
    "names": _("Names"),
    "given": _("Given names"),
    "family": _("Family name"),
    "full": _("Full name as written"),
    "script": _("Script"),
    "language": _("Language"),
    "is_alias": _("Alias"),
    "date_of_birth": _("Date of birth"),
    "sex": _("Sex"),
    "nationalities": _("Nationalities"),
    "place_of_birth": _("Place of birth"),
    "country_of_birth": _("Country of birth"),
    "identifiers": _("Identifiers"),
    "identifier_kind": _("Identifier type"),
    "identifier_value": _("Number or value"),
    "identifier_country": _("Issued by"),
    "distinguishing_marks": _("Distinguishing marks"),
    "number": _("Document number"),
    "document_kind": _("Document type"),
    "document_status": _("Document status"),
    "issuing_country": _("Issuing country"),
    "date_reported": _("Date reported"),
    "holder_id": _("Holder (person record number)"),
    "vin": _("VIN"),
    "plate": _("Number plate"),
    "plate_country": _("Plate country"),
    "make": _("Make"),
    "model": _("Model"),
    "colour": _("Colour"),
    "year": _("Year"),
    "calibre": _("Calibre"),
    "serial_number": _("Serial number"),
    "firearm_kind": _("Firearm type"),
    "firearm_status": _("Firearm status"),
    "title": _("Title"),
    "artist": _("Artist"),
    "artwork_category": _("Category"),
    "period": _("Period"),
    "dimensions": _("Dimensions"),
    "description": _("Description"),
}


def choice_label(group: str, value: object) -> str:
    """The translated label of a stored choice; the raw value when there is none."""
    label = CHOICES.get(group, {}).get(str(value))
    return str(label) if label is not None else str(value)


def field_label(name: str) -> str:
    label = FIELDS.get(name)
    return str(label) if label is not None else name
