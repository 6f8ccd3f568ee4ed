"""Public extracts: the one query behind the public web service and the public pages.

Everything starts from `Notice.objects.public()` (approved extracts of published Red,
Yellow and UN notices, unrestricted): nothing else can be found, listed, searched or
shown here. Only extract fields are read; the facts, internal notes, restrictions and
links of a notice never leave through this module, and free-text search looks only at
fields that are themselves public.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from polnet.core.countries import to_alpha2
from polnet.notices.kinds import PUBLIC_KINDS, NoticeKind
from polnet.notices.models import Notice, NoticeImage
from polnet.records.names import name_q, ranked

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 160
_ENTITY = re.compile(r"^(\d{4})-(\d{1,9})$")


class PublicQueryError(ValueError):
    """A query parameter the public service does not accept; answered with 400."""


@dataclass
class PublicQuery:
    kind: str
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    filters: dict[str, Any] = field(default_factory=dict)  # as given, in the service's names

    def echo(self) -> dict[str, Any]:
        return {"page": self.page, "resultPerPage": self.per_page, **self.filters}


TEXT_PARAMS = ("forename", "name", "freeText")


def _int(params: QueryDict, name: str, default: int | None, lo: int, hi: int) -> int | None:
    raw = params.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise PublicQueryError(f"{name} must be a whole number") from None
    if not lo <= value <= hi:
        raise PublicQueryError(f"{name} must be between {lo} and {hi}")
    return value


def parse(kind: str, params: QueryDict) -> PublicQuery:
    if kind not in PUBLIC_KINDS:
        raise PublicQueryError("unknown notice type")
    q = PublicQuery(kind=kind)
    q.page = _int(params, "page", 1, 1, 1_000_000) or 1
    q.per_page = _int(params, "resultPerPage", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE) or DEFAULT_PER_PAGE
    for name in TEXT_PARAMS:
        value = params.get(name, "").strip()[:100]
        if value:
            q.filters[name] = value
    for name in ("ageMin", "ageMax"):
        age = _int(params, name, None, 0, 120)
        if age is not None:
            q.filters[name] = age
    sex = params.get("sexId", "").strip().upper()
    if sex:
        if sex not in ("M", "F", "U"):
            raise PublicQueryError("sexId must be M, F or U")
        q.filters["sexId"] = sex
    countries = ["nationality"] + (["arrestWarrantCountryId"] if kind == "red" else [])
    for name in countries:
        raw = params.get(name, "").strip()
        if raw:
            code = to_alpha2(raw)
            if code is None:
                raise PublicQueryError(f"{name} must be an ISO 3166 country code")
            q.filters[name] = code
    return q


def _born_by(years: int, today: date) -> Q:
    """At least `years` old today, from a date of birth that may be partial."""
    cut = _years_before(today, years)
    return (
        Q(dob_year__lt=cut.year)
        | Q(dob_year=cut.year, dob_month__isnull=True)
        | Q(dob_year=cut.year, dob_month__lt=cut.month)
        | Q(dob_year=cut.year, dob_month=cut.month, dob_day__isnull=True)
        | Q(dob_year=cut.year, dob_month=cut.month, dob_day__lte=cut.day)
    )


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def queryset(q: PublicQuery) -> QuerySet[Notice]:
    qs = Notice.objects.public().filter(kind=PUBLIC_KINDS[q.kind])
    f = q.filters
    names = Q()
    if "forename" in f:
        names &= name_q(f["forename"], parts=("given", "full"))
    if "name" in f:
        names &= name_q(f["name"], parts=("family", "full"))
    if names:
        qs = qs.filter(pk__in=Notice.objects.filter(names).values("pk"))
    if "freeText" in f:
        text = f["freeText"]
        public_text = (
            name_q(text) | Q(place_of_birth__icontains=text) | Q(distinguishing_marks__icontains=text)
        )
        if q.kind == "red":  # only a Red extract shows its charges
            public_text |= Q(warrants__charge__icontains=text) | Q(
                warrants__charge_translation__icontains=text
            )
        qs = qs.filter(pk__in=Notice.objects.filter(public_text).values("pk"))
    if "sexId" in f:
        qs = qs.filter(sex=f["sexId"])
    if "nationality" in f:
        qs = qs.filter(nationalities=f["nationality"])
    if "arrestWarrantCountryId" in f:
        qs = qs.filter(warrants__issuing_country=f["arrestWarrantCountryId"])
    today = timezone.localdate()
    if "ageMin" in f:
        qs = qs.filter(_born_by(f["ageMin"], today))
    if "ageMax" in f:
        qs = qs.exclude(dob_year__isnull=True).exclude(_born_by(f["ageMax"] + 1, today))
    return qs.distinct()


def search(q: PublicQuery) -> tuple[int, list[Notice]]:
    qs = queryset(q)
    total = qs.count()
    start = (q.page - 1) * q.per_page
    rows = list(
        qs.order_by("-published_at", "-id").prefetch_related("names", "nationalities", "images")[
            start : start + q.per_page
        ]
    )
    return total, rows


def last_page(total: int, per_page: int) -> int:
    return max(1, math.ceil(total / per_page))


def find(kind: str, entity: str) -> Notice | None:
    """A public notice by its URL form ("2026-00042"), or None."""
    m = _ENTITY.match(entity)
    if kind not in PUBLIC_KINDS or not m:
        return None
    return (
        Notice.objects.public()
        .filter(kind=PUBLIC_KINDS[kind], entity_year=int(m[1]), entity_number=int(m[2]))
        .prefetch_related("names", "nationalities", "images", "warrants")
        .first()
    )


def url_id(notice: Notice) -> str:
    return f"{notice.entity_year}-{notice.entity_number:05d}"


def kind_path(notice: Notice) -> str:
    return next(k for k, v in PUBLIC_KINDS.items() if v == notice.kind)


def public_images(notice: Notice) -> list[NoticeImage]:
    return [i for i in notice.images.all() if i.in_public_extract]


# ---- the extract's fields -------------------------------------------------------------------


def slash_date(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    if year is None:
        return None
    out = f"{year:04d}"
    if month:
        out += f"/{month:02d}"
        if day:
            out += f"/{day:02d}"
    return out


def iso_to_slash(value: str | None) -> str | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return slash_date(*parts)


def main_name(notice: Notice) -> tuple[str | None, str | None]:
    """(forename, name) from the first Latin-script name that is not an alias."""
    names = ranked(notice.names.all())
    if not names:
        return None, None
    n = names[0]
    if n.given or n.family:
        return n.given or None, n.family or None
    return None, n.full or None


def item(notice: Notice) -> dict[str, Any]:
    forename, name = main_name(notice)
    return {
        "forename": forename,
        "date_of_birth": slash_date(notice.dob_year, notice.dob_month, notice.dob_day),
        "entity_id": notice.entity_id,
        "nationalities": sorted(c.pk for c in notice.nationalities.all()),
        "name": name,
    }


def detail(notice: Notice) -> dict[str, Any]:
    out = item(notice)
    out.update(
        sex_id=notice.sex,
        height=round(notice.height_cm / 100, 2) if notice.height_cm else None,
        weight=notice.weight_kg,
        eyes_colors_id=list(notice.eye_colours) or None,
        hairs_id=list(notice.hair_colours) or None,
        distinguishing_marks=notice.distinguishing_marks or None,
        languages_spoken_ids=list(notice.languages_spoken) or None,
        place_of_birth=notice.place_of_birth or None,
        country_of_birth_id=notice.country_of_birth_id,
    )
    details = notice.details or {}
    if notice.kind == NoticeKind.RED:
        out["arrest_warrants"] = [
            {
                "issuing_country_id": w.issuing_country_id,
                "charge": w.charge,
                "charge_translation": w.charge_translation or None,
            }
            for w in notice.warrants.all()
        ]
    elif notice.kind == NoticeKind.YELLOW:
        out.update(
            date_of_event=iso_to_slash(details.get("disappearance_date")),
            place=details.get("disappearance_place") or None,
            country=details.get("disappearance_country") or None,
            birth_name=None,
            father_name=None,
            father_forename=None,
            mother_name=None,
            mother_forename=None,
        )
    else:
        out.update(
            un_reference=details.get("un_reference") or None,
            un_reference_date=iso_to_slash(details.get("listed_on")),
        )
    return out
