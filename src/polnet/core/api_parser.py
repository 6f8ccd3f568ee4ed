"""How the API reads request bodies and query strings: ninja's parser, refusing text that
no database can hold.

PostgreSQL cannot store the NUL character (U+0000) in text and refuses a query that compares
with one; a lone UTF-16 surrogate (a JSON escape such as "\ud800") is no character at all and
cannot be encoded. No field has a use for either. Both are refused here, once for every
operation and also inside free-form fields, with a 422 that names the field.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from ninja.parser import Parser

from polnet.core.errors import InvalidInput


def check_text(value: Any, path: str = "") -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidInput(
                _("Text may not contain the NUL character (U+0000)."), code="text_nul", field=path or None
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            message = _("Text may not contain a lone surrogate (U+D800 to U+DFFF).")
            raise InvalidInput(message, code="text_lone_surrogate", field=path or None) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key, path)
            check_text(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            check_text(item, f"{path}.{n}" if path else str(n))


class ApiParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        check_text(data)  # ninja turns an error here into a 400; `polnet.api` answers its 422
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        check_text(parsed)
        return parsed
