"""The notifications page, and the header's unread counter that open pages refresh live."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from polnet.core.actor import Actor
from polnet.core.errors import NotFound
from polnet.core.middleware import background
from polnet.network.web import actor_required
from polnet.notifications import registry, services
from polnet.notifications.templatetags.inbox import badge_context

PER_PAGE = 25
PAGE_URL = "/notifications/"


def _ids(request: HttpRequest) -> list[int] | None:
    """The one notification a form marks read, or None: all of them."""
    sent = request.POST.get("id", "")
    if not sent:
        return None
    if not sent.isdigit() or len(sent) > 18:
        raise NotFound(_("No notification %(pk)s."), code="notification_not_found", pk=sent[:20])
    return [int(sent)]


@background  # the page refreshing itself on its live feed is not the officer's activity
@actor_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest, actor: Actor) -> HttpResponse:
    if request.method == "POST":
        services.mark_read(actor, _ids(request))
        page = request.POST.get("page", "")
        return HttpResponseRedirect(PAGE_URL + (f"?page={page}" if page.isdigit() else ""))
    shown = Paginator(services.inbox(actor), PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "n": n,
            "text": registry.wording(n.kind, n.params),
            "url": registry.link(n.subject, n.subject_id),
        }
        for n in shown.object_list
    ]
    context = {
        "actor": actor,
        "has_inbox": services.has_inbox(actor),
        "rows": rows,
        "unread": services.unread_count(actor),
        "others": services.other_inboxes(actor),
        "page": shown.number,
        "pages": shown.paginator.num_pages,
        "has_prev": shown.has_previous(),
        "has_next": shown.has_next(),
    }
    return render(request, "notifications/inbox.html", context)


@background
@actor_required
@require_GET
def badge(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The header's counter alone: open pages ask for it when their live feed says so."""
    return render(request, "notifications/_badge.html", badge_context(actor))
