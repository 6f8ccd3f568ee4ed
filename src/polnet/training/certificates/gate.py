"""The certification gates, answered for the kernel (`core/gates.py`).

A requirement binds the people of its bureau (its units' included) or, set by the
secretariat, everyone who works with police data. A person is held on an activity while they
hold no valid certificate of a course required for it.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from polnet.core import gates
from polnet.core.actor import Gated, Hold


def valid_certificates_q(today: object = None) -> Q:
    """Certificates in force: not revoked, and not past their end of validity."""
    day = today or timezone.localdate()
    return Q(revoked_at__isnull=True) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def holds(user_id: int, bureau_id: int | None) -> frozenset[Hold]:
    from polnet.training.models import Certificate, Requirement

    scope = (
        Q(bureau__isnull=True) | Q(bureau_id=bureau_id) if bureau_id is not None else Q(bureau__isnull=True)
    )
    required = list(Requirement.objects.filter(scope).values_list("activity", "course_id", "course__title"))
    if not required:
        return frozenset()
    held_courses = set(
        Certificate.objects.filter(
            valid_certificates_q(), user_id=user_id, course_id__in={c for _, c, _ in required}
        ).values_list("course_id", flat=True)
    )
    return frozenset(
        Hold(Gated(activity), course_id, title)
        for activity, course_id, title in required
        if course_id not in held_courses
    )


def course_url(course_id: int) -> str:
    return f"/training/courses/{course_id}/"


def register() -> None:
    gates.register(holds, course_url)
