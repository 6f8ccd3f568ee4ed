"""Partner organisations' people and trainers see nothing of the police data, by any door:
services, every page, every API route, tokens."""

from __future__ import annotations

import re

import pytest
from django.db.models import Q

from polnet.core import policy
from polnet.core.actor import Role, TokenScope, system_actor
from polnet.core.errors import Forbidden, InvalidInput
from polnet.network.actors import actor_for
from polnet.network.models import Partner, User
from polnet.network.services import create_user, issue_token
from polnet.notices.models import Notice
from polnet.notices.policy import visible_q as notices_visible_q
from polnet.notifications.services import has_inbox, inbox_q
from polnet.records import services as records
from polnet.screening import services as screening
from tests.factories import PASSWORD, Network, make_record, signed_in_client
from tests.url_paths import every_path

KINDS = ("person", "document", "vehicle", "firearm", "artwork")


@pytest.fixture
def partner(net: Network) -> Partner:
    partner = net.users["partner-member"].partner
    assert partner is not None
    return partner


@pytest.fixture
def people(net: Network, partner: Partner) -> dict[str, User]:
    trainer = create_user(
        system_actor("test"),
        username="academy-trainer",
        password=PASSWORD,
        role=Role.TRAINER,
        partner=partner,
    )
    return {
        "member": net.users["partner-member"],
        "partner-trainer": trainer,
        "gs-trainer": net.users["gs-course-trainer"],
    }


@pytest.fixture
def shared_records(net: Network) -> None:
    owner = net.actor("FR-officer")
    for kind in KINDS:
        make_record(owner, kind)  # shared with every member


@pytest.mark.django_db
def test_a_partner_user_is_neither_a_bureau_nor_the_secretariat(
    people: dict[str, User], partner: Partner
) -> None:
    actor = actor_for(people["member"])
    assert actor.partner_id == partner.pk
    assert actor.country is None and not actor.is_secretariat
    assert actor.affiliation == f"partner:{partner.pk}"
    assert not actor.handles_police_data
    assert actor_for(people["gs-trainer"]).is_secretariat  # the secretariat's trainer
    assert not actor_for(people["gs-trainer"]).handles_police_data


@pytest.mark.django_db
@pytest.mark.usefixtures("shared_records")
@pytest.mark.parametrize("who", ["member", "partner-trainer", "gs-trainer"])
def test_learning_only_people_read_and_write_no_police_data(people: dict[str, User], who: str) -> None:
    actor = actor_for(people[who])
    for kind in KINDS:
        total, rows = records.list_records(actor, kind)
        assert (total, rows) == (0, [])
        assert not policy.may_screen(actor, kind)
        assert not policy.may_create(actor, kind, "FR")
        assert policy.visibility(actor) == policy.Always(False)
    assert not policy.reads_records(actor)
    assert not Notice.objects.filter(notices_visible_q(actor)).exists()
    assert not has_inbox(actor)
    assert inbox_q(actor) == Q(pk__in=[])
    with pytest.raises(Forbidden):
        screening.screen_document(actor, "X00000001", None, purpose="border_control")
    with pytest.raises(Forbidden):
        records.create_record(actor, "person", {})


@pytest.mark.django_db
def test_partner_roles_are_checked_when_users_are_created(net: Network, partner: Partner) -> None:
    sysadmin = system_actor("test")
    with pytest.raises(InvalidInput) as exc:
        create_user(sysadmin, username="x1", password=PASSWORD, role=Role.BUREAU_OFFICER, partner=partner)
    assert exc.value.code == "partner_role"
    with pytest.raises(InvalidInput) as exc:
        create_user(sysadmin, username="x2", password=PASSWORD, role=Role.PARTNER)
    assert exc.value.code == "partner_missing"
    with pytest.raises(InvalidInput):
        create_user(
            net.actor("FR-admin"),
            username="x3",
            password=PASSWORD,
            role=Role.TRAINER,
            bureau=net.bureaus["FR"],
        )
    with pytest.raises(Forbidden):  # only the operator adds a partner's people
        create_user(
            net.actor("FR-admin"), username="x4", password=PASSWORD, role=Role.PARTNER, partner=partner
        )


@pytest.mark.django_db
def test_no_token_is_issued_to_a_partner_user(people: dict[str, User]) -> None:
    for user in people.values():
        with pytest.raises(Forbidden) as exc:
            issue_token(system_actor("test"), user, name="lms", scopes=[TokenScope.TRAINING], days=30)
        assert exc.value.code == "token_user_outside_bureau"


# Where a learner may land: the learning centre, the public pages, signing out, languages, and
# the list of operations and the operations' routes (a partner observes some; what it reads
# there is the operations' policy, checked by `tests/operations/test_operations_access.py`).
LEARNERS_PLACES = re.compile(
    r"^/(training/|verify/|api/training/|i18n/|logout/|login/|notices/public/|notices/v1/|artworks/public/|"
    r"artworks/v1/|operations/$"
    r"|api/operations/)"
)


# Routes any signed-in caller may use: the API's description, who am I, the list of countries.
ANY_SCOPE_ROUTES = {"/api/openapi.json", "/api/docs", "/api/network/me", "/api/network/countries"}


@pytest.mark.django_db
@pytest.mark.usefixtures("shared_records")
@pytest.mark.parametrize(("who", "methods"), [("member", ("get", "post")), ("gs-trainer", ("get",))])
def test_every_page_and_route_outside_the_learning_centre_refuses_learners(
    people: dict[str, User], who: str, methods: tuple[str, ...]
) -> None:
    client = signed_in_client(people[who])
    paths = every_path()
    assert len(paths) > 50
    leaks = []
    for path in paths:
        if LEARNERS_PLACES.match(path) or path in ANY_SCOPE_ROUTES:
            continue
        for method in methods:
            response = getattr(client, method)(path)
            status = response.status_code
            if status == 302 and path == "/":
                assert response["Location"] == "/training/"
                continue
            if status == 302 and path.startswith("/admin/"):  # to the admin's sign-in, which refuses
                assert client.get(path, follow=True).status_code == 403
                continue
            if status not in (401, 403, 404, 405):
                leaks.append(f"{method.upper()} {path} -> {status}")
    assert not leaks, leaks


@pytest.mark.django_db
def test_the_home_page_sends_learners_to_the_learning_centre(people: dict[str, User]) -> None:
    response = signed_in_client(people["member"]).get("/")
    assert response.status_code == 302 and response["Location"] == "/training/"


@pytest.mark.django_db
def test_a_learner_may_list_operations_but_never_start_one(people: dict[str, User]) -> None:
    client = signed_in_client(people["member"])
    assert client.get("/operations/").status_code == 200  # empty: it observes none
    assert client.post("/operations/", {"code_name": "X", "active_on": "not a date"}).status_code == 403
