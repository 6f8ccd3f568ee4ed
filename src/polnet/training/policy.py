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
from polnet.training.capacity.models import PlanActivity
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


def practises_in_sandbox(actor: Actor) -> bool:
    """Works the sandbox's exercises: every person who uses training, partners' people and
    trainers included (the sandbox holds synthetic data only). Machine tokens take no part."""
    return uses_training(actor) and actor.token_scopes is None


def may_export_course(actor: Actor, course: Course) -> bool:
    """Exports a course family as a package: those who write it, and the secretariat's authors
    for every course (they keep the network's library)."""
    if may_change_course(actor, course):
        return True
    return actor.is_secretariat and actor.role in SECRETARIAT_AUTHORS and actor.token_scopes is None


def may_import_course(actor: Actor) -> bool:
    """Imports a package as a draft of the actor's party: whoever writes the party's courses."""
    return may_author(actor)


def statements_q(actor: Actor) -> Q:
    """The users whose learning records (xAPI statements) the actor may export: everyone for the
    secretariat's authors, a manager's staff, and always the learner themself. A token with the
    training scope answers as its user would, so an institution's learning record store can pull."""
    if not uses_training(actor) or actor.user_id is None:
        return Q(pk__in=[])
    if actor.is_secretariat and actor.role in SECRETARIAT_AUTHORS:
        return Q()
    own = Q(pk=actor.user_id)
    if actor.partner_id is not None and actor.role == Role.TRAINER:
        return own | Q(partner_id=actor.partner_id)
    if actor.bureau_id is not None and actor.unit is None and actor.role == Role.BUREAU_ADMIN:
        return own | Q(bureau_id=actor.bureau_id) | Q(unit__bureau_id=actor.bureau_id)
    return own


def reads_dashboard(actor: Actor, bureau_id: int) -> bool:
    """Reads a bureau's (and its posts') performance figures: the bureau's administrator, the
    secretariat's people, and a partner whose plans have an activity serving the bureau."""
    if not uses_training(actor):
        return False
    if actor.is_secretariat:
        return True
    if actor.partner_id is not None:
        served = Q(bureaus=bureau_id) | Q(units__bureau_id=bureau_id)
        return PlanActivity.objects.filter(served, plan__partners=actor.partner_id).exists()
    return actor.bureau_id == bureau_id and actor.unit is None and actor.role == Role.BUREAU_ADMIN


def dashboard_bureaus_q(actor: Actor) -> Q:
    """The bureaus whose figures the actor reads (a filter on bureaus), as `reads_dashboard`."""
    if not uses_training(actor):
        return Q(pk__in=[])
    if actor.is_secretariat:
        return Q()
    if actor.partner_id is not None:
        served = PlanActivity.objects.filter(plan__partners=actor.partner_id)
        return Q(pk__in=served.values("bureaus")) | Q(pk__in=served.values("units__bureau"))
    if actor.bureau_id is not None and actor.unit is None and actor.role == Role.BUREAU_ADMIN:
        return Q(pk=actor.bureau_id)
    return Q(pk__in=[])


def may_take(actor: Actor, course: Course) -> bool:
    """Enrols in ``course``: a person (not a machine) to whom the published course is open."""
    return (
        actor.user_id is not None
        and course.state == CourseState.PUBLISHED
        and visible_courses(actor).filter(pk=course.pk).exists()
    )


def may_open_course(actor: Actor, course_id: int) -> bool:
    """Reads a course and its files: open to the actor (its own party's drafts included)."""
    return visible_courses(actor).filter(pk=course_id).exists()


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
