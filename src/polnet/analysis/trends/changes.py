"""What changed in a project this month: new links, new hits on what the project names, notices
it names published or sent, and state changes of those notices and hits.

The project's links (`AnalystLink`) name its records, notices and hits; everything shown
here is what the reader may see now, by the owners' policies. Only what is visible is
counted, so a hidden hit or notice leaves no trace, not even in a total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from polnet.analysis.models import AnalystLink, Project
from polnet.analysis.trends import crime, scope
from polnet.core import policy
from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput
from polnet.notices.history import INSIDE_ACTS
from polnet.notices.models import NoticeEvent
from polnet.records.models import RECORD_MODELS


@dataclass
class Changes:
    month: date  # its first day
    links: list[dict[str, Any]] = field(default_factory=list)
    hits: list[dict[str, Any]] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "links": len(self.links),
            "hits": len(self.hits),
            "notices": len(self.notices),
            "steps": len(self.steps),
        }

    @property
    def next_month(self) -> date:
        return _next(self.month)

    @property
    def previous_month(self) -> date:
        return (self.month.replace(day=1) - timedelta(days=1)).replace(day=1)


def _next(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def parse_month(value: str | None, today: date) -> date:
    if not value:
        return today.replace(day=1)
    try:
        return datetime.strptime(value, "%Y-%m").date()  # a calendar month
    except ValueError:
        raise InvalidInput(
            _("Give a month as YYYY-MM."), code="trends_month_invalid", field="month"
        ) from None


def _named(project: Project) -> dict[str, set[int]]:
    named: dict[str, set[int]] = {}
    for source, target in project.links.values_list("source", "target"):
        for key in (source, target):
            kind, _, ref = key.partition(":")
            if ref.isdigit():
                named.setdefault(kind, set()).add(int(ref))
    return named


def _visible_keys(actor: Actor, named: dict[str, set[int]]) -> set[str]:
    """The node keys among those named that the actor may see (records, notices, hits)."""
    keys: set[str] = set()
    for kind, model in RECORD_MODELS.items():
        if named.get(kind):
            ids = model.objects.filter(policy.visible_q(actor, model), pk__in=named[kind])
            keys |= {f"{kind}:{pk}" for pk in ids.values_list("pk", flat=True)}
    if named.get("notice"):
        notice_ids = scope.notices(actor).filter(pk__in=named["notice"]).values_list("pk", flat=True)
        keys |= {f"notice:{pk}" for pk in notice_ids}
    if named.get("hit"):
        hit_ids = scope.hits(actor).filter(pk__in=named["hit"]).values_list("pk", flat=True)
        keys |= {f"hit:{pk}" for pk in hit_ids}
    return keys


def month_changes(actor: Actor, project: Project, month: date) -> Changes:
    """The project's changes in the month, as the actor may see them (the project was
    already opened for the actor: `analysis.services.project_for`)."""
    start = datetime.combine(month, datetime.min.time(), tzinfo=UTC)
    end = datetime.combine(_next(month), datetime.min.time(), tzinfo=UTC)
    named = _named(project)
    visible = _visible_keys(actor, named)
    changes = Changes(month)
    new_links = AnalystLink.objects.filter(project=project, created_at__gte=start, created_at__lt=end)
    for link in new_links.order_by("created_at", "id"):
        if link.source in visible and link.target in visible:
            changes.links.append(
                {"source": link.source, "target": link.target, "reason": link.reason, "at": link.created_at}
            )
    hits = scope.hits(actor).filter(crime.hits_q(named))
    for hit in hits.filter(at__gte=start, at__lt=end).order_by("at", "id"):
        changes.hits.append(
            {
                "id": hit.pk,
                "kind": hit.kind,
                "record": hit.record_id,
                "at": hit.at,
                "country": hit.screening_country_id,
            }
        )
    notices = scope.notices(actor).filter(crime.notices_q(named))
    for notice in notices.filter(published_at__gte=start, published_at__lt=end).order_by(
        "published_at", "id"
    ):
        changes.notices.append(
            {"id": notice.pk, "channel": notice.channel, "kind": notice.kind, "at": notice.published_at}
        )
    events = NoticeEvent.objects.filter(notice__in=notices, at__gte=start, at__lt=end).exclude(
        Q(to_state="") | Q(to_state=F("from_state"))
    )
    for event in events.select_related("notice").order_by("at", "id"):
        insider = actor.country is None or actor.country == (event.notice.owner_country_id or None)
        if insider or event.act not in INSIDE_ACTS:
            changes.steps.append(
                {
                    "subject": f"notice:{event.notice_id}",
                    "from": event.from_state,
                    "to": event.to_state,
                    "at": event.at,
                }
            )
    for hit in hits.filter(state_at__gte=start, state_at__lt=end).order_by("state_at", "id"):
        changes.steps.append(
            {"subject": f"hit:{hit.pk}", "from": "reported", "to": hit.state, "at": hit.state_at}
        )
    changes.steps.sort(key=lambda step: step["at"])
    return changes
