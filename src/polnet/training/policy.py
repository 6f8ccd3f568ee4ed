"""Who may take, write, run and measure what in the learning centre: the one place for it.

- Everyone signed in who works for a member bureau, one of its units, the secretariat or a
  partner organisation may take the courses published to them (`courses_open_q`).
- A course's owner (the secretariat, a bureau, a partner) writes it: the secretariat's
  trainers and reviewers, the bureau's administrators, the partner's trainers.
- Bureau administrators enrol their staff and register them for sessions; a partner's
  trainers do the same for the partner's people.
- The secretariat (and only it) requires certificates network-wide; a bureau administrator
  for the bureau. The secretariat's trainers run capacity-building plans; partners read the
  plans they take part in.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from polnet.core.actor import Actor, Role, TokenScope
from polnet.training.catalogue.models import Audience, Course, CourseState

# The secretariat's people who write courses and run plans for the network.
SECRETARIAT_AUTHORS = frozenset({Role.TRAINER, Role.SECRETARIAT_REVIEWER})


def uses_training(actor: Actor) -> bool:
    """A person (or a token with the training scope) of a bureau, unit, secretariat or partner.

    The system administrator runs the system and takes no part in it."""
    return actor.role != Role.SYSTEM_ADMIN and actor.allows_scope(TokenScope.TRAINING)


def owner_q(actor: Actor, prefix: str = "") -> Q:
    """Courses (or rows whose ``prefix`` leads to a course) owned by the actor's party."""
    if actor.partner_id is not None:
        return Q(**{f"{prefix}owner_partner_id": actor.partner_id})
    if actor.bureau_id is not None:
        return Q(**{f"{prefix}owner_bureau_id": actor.bureau_id})
    return Q(**{f"{prefix}owner_bureau__isnull": True, f"{prefix}owner_partner__isnull": True})


def courses_open_q(actor: Actor) -> Q:
    """The courses the actor may see and take: published to them, or their own party's
    (drafts included, for its authors), or every course for the secretariat's authors."""
    if not uses_training(actor):
        return Q(pk__in=[])
    if actor.is_secretariat and actor.role in SECRETARIAT_AUTHORS:
        return Q()
    published = Q(state=CourseState.PUBLISHED)
    if actor.partner_id is not None:
        audience = Q(audience=Audience.EVERYONE) | Q(audience=Audience.PARTNERS, partners=actor.partner_id)
    elif actor.country is not None:
        audience = Q(audience__in=[Audience.EVERYONE, Audience.MEMBERS]) | Q(
            audience=Audience.COUNTRIES, countries=actor.country
        )
    else:
        audience = Q(audience__in=[Audience.EVERYONE, Audience.MEMBERS])  # the secretariat's other staff
    own = owner_q(actor)
    if not may_author(actor):
        own &= ~Q(state=CourseState.DRAFT)
    return (published & audience) | own


def visible_courses(actor: Actor) -> QuerySet[Course]:
    """The queryset of `courses_open_q`, without duplicates from the audience joins."""
    ids = Course.objects.filter(courses_open_q(actor)).values("pk")
    return Course.objects.filter(pk__in=ids)


def may_author(actor: Actor) -> bool:
    """Whether the actor writes its party's courses."""
    if not uses_training(actor) or actor.token_scopes is not None:
        return False
    if actor.partner_id is not None:
        return actor.role == Role.TRAINER
    if actor.bureau_id is not None:
        return actor.unit is None and actor.role == Role.BUREAU_ADMIN
    return actor.role in SECRETARIAT_AUTHORS


def may_change_course(actor: Actor, course: Course) -> bool:
    if not may_author(actor):
        return False
    if actor.is_secretariat:
        return course.owner_bureau_id is None and course.owner_partner_id is None
    if actor.partner_id is not None:
        return course.owner_partner_id == actor.partner_id
    return course.owner_bureau_id == actor.bureau_id


def manages_staff(actor: Actor) -> bool:
    """Enrols others and registers them for sessions: a bureau's administrator (its staff and
    its units' staff), a partner's trainer (the partner's people), the secretariat's authors."""
    if not uses_training(actor) or actor.token_scopes is not None:
        return False
    if actor.partner_id is not None:
        return actor.role == Role.TRAINER
    if actor.bureau_id is not None:
        return actor.unit is None and actor.role == Role.BUREAU_ADMIN
    return actor.role in SECRETARIAT_AUTHORS


