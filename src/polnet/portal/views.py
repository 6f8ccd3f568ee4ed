"""The role home pages and the statistics page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from polnet.analysis.home import analyst_home
from polnet.analysis.policy import may_analyse
from polnet.core.actor import Actor, Role
from polnet.core.policy import reads_records
from polnet.dataprotection.home import officer_home
from polnet.messaging.alerts import mailbox_alerts
from polnet.network import services as network
from polnet.network.admin_views import overview_page
from polnet.network.web import actor_required, open_to_learners
from polnet.portal.navigation import LEARNING_CENTRE_URL, NOTICES_URL, REVIEW_URL, is_available
from polnet.portal.panels import bureau_panels
from polnet.records.statistics import record_statistics
from polnet.screening.statistics import answer_times
from polnet.screening.web.offers import CHECK_URL, offers_check


@actor_required
@open_to_learners
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Each role lands where its work is."""
    if not actor.handles_police_data:  # a partner's person, a trainer: the learning centre
        return HttpResponseRedirect(LEARNING_CENTRE_URL)
    context: dict[str, Any] = {"actor": actor}
    if actor.role == Role.UNIT_OFFICER:
        checks = offers_check(actor) and is_available(CHECK_URL)
        if checks:
            return HttpResponseRedirect(CHECK_URL)
        user: Any = request.user
        context |= {
            "unit_name": user.unit.name if user.unit else "",
            "check_url": CHECK_URL,
            "check_ready": checks,
        }
        return render(request, "portal/home/unit.html", context)
    if actor.role == Role.SECRETARIAT_REVIEWER:
        if is_available(REVIEW_URL):
            return HttpResponseRedirect(REVIEW_URL)
        return render(request, "portal/home/reviewer.html", context | {"review_url": REVIEW_URL})
    if actor.role == Role.ANALYST:
        if not may_analyse(actor):  # an analyst of a unit, if ever: what records show
            return _statistics_page(request, actor)
        return render(request, "analysis/home.html", context | analyst_home(actor))
    if actor.role == Role.BUREAU_ADMIN:
        return overview_page(request, actor)
    if actor.role == Role.SYSTEM_ADMIN:
        context |= {
            "bureaus": network.network_overview(actor),
            "secretariat": network.secretariat_users(actor),
        }
        return render(request, "portal/home/sysadmin.html", context)
    context |= officer_home(actor) or {}
    if actor.country is None:
        return render(request, "portal/home/secretariat.html", context)
    context |= {
        "units": network.bureau_units(actor),
        "notices_url": NOTICES_URL,
        "check_url": CHECK_URL,
        "notices_ready": is_available(NOTICES_URL),
        "reads_records": reads_records(actor),
        "mail": mailbox_alerts(actor),
        **bureau_panels(actor),
    }
    return render(request, "portal/home/bureau.html", context)


def _statistics_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    stats = record_statistics(actor)
    context = {"actor": actor, "stats": stats, "answers": answer_times(actor)}
    return render(request, "portal/statistics.html", context)


@actor_required
def statistics(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _statistics_page(request, actor)
