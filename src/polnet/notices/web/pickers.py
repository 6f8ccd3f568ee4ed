"""The request form's record picker: find the records a notice may link to, and name the
records already chosen. Only what the actor may see, through the records services."""

from __future__ import annotations

from contextlib import suppress

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from polnet.core import kinds as record_kinds
from polnet.core.actor import Actor
from polnet.core.errors import NotFound
from polnet.network.web import actor_required
from polnet.notices import reading
from polnet.notices.web.forms import LINK_KINDS, NoticeForm, picked
from polnet.records import display
from polnet.records import services as records
from polnet.records.models import Purpose, Record

RESULTS = 10


def _number(pk: int) -> str:
    return gettext("No. %(number)s") % {"number": pk}


@actor_required
@require_GET
def record_search(request: HttpRequest, actor: Actor, kind: str) -> HttpResponse:
    """Records of one kind matching a name or reference; a number finds that record too."""
    if kind not in LINK_KINDS.values():
        raise NotFound(gettext_lazy("There is no such database."), code="record_kind_unknown")
    text = request.GET.get("record_q", "").strip()[:200]
    rows: list[Record] = []
    if text:
        # Looking for the record a notice being written is about: the notice is an alert.
        _, rows = records.list_records(actor, kind, text=text, limit=RESULTS, purpose=Purpose.ALERT)
        if text.isdigit() and len(text) <= 12 and all(r.pk != int(text) for r in rows):
            with suppress(NotFound):  # not there, or not shared with the actor: not offered
                rows.insert(0, records.read_record(actor, kind, int(text)))
    results = [(r.pk, display.title(r), _number(r.pk)) for r in rows]
    context = {"results": results, "text": text, "kind_label": record_kinds.singular(kind)}
    return render(request, "notices/_record_results.html", context)


def prepare_pickers(actor: Actor, form: NoticeForm) -> None:
    """Give the form the titles of the records it links, for its chips (one the actor may not
    see, or that does not exist, is shown by its number only), and the actor's country, which
    is not offered among the countries to share with."""
    form.own_country = actor.country or ""
    for bound in form.link_fields():
        link = bound.name.removeprefix("link_")
        ids = [int(v) for v in picked(bound.value()) if v.isdigit() and len(v) <= 12]
        found = reading.chosen_records(actor, link, ids)
        form.chosen_records[bound.name] = [
            (pk, f"{display.title(found[pk])} · {_number(pk)}" if pk in found else _number(pk))
            for pk in dict.fromkeys(ids)
        ]
