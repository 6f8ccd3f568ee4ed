"""Learning records as xAPI 1.0.3 statements, for institutions that keep their own learning
record store (`docs/training.md`, "xAPI statements").

Statements are derived from what the learning centre stores (enrolments, module progress, quiz
attempts, certificates), never stored themselves: each has an id computed from the event it
describes (uuid5), so exporting the same period twice gives the same statements and a record
store that already holds one ignores it.

The learner is an `account` on this node named by a pseudonym (a keyed hash of the user's
number), not by a username or an e-mail address: the statements leave the network, and a
receiving institution needs to tell learners apart, not to know who they are. The node, which
holds the key, can still find a learner's statements when that person asks.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput
from polnet.core.limits import MAX_ID
from polnet.network.models import User
from polnet.training import policy
from polnet.training.catalogue.models import Course, Module
from polnet.training.certificates.models import Certificate
from polnet.training.learning.models import Attempt, Enrolment, ModuleProgress

XAPI_VERSION = "1.0.3"
MAX_LIMIT = 500
# Statement ids are uuid5 in this namespace, over the node, the event and the verb.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://polnet.dev/xapi/statements")

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "registered": f"{ADL}registered",  # an enrolment
    "attempted": f"{ADL}attempted",  # a quiz attempt begun
    "completed": f"{ADL}completed",  # a module or a course finished
    "passed": f"{ADL}passed",  # a quiz attempt submitted and passed
    "failed": f"{ADL}failed",  # a quiz attempt submitted and failed
    "earned": "http://id.tincanapi.com/verb/earned",  # a certificate issued
}
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
MODULE_TYPE = "http://adlnet.gov/expapi/activities/module"
ASSESSMENT_TYPE = "http://adlnet.gov/expapi/activities/assessment"


@dataclass(frozen=True)
class StatementPage:
    statements: list[dict[str, Any]]
    next_offset: int | None  # where the next page starts; None: this was the last


def base_url() -> str:
    return str(settings.POLNET_BASE_URL).rstrip("/")


def pseudonym(user_id: int) -> str:
    """A stable name for the learner that reveals neither username nor e-mail."""
    return salted_hmac("polnet.training.xapi.account", str(user_id), algorithm="sha256").hexdigest()[:32]


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _course_activity(course: Course) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": f"{base_url()}/training/courses/{course.pk}/",
        "definition": {"name": {course.language: course.title}, "type": COURSE_TYPE},
    }


def _module_activity(module: Module) -> dict[str, Any]:
    course = module.course
    kind = ASSESSMENT_TYPE if module.kind == "quiz" else MODULE_TYPE
    return {
        "objectType": "Activity",
        "id": f"{base_url()}/training/courses/{course.pk}/modules/{module.pk}/",
        "definition": {"name": {course.language: module.title}, "type": kind},
    }


def _statement(
    event: str, pk: int, verb: str, user_id: int, obj: dict[str, Any], at: datetime, course: Course
) -> dict[str, Any]:
    context: dict[str, Any] = {"platform": "polnet", "language": course.language}
    if obj["definition"]["type"] != COURSE_TYPE:
        context["contextActivities"] = {"parent": [_course_activity(course)]}
    return {
        "id": str(uuid.uuid5(NAMESPACE, f"{base_url()}|{event}|{pk}|{verb}")),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": base_url(), "name": pseudonym(user_id)},
        },
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": obj,
        "timestamp": _time(at),
        "context": context,
        "version": XAPI_VERSION,
    }


def _events(users: Q, since: datetime) -> Iterable[dict[str, Any]]:
    enrolments = Enrolment.objects.filter(user__in=User.objects.filter(users)).select_related("course")
    for e in enrolments.filter(enrolled_at__gte=since):
        yield _statement(
            "enrolment", e.pk, "registered", e.user_id, _course_activity(e.course), e.enrolled_at, e.course
        )
    for e in enrolments.filter(completed_at__gte=since):
        assert e.completed_at is not None
        yield _statement(
            "enrolment", e.pk, "completed", e.user_id, _course_activity(e.course), e.completed_at, e.course
        )
    progress = ModuleProgress.objects.filter(
        enrolment__in=enrolments, completed_at__gte=since
    ).select_related("enrolment", "module__course")
    for p in progress:
        assert p.completed_at is not None
        module = p.module
        yield _statement(
            "progress",
            p.pk,
            "completed",
            p.enrolment.user_id,
            _module_activity(module),
            p.completed_at,
            module.course,
        )
    attempts = Attempt.objects.filter(enrolment__in=enrolments).select_related("enrolment", "module__course")
    for a in attempts.filter(started_at__gte=since):
        module = a.module
        yield _statement(
            "attempt",
            a.pk,
            "attempted",
            a.enrolment.user_id,
            _module_activity(module),
            a.started_at,
            module.course,
        )
    for a in attempts.filter(submitted_at__gte=since, score__isnull=False):
        assert a.submitted_at is not None and a.score is not None
        module = a.module
        statement = _statement(
            "attempt",
            a.pk,
            "passed" if a.passed else "failed",
            a.enrolment.user_id,
            _module_activity(module),
            a.submitted_at,
            module.course,
        )
        statement["result"] = {
            "score": {"scaled": round(a.score / 100, 4), "raw": a.score, "min": 0, "max": 100},
            "success": a.passed,
            "completion": True,
        }
        yield statement
    certificates = Certificate.objects.filter(user__in=User.objects.filter(users), issued_at__gte=since)
    for c in certificates.select_related("taken_course"):
        yield _statement(
            "certificate",
            c.pk,
            "earned",
            c.user_id,
            _course_activity(c.taken_course),
            c.issued_at,
            c.taken_course,
        )


def statements(
    actor: Actor,
    *,
    since: datetime,
    bureau: str = "",
    partner: int | None = None,
    offset: int = 0,
    limit: int = 100,
) -> StatementPage:
    """The statements of the learners the actor may export, from ``since``, oldest first."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(
            _("Ask for between 1 and %(most)s statements at a time."),
            code="xapi_limit",
            field="limit",
            most=MAX_LIMIT,
        )
    if offset < 0:
        raise InvalidInput(_("The offset cannot be negative."), code="xapi_offset", field="offset")
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    users = policy.statements_q(actor)
    if bureau:
        code = bureau.strip().upper()[:2]
        users &= Q(bureau__country_id=code) | Q(unit__bureau__country_id=code)
    if partner is not None:
        if not 1 <= partner <= MAX_ID:  # past the column: refused before the query overflows
            raise InvalidInput(
                _("No partner organisation has this number."), code="xapi_partner", field="partner"
            )
        users &= Q(partner_id=partner)
    found = sorted(_events(users, since), key=lambda s: (s["timestamp"], s["id"]))
    page = found[offset : offset + limit]
    more = offset + limit if offset + limit < len(found) else None
    audit.log(
        actor,
        audit.Action.EXPORT,
        "training_statements",
        detail={
            "since": since.isoformat(),
            "bureau": bureau,
            "partner": partner,
            "offset": offset,
            "count": len(page),
        },
    )
    return StatementPage(statements=page, next_offset=more)


def parse_since(text: str) -> datetime:
    """A date (YYYY-MM-DD, from its midnight UTC) or an ISO 8601 time; naive times are UTC."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            _("Give the start as a date (YYYY-MM-DD) or an ISO 8601 time."), code="xapi_since", field="since"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
