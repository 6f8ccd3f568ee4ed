"""Why an item was found, in the reader's language (the finder stores a stable code)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

WHY: dict[str, Promise] = {
    "name_match": _("Names and date of birth match"),
    "held_by_person": _("A document held by a person found"),
    "document_number": _("The requester's document number"),
    "hit_on_person": _("A hit on a person found"),
    "hit_on_document": _("A hit on a document found"),
    "hit_on_notice": _("A hit on a notice found"),
    "list_row_hit": _("A passenger-list result with a hit found"),
    "contribution_person": _("An analysis contribution naming a person found"),
    "contribution_document": _("An analysis contribution naming a document found"),
    "contribution_notice": _("An analysis contribution naming a notice found"),
    "contribution_hit": _("An analysis contribution naming a hit found"),
    "contribution_list_row": _("An analysis contribution naming a passenger-list result found"),
}


def why(code: str) -> str:
    found = WHY.get(code)
    return str(found) if found is not None else code
