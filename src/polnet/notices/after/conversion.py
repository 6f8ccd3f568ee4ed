"""A diffusion turned into a notice request by its source, keeping its history.

The request is a new draft with the diffusion's content (names, warrants, description,
links, images, the countries it went to), linked to the diffusion it came from; both
histories say so. The diffusion itself stays as it is until its source withdraws it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput
from polnet.notices import output, policy, services
from polnet.notices.history import record_event
from polnet.notices.models import Notice, NoticeImage
from polnet.notices.reading import get_notice
from polnet.notices.states import FINAL, Channel, State

ON_HIT = ("hit_action", "hit_action_reference", "hit_action_note")
CONVERTIBLE = frozenset({State.CIRCULATED, State.EXPIRED})


def _content(notice: Notice) -> dict[str, Any]:
    """The diffusion's content as a request takes it."""
    return {
        "kind": notice.kind,
        "language": notice.language,
        "subject_type": notice.subject_type,
        "subject_description": notice.subject_description,
        "facts": notice.facts,
        "names": [
            {k: getattr(n, k) for k in ("given", "family", "full", "script", "language", "is_alias")}
            for n in notice.names.all()
        ],
        "date_of_birth": notice.date_of_birth or None,
        "sex": notice.sex,
        "nationalities": sorted(c.pk for c in notice.nationalities.all()),
        "place_of_birth": notice.place_of_birth,
        "country_of_birth": notice.country_of_birth_id,
        "height_cm": notice.height_cm,
        "weight_kg": notice.weight_kg,
        "eye_colours": notice.eye_colours,
        "hair_colours": notice.hair_colours,
        "languages_spoken": notice.languages_spoken,
        "distinguishing_marks": notice.distinguishing_marks,
        "details": notice.details,
        "warrants": [output.warrant_out(w) for w in notice.warrants.all()],
        "links": {
            name: list(getattr(notice, name).values_list("pk", flat=True))
            for name in ("persons", "documents", "vehicles", "firearms")
        },
        "bureau_only": notice.bureau_only,
        "restriction": notice.restriction,
        "listed_countries": sorted(c.pk for c in notice.listed_countries.all()),
    }


@transaction.atomic
def to_request(actor: Actor, pk: int, *, reason: str = "") -> Notice:
    """The source turns its diffusion into a notice request (a draft it then submits)."""
    diffusion = get_notice(actor, pk, for_update=True)
    if not policy.is_source(actor, diffusion.owner_country_id or ""):
        raise Forbidden(gettext_lazy("Only the source bureau may do this."), code="notice_source_only")
    if diffusion.channel != Channel.DIFFUSION:
        raise InvalidInput(
            gettext_lazy("Only a diffusion is turned into a notice request."),
            code="to_request_diffusion_only",
            field="channel",
        )
    if diffusion.state not in CONVERTIBLE:
        raise Conflict(
            gettext_lazy("A diffusion that was withdrawn or cancelled is not turned into a request."),
            code="to_request_state",
            field="state",
        )
    live = diffusion.requests.exclude(state__in=sorted(FINAL))
    if live.exists():
        raise Conflict(
            gettext_lazy("This diffusion already became request %(pk)s."),
            code="to_request_exists",
            pk=live.first().pk,  # type: ignore[union-attr]  # exists() above
        )
    request = services.create_notice(actor, _content(diffusion))
    request.from_diffusion = diffusion
    for f in ON_HIT:  # the action to take on a hit carries over as chosen
        setattr(request, f, getattr(diffusion, f))
    request.save(update_fields=["from_diffusion", *ON_HIT])
    for image in diffusion.images.all():
        # The same stored file: images are never deleted, so both rows may point to it.
        NoticeImage.objects.create(
            notice=request,
            file=image.file.name,
            content_type=image.content_type,
            size=image.size,
            sha256=image.sha256,
            caption=image.caption,
            in_public_extract=image.in_public_extract,
            uploaded_by_id=image.uploaded_by_id,
        )
    record_event(actor, request, "from_diffusion", request.state, reason or f"#{diffusion.pk}")
    record_event(actor, diffusion, "to_request", diffusion.state, reason or f"#{request.pk}")
    return request
