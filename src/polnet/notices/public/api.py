"""The public notice web service, without sign-in, in the shape its existing clients expect.

    GET /notices/v1/{red,yellow,un}?forename=&name=&nationality=&ageMin=&ageMax=&freeText=
        &sexId=&arrestWarrantCountryId=&page=&resultPerPage=
    GET /notices/v1/{kind}/{YYYY-NNNNN}
    GET /notices/v1/{kind}/{YYYY-NNNNN}/images
    GET /notices/v1/{kind}/{YYYY-NNNNN}/images/{picture_id}

HAL-style: lists carry ``total``, the ``query`` echoed, ``_embedded.notices`` and
``_links`` (self, first, next, last); every item links to itself, its images and a
thumbnail. Dates are "YYYY/MM/DD" (or shorter when only partly known), references
"YYYY/NNNNN" in bodies and "YYYY-NNNNN" in paths. Only approved public extracts exist here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from polnet.notices.models import Notice
from polnet.notices.public import extracts

CACHE = "public, max-age=60"


def _json(request: HttpRequest, body: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = CACHE if status == 200 else "no-store"
    return response


def _error(request: HttpRequest, status: int, message: str) -> JsonResponse:
    return _json(request, {"code": status, "message": message}, status)


def _href(request: HttpRequest, path: str, params: dict[str, Any] | None = None) -> dict[str, str]:
    url = request.build_absolute_uri(path)
    if params:
        url += "?" + urlencode(params)
    return {"href": url}


def notice_path(notice: Notice) -> str:
    return f"/notices/v1/{extracts.kind_path(notice)}/{extracts.url_id(notice)}"


def _item_links(request: HttpRequest, notice: Notice) -> dict[str, Any]:
    path = notice_path(notice)
    links = {"self": _href(request, path), "images": _href(request, f"{path}/images")}
    pictures = extracts.public_images(notice)
    if pictures:
        links["thumbnail"] = _href(request, f"{path}/images/{pictures[0].pk}")
    return links


@require_GET
def notice_list(request: HttpRequest, kind: str) -> HttpResponse:
    try:
        query = extracts.parse(kind, request.GET)
    except extracts.PublicQueryError as exc:
        return _error(request, 400, str(exc))
    total, rows = extracts.search(query)
    last = extracts.last_page(total, query.per_page)
    base = f"/notices/v1/{kind}"
    echo = query.echo()

    def page_link(page: int) -> dict[str, str]:
        return _href(request, base, {**echo, "page": page})

    links = {"self": page_link(query.page), "first": page_link(1)}
    if query.page < last:
        links["next"] = page_link(query.page + 1)
    links["last"] = page_link(last)
    return _json(
        request,
        {
            "total": total,
            "query": echo,
            "_embedded": {"notices": [{**extracts.item(n), "_links": _item_links(request, n)} for n in rows]},
            "_links": links,
        },
    )


@require_GET
def notice_detail(request: HttpRequest, kind: str, entity: str) -> HttpResponse:
    notice = extracts.find(kind, entity)
    if notice is None:
        return _error(request, 404, "notice not found")
    return _json(
        request,
        {**extracts.detail(notice), "_embedded": {"links": []}, "_links": _item_links(request, notice)},
    )


@require_GET
def notice_images(request: HttpRequest, kind: str, entity: str) -> HttpResponse:
    notice = extracts.find(kind, entity)
    if notice is None:
        return _error(request, 404, "notice not found")
    path = notice_path(notice)
    pictures = extracts.public_images(notice)
    links = {"self": _href(request, f"{path}/images"), "notice": _href(request, path)}
    if pictures:
        links["thumbnail"] = _href(request, f"{path}/images/{pictures[0].pk}")
    return _json(
        request,
        {
            "_embedded": {
                "images": [
                    {"picture_id": str(p.pk), "_links": {"self": _href(request, f"{path}/images/{p.pk}")}}
                    for p in pictures
                ]
            },
            "_links": links,
        },
    )


@require_GET
def notice_image(request: HttpRequest, kind: str, entity: str, picture_id: int) -> HttpResponse:
    notice = extracts.find(kind, entity)
    picture = (
        next((p for p in extracts.public_images(notice) if p.pk == picture_id), None) if notice else None
    )
    if picture is None:
        return _error(request, 404, "image not found")
    with picture.file.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type=picture.content_type)
    response["Cache-Control"] = CACHE
    return response
