"""Requiring a course's certificate: a bureau for its people, the secretariat for the network.

The gate itself is `gate.py`; this is its management: list (with how many people still lack a
valid certificate), add and remove, each audited. Only a published course that gives a
certificate may be required, and always the course family's original, so a certificate taken
in any language counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import LEARNING_ONLY_ROLES, Actor, Gated
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.network.models import User
from polnet.training import policy
from polnet.training.catalogue.models import Course, CourseState
from polnet.training.certificates.gate import valid_certificates_q
from polnet.training.certificates.models import Certificate, Requirement


@dataclass(frozen=True)
class RequirementRow:
    requirement: Requirement
    lacking: int  # people of the reader's scope the requirement holds back now
    changeable: bool


def _require_setter(actor: Actor) -> None:
    if not policy.sets_requirements(actor):
        raise Forbidden(
            _("Only a bureau's administrators and the secretariat's trainers require certificates."),
            code="requirements_forbidden",
        )


def people(bureau_id: int | None) -> QuerySet[User]:
    """The people a requirement of ``bureau_id`` (None: the network) binds, as the gate does."""
    rows = User.objects.filter(is_active=True, is_machine=False, partner__isnull=True).exclude(
        role__in=[str(r) for r in LEARNING_ONLY_ROLES]
    )
    if bureau_id is not None:
        rows = rows.filter(Q(bureau_id=bureau_id) | Q(unit__bureau_id=bureau_id))
    return rows


def lacking(requirement: Requirement, bureau_id: int | None) -> int:
    holders = Certificate.objects.filter(valid_certificates_q(), course_id=requirement.course_id).values(
        "user_id"
    )
    return people(bureau_id).exclude(pk__in=holders).count()


def list_requirements(actor: Actor) -> list[RequirementRow]:
    _require_setter(actor)
    rows = Requirement.objects.filter(policy.requirements_q(actor)).select_related("course", "bureau")
    out = []
    for req in rows:
        # A bureau counts its own people, also for the network's requirements.
        scope = actor.bureau_id if actor.bureau_id is not None else req.bureau_id
        out.append(
            RequirementRow(req, lacking(req, scope), policy.may_change_requirement(actor, req.bureau_id))
        )
    return out


def eligible_courses(actor: Actor) -> QuerySet[Course]:
    """Courses that may be required: published originals that give a certificate."""
    return policy.visible_courses(actor).filter(
        state=CourseState.PUBLISHED, translation_of__isnull=True, certificate_months__gt=0
    )


@transaction.atomic
def add_requirement(actor: Actor, course_id: int, activity: str) -> Requirement:
    _require_setter(actor)
    assert actor.user_id is not None  # a person: tokens set no requirements
    course = policy.visible_courses(actor).filter(pk=course_id).select_related("translation_of").first()
    if course is None:
        raise NotFound(_("No such course."), code="training_course_not_found")
    course = course.translation_of or course  # the family's original
    if course.state != CourseState.PUBLISHED or course.certificate_months == 0:
        raise InvalidInput(
            _("Only a published course that gives a certificate may be required."),
            code="requirement_course_ineligible",
            field="course",
        )
    if activity not in {g.value for g in Gated}:
        raise InvalidInput(
            _("Choose what the certificate is required for."), code="requirement_activity", field="activity"
        )
    # The unique constraint counts "the network" (no bureau) as one value only where the
    # database supports it (PostgreSQL 15+), so the question is also asked here.
    where = Q(bureau_id=actor.bureau_id) if actor.bureau_id is not None else Q(bureau__isnull=True)
    same = Requirement.objects.filter(where, course=course, activity=activity)
    if same.exists():
        raise Conflict(_("This certificate is already required for this."), code="requirement_exists")
    try:
        with transaction.atomic():
            req = Requirement.objects.create(
                course=course, activity=activity, bureau_id=actor.bureau_id, created_by_id=actor.user_id
            )
    except IntegrityError:
        raise Conflict(
            _("This certificate is already required for this."), code="requirement_exists"
        ) from None
    audit.log(
        actor,
        audit.Action.CREATE,
        "training_requirement",
        req.pk,
        detail={"course": course.pk, "activity": activity, "bureau": actor.bureau_id},
    )
    return req


@transaction.atomic
def remove_requirement(actor: Actor, pk: int) -> None:
    _require_setter(actor)
    req = Requirement.objects.filter(policy.requirements_q(actor), pk=pk).select_for_update().first()
    if req is None:
        raise NotFound(_("No such requirement."), code="requirement_not_found")
    if not policy.may_change_requirement(actor, req.bureau_id):
        raise Forbidden(
            _("Only the party that set a requirement may remove it."), code="requirement_remove_forbidden"
        )
    detail = {"course": req.course_id, "activity": req.activity, "bureau": req.bureau_id}
    req.delete()
    audit.log(actor, audit.Action.DELETE, "training_requirement", pk, detail=detail)
