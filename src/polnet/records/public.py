"""The public list of stolen works of art, without sign-in: a page and a JSON web service.

Only works whose record is active and whose owner bureau chose to list them (`Artwork.public`)
appear, as INTERPOL's public database of stolen works of art shows them: title, artist,
category, period, dimensions, description, photos, and the owning country, never a bureau's
contact or any access detail. A work located, recovered, cancelled or unlisted leaves the list
and its photos at once. Every request counts against a per-address limit (`allow`), kept in
the sign-in throttle's table so that every worker process sees it.

    GET /artworks/public/?q=&page=          the page
    GET /artworks/v1/?q=&page=              the same list as JSON
    GET /artworks/v1/<id>/photos/<photo>    a listed work's photo
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from polnet.core.countries import name_of
from polnet.network.auth import client_origin
from polnet.network.models import SignInThrottle
from polnet.records.labels import CHOICES
from polnet.records.models import Artwork, LifeState, RecordPhoto

PER_PAGE = 20
WINDOW = timedelta(minutes=1)
LIMIT = 120  # requests per address per minute: a reader browses freely, a scraper waits
CACHE = "public, max-age=60"


@transaction.atomic
def allow(address: str) -> bool:
    """Count one request from ``address``; False when the address is over the limit."""
    now = timezone.now()
    key = f"artworks:{address}"[:200]
    row, _ = SignInThrottle.objects.select_for_update().get_or_create(key=key, defaults={"last_at": now})
    if row.last_at < now - WINDOW:
        row.failures, row.last_at = 0, now
    row.failures += 1
    row.save(update_fields=["failures", "last_at"])
    return row.failures <= LIMIT


def listed() -> QuerySet[Artwork]:
    """The works on the public list: the owner's choice, and only while the record is active."""
    return Artwork.objects.filter(public=True, state=LifeState.ACTIVE)


def search(text: str) -> QuerySet[Artwork]:
    found = listed()
    for word in text.split()[:10]:
        found = found.filter(Q(title__icontains=word) | Q(artist__icontains=word))
    return found.order_by("-pk")  # the latest reported first


def _page(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return max(1, min(int(raw), 10_000)) if raw.isdigit() else 1


def _photos(ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    rows = RecordPhoto.objects.filter(kind="artwork", record_id__in=ids).order_by("id")
    for rid, pk in rows.values_list("record_id", "pk"):
        out.setdefault(rid, []).append(pk)
    return out


def photo_path(artwork_id: int, photo_id: int) -> str:
    return f"/artworks/v1/{artwork_id}/photos/{photo_id}"


def _item(work: Artwork, photos: list[int]) -> dict[str, Any]:
    return {
        "id": work.pk,
        "title": work.title,
        "artist": work.artist,
        "category": work.category,
        "category_label": str(CHOICES["artwork_category"].get(work.category, work.category)),
        "period": work.period,
        "dimensions": work.dimensions,
        "description": work.description,
        "country": work.owner_country_id,
        "country_name": name_of(work.owner_country_id),
        "photos": [photo_path(work.pk, p) for p in photos],
    }


def _listing(request: HttpRequest) -> tuple[str, int, int, list[dict[str, Any]]]:
    text = request.GET.get("q", "")[:200].strip()
    page = _page(request)
    found = search(text)
    total = found.count()
    works = list(found[(page - 1) * PER_PAGE : page * PER_PAGE])
    photos = _photos([w.pk for w in works])
    return text, page, total, [_item(w, photos.get(w.pk, [])) for w in works]


def _limited(request: HttpRequest) -> bool:
    return not allow(client_origin(request))


@require_GET
def artwork_page(request: HttpRequest) -> HttpResponse:
    if _limited(request):
        return render(request, "records/public_artworks.html", {"limited": True}, status=429)
    text, page, total, items = _listing(request)

    def link(p: int) -> str:
        return "?" + urlencode({k: v for k, v in (("q", text), ("page", str(p))) if v})

    context = {
        "q": text,
        "items": items,
        "total": total,
        "prev_url": link(page - 1) if page > 1 else "",
        "next_url": link(page + 1) if page * PER_PAGE < total else "",
    }
    return render(request, "records/public_artworks.html", context)


def _json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = CACHE if status == 200 else "no-store"
    return response


@require_GET
def artwork_list(request: HttpRequest) -> HttpResponse:
    if _limited(request):
        return _json({"code": 429, "message": "too many requests; try again in a minute"}, 429)
    text, page, total, items = _listing(request)
    return _json({"total": total, "page": page, "per_page": PER_PAGE, "query": text, "artworks": items})


@require_GET
def artwork_photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    if _limited(request):
        return _json({"code": 429, "message": "too many requests; try again in a minute"}, 429)
    photo = None
    if listed().filter(pk=pk).exists():
        photo = RecordPhoto.objects.filter(kind="artwork", record_id=pk, pk=photo_pk).first()
    if photo is None:
        return _json({"code": 404, "message": "photo not found"}, 404)
    try:
        with photo.file.open("rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return _json({"code": 404, "message": "photo not found"}, 404)
    response = HttpResponse(data, content_type=photo.content_type)
    response["Cache-Control"] = CACHE
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, the browser's image view may style itself, nothing more.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
