"""Who sees which notice and diffusion, through the real API and pages, for every kind of user.

The expectation is the access rule written out again, independently, from the issue:
drafts are the bureau's own; the secretariat sees what left the bureau; members see what
is in force as its restriction allows; a diffusion only its recipients; units what is in
force, not bureau-only, if they screen persons; the system administrator nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db.models import Q

from polnet.core.actor import Role
from polnet.notices import notify, reading, services, workflow
from polnet.notices.models import Notice, Notification, NotificationKind
from polnet.notices.states import Act, State
from tests.factories import Network, network, signed_in_client
from tests.notices.helpers import RED, act, content, draft, published, submit


@dataclass(frozen=True)
class Case:
    name: str
    owner: str | None  # None: the secretariat
    state: str
    restriction: str = "all"
    listed: tuple[str, ...] = ()
    bureau_only: bool = False
    diffusion: bool = False


CASES = (
    Case("draft", "FR", State.DRAFT),
    Case("requested", "FR", State.REQUESTED),
    Case("published, all", "FR", State.PUBLISHED),
    Case("published, only DE", "FR", State.PUBLISHED, "only_listed", ("DE",)),
    Case("published, all except DE", "FR", State.PUBLISHED, "all_except", ("DE",)),
    Case("published, bureaus only", "FR", State.PUBLISHED, bureau_only=True),
    Case("withdrawn", "FR", State.WITHDRAWN),
    Case("diffusion to DE", "FR", State.CIRCULATED, "only_listed", ("DE",), diffusion=True),
    Case("diffusion to all", "FR", State.CIRCULATED, diffusion=True),
    Case("diffusion cancelled", "FR", State.CANCELLED, "only_listed", ("DE",), diffusion=True),
    Case("secretariat draft", None, State.DRAFT),
    Case("UN published", None, State.PUBLISHED),
)

# user key: (role, country, unit screens persons, unit sees details)
ACTORS = {
    "FR-officer": (Role.BUREAU_OFFICER, "FR", None, True),
    "FR-analyst": (Role.ANALYST, "FR", None, True),
    "FR-unit-full": (Role.UNIT_OFFICER, "FR", True, True),
    "FR-unit-hitonly": (Role.UNIT_OFFICER, "FR", True, False),
    "DE-officer": (Role.BUREAU_OFFICER, "DE", None, True),
    "DE-dpo": (Role.DATA_PROTECTION_OFFICER, "DE", None, True),
    "DE-unit-full": (Role.UNIT_OFFICER, "DE", True, True),
    "DE-unit-docsonly": (Role.UNIT_OFFICER, "DE", False, True),
    "IT-officer": (Role.BUREAU_OFFICER, "IT", None, True),
    "IT-unit-full": (Role.UNIT_OFFICER, "IT", True, True),
    "gs-reviewer": (Role.SECRETARIAT_REVIEWER, None, None, True),
    "gs-analyst": (Role.ANALYST, None, None, True),
    "gs-dpo": (Role.DATA_PROTECTION_OFFICER, None, None, True),
    "gs-sysadmin": (Role.SYSTEM_ADMIN, None, None, True),
    # The learning centre's people are refused every notices route and page (`network/web.py`).
    "gs-course-trainer": (Role.TRAINER, None, None, False),
    "partner-member": (Role.PARTNER, None, None, False),
}


def expected_visible(actor: str, c: Case) -> bool:
    role, country, screens_persons, _ = ACTORS[actor]
    in_force = c.state in (State.PUBLISHED, State.CIRCULATED)
    if country is None:
        if role in (Role.SYSTEM_ADMIN, Role.TRAINER, Role.PARTNER):
            return False
        if role == Role.ANALYST:
            return in_force
        if c.state == State.DRAFT:
            return role == Role.SECRETARIAT_REVIEWER and c.owner is None
        return True
    if screens_persons is not None:  # an extended-access unit
        if not screens_persons or c.bureau_only or not in_force:
            return False
    elif country == c.owner:
        return True
    if not in_force:
        return False
    if country == c.owner:
        return True
    if c.restriction == "only_listed":
        return country in c.listed
    if c.restriction == "all_except":
        return country not in c.listed
    return True


def _make(net: Network, c: Case) -> Notice:
    owner = "gs-reviewer" if c.owner is None else f"{c.owner}-officer"
    if c.owner is None:
        data = content(
            RED, kind="un", warrants=[], details={"un_reference": "QDi.1", "sanctions_committee": "1267"}
        )
        notice = services.create_notice(net.actor(owner), data)
        if c.state == State.PUBLISHED:
            for step in (Act.SUBMIT, Act.START_REVIEW, Act.PUBLISH):
                notice = act(net.actor(owner), notice, step)
        return notice
    if c.diffusion:
        extra = {"to_all": True} if c.restriction == "all" else {"recipients": list(c.listed)}
        notice = workflow.send_diffusion(
            net.actor(owner), {**content(RED), "bureau_only": c.bureau_only, **extra}
        )
        if c.state == State.CANCELLED:
            notice = act(net.actor("gs-reviewer"), notice, Act.CANCEL)
        return notice
    access = {"restriction": c.restriction, "listed_countries": list(c.listed), "bureau_only": c.bureau_only}
    if c.state == State.DRAFT:
        return draft(net, owner, **access)
    if c.state == State.REQUESTED:
        return submit(net, draft(net, owner, **access))
    notice = published(net, owner, **access)
    if c.state == State.WITHDRAWN:
        notice = act(net.actor(owner), notice, Act.WITHDRAW)
    return notice


def test_the_cases_cover_every_restriction_and_channel() -> None:
    assert {c.restriction for c in CASES} == {"all", "only_listed", "all_except"}
    assert {c.diffusion for c in CASES} == {True, False} and any(c.bureau_only for c in CASES)
    assert {a[0] for a in ACTORS.values()} == set(Role) - {Role.BUREAU_ADMIN}


@pytest.mark.django_db
@pytest.mark.parametrize("way", ["list", "detail", "search", "page", "history"])
def test_access_matrix(way: str) -> None:
    net = network()
    made = {_make(net, c).pk: c for c in CASES}
    wrong = []
    for key, (_, _, _, details) in ACTORS.items():
        client = signed_in_client(net.users[key])
        want = {pk for pk, c in made.items() if expected_visible(key, c)}
        if way in ("list", "search"):
            url = "/api/notices/?limit=500" + ("&q=Petrenko" if way == "search" else "")
            r = client.get(url)
            got: object = {i["id"] for i in r.json()["items"]} if r.status_code == 200 else r.status_code
            expected: object = want if details else 403
            if got != expected:
                names = lambda s: s if isinstance(s, int) else sorted(made[p].name for p in s)  # noqa: E731
                wrong.append(f"{key} {way}: got {names(got)}, expected {names(expected)}")
            continue
        for pk, c in made.items():
            url = {
                "detail": f"/api/notices/{pk}",
                "history": f"/api/notices/{pk}/history",
                "page": f"/notices/{pk}/",
            }[way]
            status = client.get(url).status_code
            expected_status = (200 if pk in want else 404) if details else 403
            if status != expected_status:
                wrong.append(f"{key} {c.name}: {way} {status}, expected {expected_status}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_hidden_notices_answer_404_for_every_verb(net: Network) -> None:
    restricted = published(net, restriction="only_listed", listed_countries=["IT"])
    mine = draft(net)
    de = signed_in_client(net.users["DE-officer"])
    for pk in (restricted.pk, mine.pk, 999_999):
        assert de.get(f"/api/notices/{pk}").status_code == 404
        assert (
            de.patch(f"/api/notices/{pk}", {"version": 1}, content_type="application/json").status_code == 404
        )
        for path in ("submit", "withdraw", "suspend", "public-extract", "images"):
            r = de.post(
                f"/api/notices/{pk}/{path}",
                {"reason": "x", "until": "2030-01-01"},
                content_type="application/json",
            )
            assert r.status_code in (404, 422), (path, r.status_code)
            if r.status_code == 422:  # the upload endpoint validates its form before the lookup
                assert path == "images"
        assert de.get(f"/api/notices/{pk}/images/1").status_code == 404
        assert de.get(f"/notices/{pk}/").status_code == 404


@pytest.mark.django_db
def test_diffusion_recipients_only_and_they_are_told(net: Network) -> None:
    diffusion = workflow.send_diffusion(net.actor("FR-officer"), {**content(RED), "recipients": ["DE"]})
    assert diffusion.state == State.CIRCULATED
    told = set(
        Notification.objects.filter(notice=diffusion).values_list("recipient_bureau__country_id", "kind")
    )
    assert told == {("DE", NotificationKind.DIFFUSION), (None, NotificationKind.NEW_DIFFUSION)}
    assert reading.get_notice(net.actor("DE-officer"), diffusion.pk)
    for outsider in ("IT-officer", "ES-officer", "IT-unit-full"):
        assert not Notice.objects.visible_to(net.actor(outsider)).filter(pk=diffusion.pk).exists()
    assert [n.pk for n in reading.review_queue(net.actor("gs-reviewer"))] == [diffusion.pk]
    act(net.actor("gs-reviewer"), diffusion, Act.CANCEL, reason="Not compliant.")
    cancelled = Notification.objects.filter(notice=diffusion, kind=NotificationKind.CANCELLED)
    assert set(cancelled.values_list("recipient_bureau__country_id", flat=True)) == {"DE", "FR"}
    assert not Notice.objects.visible_to(net.actor("DE-officer")).filter(pk=diffusion.pk).exists()


@pytest.mark.django_db
def test_members_are_told_of_publication_as_the_restriction_allows(net: Network) -> None:
    everyone = published(net)
    only_de = published(net, restriction="only_listed", listed_countries=["DE"])
    told = lambda n: set(  # noqa: E731
        Notification.objects.filter(notice=n, kind=NotificationKind.PUBLISHED).values_list(
            "recipient_bureau__country_id", flat=True
        )
    )
    assert told(everyone) == {"DE", "IT", "ES"}
    assert told(only_de) == {"DE"}
    assert Notification.objects.filter(
        notice=only_de, kind=NotificationKind.DECISION
    ).get().recipient_bureau_id == (net.bureaus["FR"].pk)
    it = net.actor("IT-officer")
    assert [n.notice_id for n in notify.notifications(it)] == [everyone.pk]
    assert notify.unread_count(it) == 1
    assert notify.mark_read(it) == 1 and notify.unread_count(it) == 0
    act(net.actor("FR-officer"), everyone, Act.WITHDRAW, reason="Arrested.")
    assert (
        Notification.objects.filter(notice=everyone, kind=NotificationKind.WITHDRAWN)
        .filter(Q(recipient_bureau__country_id="IT"))
        .exists()
    )
