"""Writing the content of notices and diffusions: drafts and changes. Reading lives in
`reading.py`, lifecycle acts in `workflow.py`, the history step every act leaves in `history.py`.

Every function takes the acting party; every change is audited in its own transaction;
hidden notices answer NotFound, visible-but-not-yours answers Forbidden.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from polnet.core import gates, sharing
from polnet.core.actor import Actor, Gated
from polnet.core.errors import Conflict, Forbidden, InvalidInput
from polnet.core.policy import Restriction
from polnet.core.review import check_review_date, latest_review_date
from polnet.notices import policy
from polnet.notices.compliance import linked
from polnet.notices.history import record_event
from polnet.notices.kinds import clean_details, spec_for
from polnet.notices.models import ArrestWarrant, EyeColour, HairColour, Notice
from polnet.notices.on_hit import apply_action
from polnet.notices.reading import LINKED_MODELS, get_notice
from polnet.notices.states import EDITABLE, Channel
from polnet.records.kinds import countries, country
from polnet.records.names import replace_names
from polnet.records.schemas import parse_partial_date

SIMPLE_FIELDS = (
    "language",
    "subject_description",
    "facts",
    "sex",
    "place_of_birth",
    "height_cm",
    "weight_kg",
    "eye_colours",
    "hair_colours",
    "languages_spoken",
    "distinguishing_marks",
)


# ---- writing ------------------------------------------------------------------------------------


def _visible_links(actor: Actor, links: dict[str, list[int]]) -> dict[str, list[int]]:
    """Only records the actor may see can be linked; others answer as if absent."""
    out: dict[str, list[int]] = {}
    for name, model in LINKED_MODELS.items():
        wanted = sorted(set(links.get(name) or []))
        found = set(model.objects.visible_to(actor).filter(pk__in=wanted).values_list("pk", flat=True))
        missing = [pk for pk in wanted if pk not in found]
        if missing:
            raise InvalidInput(
                gettext_lazy("No %(kind)s record %(pk)s."),
                code="link_record_not_found",
                field=f"links.{name}",
                kind=model.RECORD_KIND,
                pk=missing[0],
            )
        out[name] = wanted
    return out


def _linked_records(actor: Actor, links: dict[str, list[int]]) -> list[Any]:
    """The records a new notice will link, each with its sharing."""
    found: list[Any] = []
    for name, ids in _visible_links(actor, links).items():
        found += list(LINKED_MODELS[name].objects.filter(pk__in=ids).prefetch_related("listed_countries"))
    return found


def _apply(actor: Actor, notice: Notice, data: dict[str, Any]) -> list[Any]:
    """Set what `data` holds; return the steps that need the notice saved first."""
    spec = spec_for(notice.kind)
    if data.get("subject_type") is not None:
        if data["subject_type"] not in spec.subjects:
            raise InvalidInput(
                gettext_lazy("A %(kind)s notice may concern: %(allowed)s."),
                code="notice_subject_type",
                field="subject_type",
                kind=spec.label,
                allowed=", ".join(str(s) for s in spec.subjects),
            )
        notice.subject_type = data["subject_type"]
    for f in SIMPLE_FIELDS:
        if data.get(f) is not None:
            setattr(notice, f, data[f])
    _apply_description(notice, data)
    if data.get("details") is not None:
        notice.details = _checked_details(notice.kind, data["details"])
    if data.get("bureau_only") is not None:
        notice.bureau_only = data["bureau_only"]
    if data.get("review_date") is not None:
        check_review_date(data["review_date"])
        notice.review_date = data["review_date"]
    apply_action(notice, data)
    return _related_steps(actor, notice, data)


def _apply_description(notice: Notice, data: dict[str, Any]) -> None:
    """The person's description: languages, colours, date and country of birth."""
    if data.get("languages_spoken") is not None:
        codes = sorted({str(c).strip().upper() for c in data["languages_spoken"]})
        if any(not (len(c) == 3 and c.isalpha()) for c in codes):
            raise InvalidInput(
                gettext_lazy("Use three-letter language codes (ISO 639-2)."),
                code="language_code",
                field="languages_spoken",
            )
        notice.languages_spoken = codes
    for f, allowed in (("eye_colours", EyeColour.values), ("hair_colours", HairColour.values)):
        if any(v not in allowed for v in getattr(notice, f)):
            raise InvalidInput(gettext_lazy("Unknown colour code."), code="colour_unknown", field=f)
    if "date_of_birth" in data:
        dob = data["date_of_birth"]
        notice.dob_year, notice.dob_month, notice.dob_day = (
            parse_partial_date(dob) if dob else (None, None, None)
        )
    if "country_of_birth" in data:
        notice.country_of_birth_id = country(data["country_of_birth"], "country_of_birth")


def _checked_details(kind: str, sent: dict[str, Any]) -> dict[str, Any]:
    """The kind's own part, with every country in it checked."""
    details = clean_details(kind, sent)
    for key in ("disappearance_country", "found_country"):
        if details.get(key):
            details[key] = country(details[key], f"details.{key}")
    for n, asset in enumerate(details.get("assets") or []):
        if asset.get("country"):
            asset["country"] = country(asset["country"], f"details.assets.{n}.country")
    return details


