"""The public pages: list and search the approved public extracts, and show one. No sign-in."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from polnet.core.countries import name_of
from polnet.notices.models import Notice
from polnet.notices.public import extracts
from polnet.notices.public.forms import PublicSearchForm


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    kind = params.get("kind") or "red"
    params["kind"] = kind
    form = PublicSearchForm(params)
    error = ""
    total, query = 0, None
    rows: list[Notice] = []
    try:
        query = extracts.parse(kind, params)
        query.per_page = 20
        total, rows = extracts.search(query)
    except extracts.PublicQueryError as exc:
        error = gettext("The search could not be understood: %(detail)s.") % {"detail": exc}
    page = query.page if query else 1
    last = extracts.last_page(total, 20)

    def link(p: int) -> str:
        q: QueryDict = params.copy()
        q["page"] = str(p)
        return "?" + urlencode(sorted((k, str(v)) for k, v in q.items() if v))

    items = []
    for n in rows:
        forename, name = extracts.main_name(n)
        pictures = extracts.public_images(n)
        items.append(
            {
                "forename": forename or "",
                "name": name or "",
                "dob": extracts.slash_date(n.dob_year, n.dob_month, n.dob_day) or "",
                "nationalities": [name_of(c.pk) for c in n.nationalities.all()],
                "url": f"/notices/public/{kind}/{extracts.url_id(n)}/",
                "thumbnail": f"/notices/v1/{kind}/{extracts.url_id(n)}/images/{pictures[0].pk}"
                if pictures
                else "",
            }
        )
    context = {
        "form": form,
        "kind": kind,
        "items": items,
        "total": total,
        "error": error,
        "page": page,
        "prev_url": link(page - 1) if page > 1 else "",
        "next_url": link(page + 1) if page < last else "",
    }
    return render(request, "notices/public_list.html", context, status=400 if error else 200)


@require_GET
def public_detail(request: HttpRequest, kind: str, entity: str) -> HttpResponse:
    notice = extracts.find(kind, entity)
    if notice is None:
        raise Http404("notice not found")
    extract = extracts.detail(notice)
    pictures = extracts.public_images(notice)
    context = {
        "kind": kind,
        "extract": extract,
        "nationalities": [name_of(c) for c in extract["nationalities"]],
        "pictures": [f"/notices/v1/{kind}/{extracts.url_id(notice)}/images/{p.pk}" for p in pictures],
        "json_url": f"/notices/v1/{kind}/{extracts.url_id(notice)}",
    }
    return render(request, "notices/public_detail.html", context)
