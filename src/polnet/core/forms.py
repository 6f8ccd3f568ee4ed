"""The convention of every page form: a Django form gathers the input, the API's pydantic
schema decides, and the schema's refusals come back on the form's own fields in the
reader's language, so a page and the API cannot disagree about what is valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ValidationError

from polnet.core.errors import PolnetError
from polnet.core.sharing import LISTED_WITH_ALL, NONE_LISTED

Location = tuple[str, ...]
# A schema's own refusal (a PydanticCustomError type): what to show, and the field to show
# it on when the error names none (a model validator's error has no location).
SchemaMessages = Mapping[str, tuple[Promise, str]]

SHARING_MESSAGES: SchemaMessages = {
    LISTED_WITH_ALL: (_("Choose no countries when all members may see it."), ""),
    NONE_LISTED: (_("Choose at least one country."), "listed_countries"),
}

# Pydantic's own error types, by type or by prefix, and what a form shows for them.
_TYPE_MESSAGES: dict[str, Promise] = {
    "missing": _("This field is required."),
    "too_short": _("Enter at least one."),
    "enum": _("Choose one of the offered values."),
    "literal_error": _("Choose one of the offered values."),
}
_PREFIX_MESSAGES: tuple[tuple[str, Promise], ...] = (
    ("date", _("Enter a date as YYYY-MM-DD.")),  # and datetime_*
    ("int", _("Enter a whole number.")),
)
# Bounds, with the context key that holds the number.
_BOUND_MESSAGES: dict[str, tuple[Promise, str]] = {
    "string_too_long": (_("This is too long (at most %(max)s)."), "max_length"),
    "too_long": (_("This is too long (at most %(max)s)."), "max_length"),
    "greater_than_equal": (_("Enter %(n)s or more."), "ge"),
    "less_than_equal": (_("Enter %(n)s or less."), "le"),
}


def schema_message(error: Mapping[str, Any], own: SchemaMessages) -> tuple[str, str]:
    """(message in the reader's language, field to show it on when the error names none)."""
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    if kind in own:
        text, field = own[kind]
        return str(text), field
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, "), ""
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        kind = "missing"
    if kind in _TYPE_MESSAGES:
        return str(_TYPE_MESSAGES[kind]), ""
    if kind in _BOUND_MESSAGES:
        text, key = _BOUND_MESSAGES[kind]
        return str(text) % {"max": ctx.get(key, ""), "n": ctx.get(key, "")}, ""
    for prefix, message in _PREFIX_MESSAGES:
        if kind.startswith(prefix):
            return str(message), ""
    return gettext("Enter a valid value."), ""


class PageForm(forms.Form):
    """The base of every page form: a service's or a schema's refusal lands on its field.

    A form whose input an API schema also takes builds ``payload()`` from ``cleaned_data``
    and calls ``validate_with``. A subclass may route an error location to a field of its
    own (``field_for``, ``place_error``). A field that already has an error of the form keeps
    that one only, so the officer reads one message per field.
    """

    schema_messages: ClassVar[SchemaMessages] = SHARING_MESSAGES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def validate_with(self, schema: type[BaseModel], data: Mapping[str, Any], **dump: Any) -> dict[str, Any]:
        """The payload as the schema reads it; on refusal, errors on the form and {}."""
        try:
            parsed = schema.model_validate(dict(data))
        except ValidationError as exc:
            self.add_schema_errors(exc)
            return {}
        return parsed.model_dump(**dump)

    def add_schema_errors(self, exc: ValidationError) -> None:
        for error in exc.errors():
            message, fallback = schema_message(error, self.schema_messages)
            loc: Location = tuple(str(p) for p in error["loc"]) or ((fallback,) if fallback else ())
            self.place_error(loc, message)

    def add_service_error(self, exc: PolnetError) -> None:
        """A service's refusal, next to the field it names (``names.0.script`` is a name row)."""
        self.place_error(tuple(exc.field.split(".")) if exc.field else (), str(exc.message))

    def place_error(self, loc: Location, message: str) -> None:
        name = self.field_for(loc)
        if name is not None and name in self.errors:
            return
        self.add_error(name, message)

    def field_for(self, loc: Location) -> str | None:
        """The form field an error at a schema location belongs on; None for the whole form."""
        return loc[0] if loc and loc[0] in self.fields else None