def _related_steps(actor: Actor, notice: Notice, data: dict[str, Any]) -> list[Any]:
    """Nationalities, names, warrants and links: written once the notice is saved."""
    steps: list[Any] = []
    if data.get("nationalities") is not None:
        codes = countries(data["nationalities"], "nationalities")
        steps.append(lambda: notice.nationalities.set(codes))  # type: ignore[arg-type]  # primary keys
    if data.get("names") is not None:
        names = data["names"]
        steps.append(lambda: replace_names(notice, names))
    if data.get("warrants") is not None:
        warrants = [_warrant(w, n) for n, w in enumerate(data["warrants"])]
        steps.append(lambda: _replace_warrants(notice, warrants))
    if data.get("links") is not None:
        links = _visible_links(actor, data["links"])
        steps.append(lambda: [getattr(notice, name).set(ids) for name, ids in links.items()])
    return steps


def _warrant(data: dict[str, Any], n: int) -> ArrestWarrant:
    fields = dict(data)
    fields["issuing_country_id"] = country(fields.pop("issuing_country"), f"warrants.{n}.issuing_country")
    fields["charge_translation_language"] = fields.get("charge_translation_language") or ""
    return ArrestWarrant(position=n, **fields)


def _replace_warrants(notice: Notice, warrants: list[ArrestWarrant]) -> None:
    notice.warrants.all().delete()
    for w in warrants:
        w.notice = notice
    ArrestWarrant.objects.bulk_create(warrants)


def _set_access(
    notice: Notice, restriction: str, sent: list[str] | None, current: list[str] | None
) -> list[str] | None:
    """Set the restriction; return the listed countries to store (None: unchanged)."""
    notice.restriction = restriction
    return sharing.listed_after(
        restriction, sent, current, lambda codes: countries(codes, "listed_countries")
    )


@transaction.atomic
def create_notice(actor: Actor, data: dict[str, Any], *, channel: str = Channel.NOTICE) -> Notice:
    """A draft notice, or a diffusion draft (see `workflow.send_diffusion`)."""
    spec = spec_for(data["kind"])
    if not spec.by_secretariat:
        gates.require_clear(actor, Gated.REQUEST_NOTICES)
    if not policy.may_create(actor, spec.by_secretariat):
        raise Forbidden(
            gettext_lazy("You may not create %(kind)s notices."),
            code="notice_create_forbidden",
            kind=spec.label,
        )
    if channel == Channel.DIFFUSION and spec.by_secretariat:
        raise InvalidInput(
            gettext_lazy("This kind is not sent as a diffusion."), code="diffusion_kind", field="kind"
        )
    notice = Notice(
        channel=channel,
        kind=spec.kind,
        owner_country_id=actor.country,
        created_by_id=actor.user_id,  # type: ignore[misc]  # creators are people: never None here
        review_date=latest_review_date(),
    )
    data = {**data, "subject_type": data.get("subject_type") or spec.subjects[0]}
    if spec.by_secretariat:
        # Sanctions lists are public: a UN notice is never restricted.
        data.update(restriction=Restriction.ALL_MEMBERS, listed_countries=[], bureau_only=False)
    if data.get("sharing_from_links") and not spec.by_secretariat and channel == Channel.NOTICE:
        chosen_bureau_only = bool(data.get("bureau_only"))
        data.update(linked.narrowest(_linked_records(actor, data.get("links") or {}), actor.country or ""))
        data["bureau_only"] = data["bureau_only"] or chosen_bureau_only
    if channel == Channel.DIFFUSION:
        to_all = data.get("to_all", False)
        data["restriction"] = Restriction.ALL_MEMBERS if to_all else Restriction.ONLY_LISTED
        data["listed_countries"] = [] if to_all else data.get("recipients", [])
    listed = _set_access(
        notice,
        data.get("restriction") or Restriction.ALL_MEMBERS,
        data.get("listed_countries") or [],
        current=[],
    )
    steps = _apply(actor, notice, data)
    notice.save()
    notice.listed_countries.set(listed or [])  # type: ignore[arg-type]  # primary keys
    for step in steps:
        step()
    record_event(actor, notice, "create", "")
    return notice


@transaction.atomic
def update_notice(actor: Actor, pk: int, data: dict[str, Any]) -> Notice:
    """Change a draft, or a request the secretariat sent back for more information."""
    notice = get_notice(actor, pk, for_update=True)
    if not policy.is_source(actor, notice.owner_country_id or ""):
        raise Forbidden(gettext_lazy("Only the source changes this notice."), code="notice_source_changes")
    if notice.state not in EDITABLE:
        raise Conflict(
            gettext_lazy("A notice that is '%(state)s' can no longer be changed."),
            code="notice_state_final",
            field="state",
            state=notice.get_state_display(),
        )
    expected = data.get("version")
    if expected != notice.version:
        raise Conflict(
            gettext_lazy(
                "The notice changed since you read it (you sent version %(sent)s, it is now %(now)s)."
            ),
            code="notice_version_conflict",
            field="version",
            sent=expected,
            now=notice.version,
        )
    if notice.is_diffusion or spec_for(notice.kind).by_secretariat:
        data = {k: v for k, v in data.items() if k not in ("restriction", "listed_countries")}
    listed = None
    if "restriction" in data or "listed_countries" in data:
        listed = _set_access(
            notice,
            data.get("restriction") or notice.restriction,
            data.get("listed_countries"),
            current=sorted(notice.listed_codes()),
        )
    steps = _apply(actor, notice, data)
    notice.version += 1
    notice.updated_at = timezone.now()
    notice.save()
    if listed is not None:
        notice.listed_countries.set(listed)  # type: ignore[arg-type]  # primary keys
    for step in steps:
        step()
    record_event(actor, notice, "update", notice.state)
    return notice
