"""Requiring a certificate: who may, which courses, the count of people lacking it, audit."""

from __future__ import annotations

import pytest

from polnet.core.actor import Gated
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.training.certificates import requirements
from polnet.training.models import CourseState, Requirement
from tests.factories import Network, signed_in_client
from tests.training.factories_certs import certify, make_course

pytestmark = pytest.mark.django_db

# FR's people the gate binds: admin, officer, analyst, DPO and four units' officers.
FR_PEOPLE = 8


def test_bureau_admin_requires_for_the_bureau_and_sees_who_lacks_it(net: Network) -> None:
    course = make_course(net.users["gs-reviewer"], title="Border checks")
    certify(net.users["FR-officer"], course)
    certify(net.users["FR-unit-full"], course, expired=True)
    req = requirements.add_requirement(net.actor("FR-admin"), course.pk, Gated.CONSULT.value)
    assert req.bureau_id == net.bureaus["FR"].pk
    assert any(h.course_id == course.pk for h in net.actor("FR-unit-full").holds)
    assert not net.actor("FR-officer").holds
    assert not net.actor("DE-officer").holds
    [row] = requirements.list_requirements(net.actor("FR-admin"))
    assert (row.requirement.pk, row.lacking, row.changeable) == (req.pk, FR_PEOPLE - 1, True)
    assert requirements.list_requirements(net.actor("DE-admin")) == []
    assert AuditEntry.objects.filter(action="create", object_type="training_requirement").count() == 1
    with pytest.raises(Conflict):
        requirements.add_requirement(net.actor("FR-admin"), course.pk, Gated.CONSULT.value)


def test_network_requirement_by_the_secretariat_only(net: Network) -> None:
    course = make_course(net.users["gs-reviewer"])
    req = requirements.add_requirement(net.actor("gs-reviewer"), course.pk, Gated.REQUEST_NOTICES.value)
    assert req.bureau_id is None
    assert any(h.activity == Gated.REQUEST_NOTICES for h in net.actor("DE-officer").holds)
    [row] = requirements.list_requirements(net.actor("FR-admin"))
    assert (row.lacking, row.changeable) == (FR_PEOPLE, False)  # the bureau counts its own people
    with pytest.raises(Forbidden):
        requirements.remove_requirement(net.actor("FR-admin"), req.pk)
    for name in ("FR-officer", "FR-unit-writer", "gs-analyst"):
        with pytest.raises(Forbidden):
            requirements.add_requirement(net.actor(name), course.pk, Gated.CONSULT.value)
    requirements.remove_requirement(net.actor("gs-reviewer"), req.pk)
    assert not Requirement.objects.exists()
    assert not net.actor("DE-officer").holds
    assert AuditEntry.objects.filter(action="delete", object_type="training_requirement").exists()


def test_only_published_originals_with_a_certificate(net: Network) -> None:
    author = net.users["gs-reviewer"]
    admin = net.actor("FR-admin")
    draft = make_course(author, state=CourseState.DRAFT)
    no_certificate = make_course(author, months=0)
    original = make_course(author, title="Original")
    translation = make_course(author, title="Traduction", translation_of=original, language="fr")
    with pytest.raises(NotFound):  # a draft of another party is not even visible
        requirements.add_requirement(admin, draft.pk, "consult")
    with pytest.raises(InvalidInput):
        requirements.add_requirement(net.actor("gs-reviewer"), draft.pk, "consult")
    with pytest.raises(InvalidInput):
        requirements.add_requirement(admin, no_certificate.pk, "consult")
    with pytest.raises(InvalidInput):
        requirements.add_requirement(admin, original.pk, "fly")
    assert requirements.add_requirement(admin, translation.pk, "consult").course_id == original.pk
    assert set(requirements.eligible_courses(admin)) == {original}


def test_other_bureau_cannot_remove(net: Network) -> None:
    course = make_course(net.users["gs-reviewer"])
    req = requirements.add_requirement(net.actor("FR-admin"), course.pk, "create_records")
    with pytest.raises(NotFound):
        requirements.remove_requirement(net.actor("DE-admin"), req.pk)
    assert Requirement.objects.filter(pk=req.pk).exists()


def test_pages_and_api(net: Network) -> None:
    course = make_course(net.users["gs-reviewer"], title="Border checks")
    admin = signed_in_client(net.users["FR-admin"])
    assert (
        admin.post("/training/requirements/add/", {"course": course.pk, "activity": "consult"}).status_code
        == 302
    )
    page = admin.get("/training/requirements/", HTTP_ACCEPT_LANGUAGE="ar")
    assert page.status_code == 200 and "Border checks" in page.content.decode()
    bad = admin.post("/training/requirements/add/", {"course": "", "activity": "consult"})
    assert bad.status_code == 422 and "field-error" in bad.content.decode()
    api = admin.get("/api/training/requirements/").json()
    assert api[0]["course_id"] == course.pk and api[0]["lacking"] == FR_PEOPLE
    req = Requirement.objects.get()
    assert admin.post(f"/training/requirements/{req.pk}/remove/").status_code == 302
    assert not Requirement.objects.exists()
    officer = signed_in_client(net.users["FR-officer"])
    assert officer.get("/training/requirements/").status_code == 403
