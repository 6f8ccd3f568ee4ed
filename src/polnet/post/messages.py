"""Words the post shows for codes: record kinds, asked actions, notices' types, the engine's
refusals, MRZ parts.

The engine and the identifier rules refuse with a stable code and an English text; the post
says what is wrong in its reader's language by that code, never by the text.
"""

from __future__ import annotations

from polnet.identifiers.errors import IdentifierProblem
from polnet.post.i18n import N_, Text
from polnet.screening.engine.errors import InputProblem

KINDS = {
    "person": N_("Person"),
    "document": N_("Document"),
    "vehicle": N_("Vehicle"),
    "firearm": N_("Firearm"),
    "artwork": N_("Work of art"),
    "notice": N_("Notice"),  # a hit on a notice's subject, found by a person check
}

# What the owner asks on a hit (the network's list of actions, `core/actions.py`).
ACTIONS = {
    "arrest": N_("Arrest (or provisional arrest)"),
    "discreet_check": N_("Discreet check"),
    "specific_check": N_("Specific check"),
    "inquiry_check": N_("Inquiry check"),
    "refuse_entry": N_("Refuse entry"),
    "seize": N_("Seize the object"),
    "locate": N_("Locate and inform"),
    "protect": N_("Protect"),
}

# A notice's kind and channel (the notices app's lists; the post imports no Django app).
NOTICE_KINDS = {
    "red": N_("Red"),
    "yellow": N_("Yellow"),
    "blue": N_("Blue"),
    "black": N_("Black"),
    "green": N_("Green"),
    "orange": N_("Orange"),
    "purple": N_("Purple"),
    "silver": N_("Silver"),
}
UN_NOTICE = N_("UN Security Council Special Notice")
CHANNELS = {"notice": N_("%(kind)s notice"), "diffusion": N_("%(kind)s diffusion")}

_DATE = N_("Enter the date of birth as YYYY-MM-DD, YYYY-MM or YYYY.")
ENGINE: dict[str, str] = {
    InputProblem.NAME_WITHOUT_LETTER: N_("Enter a name with at least one letter."),
    InputProblem.DATE_UNREADABLE: _DATE,
    InputProblem.DATE_OUT_OF_RANGE: _DATE,
    InputProblem.DAY_WITHOUT_MONTH: _DATE,
    InputProblem.VEHICLE_IDENTIFIER_MISSING: N_("Enter a VIN or a number plate."),
    IdentifierProblem.COUNTRY_CODE: N_("This is not a known country code."),
    IdentifierProblem.DOCUMENT_NUMBER_EMPTY: N_("Enter the document number."),
    IdentifierProblem.SERIAL_EMPTY: N_("Enter the serial number."),
}
INPUT_REFUSED = N_("This value cannot be checked (%(reason)s).")

# The parts of a machine-readable zone that can fail, keyed by `MRZError.field`.
MRZ_PARTS = {
    "format": N_("the length of its lines"),
    "document_code": N_("the document code"),
    "issuing_state": N_("the issuing state"),
    "document_number": N_("the document number"),
    "birth_date": N_("the date of birth"),
    "expiry_date": N_("the expiry date"),
    "nationality": N_("the nationality"),
    "sex": N_("the sex"),
    "names": N_("the names"),
    "optional_data": N_("the optional data"),
    "optional_data_2": N_("the optional data"),
    "composite": N_("the final check digit"),
}


def kind(name: str) -> Text:
    return Text(KINDS.get(name, name))


def hit_kind(name: str, disclosed: bool) -> Text:
    """The kind a hit is shown as: a hit / no hit unit is not told that it is a notice's
    subject, only that its person check hit (as the server's hit panel says)."""
    return kind("person" if name == "notice" and not disclosed else name)


def notice_type(notice_kind: str, channel: str) -> Text:
    """A notice's type as a full unit's answer names it: "Red notice", "Blue diffusion"; codes
    this version does not know are shown as they are."""
    if notice_kind == "un":
        return Text(UN_NOTICE)
    known = notice_kind in NOTICE_KINDS
    colour = Text(NOTICE_KINDS[notice_kind]) if known else Text("%(code)s", {"code": notice_kind})
    return Text(CHANNELS[channel], {"kind": colour}) if channel in CHANNELS else colour


def action(code: str) -> Text:
    """The asked action's name; a code this version does not know is shown as it is."""
    return Text(ACTIONS[code]) if code in ACTIONS else Text("%(code)s", {"code": code})