def staff_q(actor: Actor) -> Q:
    """The users whose training the actor manages (a filter on users)."""
    if not manages_staff(actor):
        return Q(pk__in=[])
    if actor.partner_id is not None:
        return Q(partner_id=actor.partner_id)
    if actor.bureau_id is not None:
        return Q(bureau_id=actor.bureau_id) | Q(unit__bureau_id=actor.bureau_id)
    return Q(bureau__isnull=True, unit__isnull=True, partner__isnull=True) & ~Q(role=Role.SYSTEM_ADMIN)


def sets_requirements(actor: Actor) -> bool:
    """Requires certificates: a bureau administrator for the bureau, the secretariat's authors
    for the whole network."""
    if actor.token_scopes is not None or actor.partner_id is not None:
        return False
    if actor.bureau_id is not None:
        return actor.unit is None and actor.role == Role.BUREAU_ADMIN
    return actor.role in SECRETARIAT_AUTHORS


def runs_plans(actor: Actor) -> bool:
    """Writes capacity-building plans: the secretariat's authors."""
    return actor.is_secretariat and actor.role in SECRETARIAT_AUTHORS and actor.token_scopes is None


def plans_q(actor: Actor) -> Q:
    """The plans the actor reads: all for the secretariat's people, a partner's own plans,
    and for a bureau the plans with an activity serving it."""
    if not uses_training(actor):
        return Q(pk__in=[])
    if actor.is_secretariat:
        return Q()
    if actor.partner_id is not None:
        return Q(partners=actor.partner_id)
    if actor.bureau_id is not None and actor.unit is None:
        return Q(activities__bureaus=actor.bureau_id)
    return Q(pk__in=[])


# ---- certificates ------------------------------------------------------------------------


def certificates_q(actor: Actor) -> Q:
    """The certificates the actor may read and download: their own, their staff's (`staff_q`),
    and every one for the secretariat's authors."""
    if not uses_training(actor) or actor.user_id is None:
        return Q(pk__in=[])
    if actor.is_secretariat and actor.role in SECRETARIAT_AUTHORS and actor.token_scopes is None:
        return Q()
    own = Q(user_id=actor.user_id)
    if not manages_staff(actor):
        return own
    from polnet.network.models import User

    return own | Q(user_id__in=User.objects.filter(staff_q(actor)).values("pk"))


def may_revoke_certificate(actor: Actor, course: Course) -> bool:
    """The party that issued the certificate (the course's owner's authors), or the
    secretariat's authors for any certificate."""
    if actor.is_secretariat and actor.role in SECRETARIAT_AUTHORS and actor.token_scopes is None:
        return uses_training(actor)
    return may_change_course(actor, course)


def certificates_revocable_q(actor: Actor) -> Q:
    """The certificates the actor may revoke (a filter on certificates)."""
    if not may_author(actor):
        return Q(pk__in=[])
    if actor.is_secretariat:
        return Q()
    return owner_q(actor, "course__")


# ---- requirements ------------------------------------------------------------------------


def requirements_q(actor: Actor) -> Q:
    """The requirements a person who sets them reads: the network's, and the bureau's own (the
    secretariat's authors read every bureau's too)."""
    if not sets_requirements(actor):
        return Q(pk__in=[])
    if actor.bureau_id is None:
        return Q()
    return Q(bureau__isnull=True) | Q(bureau_id=actor.bureau_id)


def may_change_requirement(actor: Actor, bureau_id: int | None) -> bool:
    """Add or remove a requirement of ``bureau_id`` (None: the whole network)."""
    if not sets_requirements(actor):
        return False
    return bureau_id == actor.bureau_id  # the secretariat (no bureau) sets the network's


# ---- classroom sessions ------------------------------------------------------------------


def sessions_q(actor: Actor) -> Q:
    """The sessions the actor sees: those of the courses open to them."""
    if not uses_training(actor):
        return Q(pk__in=[])
    return Q(course__in=visible_courses(actor).values("pk"))


def registrations_q(actor: Actor) -> Q:
    """The registrations the actor reads: their own, their staff's, and every registration of
    the sessions their party organises (the course's owner)."""
    if not uses_training(actor) or actor.user_id is None:
        return Q(pk__in=[])
    if actor.is_secretariat and actor.role in SECRETARIAT_AUTHORS and actor.token_scopes is None:
        return Q()
    rule = Q(user_id=actor.user_id)
    if manages_staff(actor):
        from polnet.network.models import User

        rule |= Q(user_id__in=User.objects.filter(staff_q(actor)).values("pk"))
    if may_author(actor):
        rule |= owner_q(actor, "session__course__")
    return rule
