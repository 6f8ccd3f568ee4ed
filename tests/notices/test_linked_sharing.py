"""A notice built from restricted records: it starts as narrow as they are, and the pre-check
flags a notice, or a public extract, that would show a linked record more widely than its
owner allows."""

from __future__ import annotations

import pytest

from polnet.core.errors import InvalidInput
from polnet.notices import services, workflow
from polnet.notices.compliance.linked import Audience
from polnet.notices.compliance.precheck import describe
from polnet.notices.models import Notice
from polnet.records.models import Person
from tests.factories import Network, make_record, signed_in_client
from tests.notices.helpers import RED, YELLOW, content, published, review, submit

ONLY_DE_IT = Audience.of("only_listed", ["DE", "IT"], False)
NOT_IT = Audience.of("all_except", ["IT"], False)
EVERYONE = Audience.of("all", [], False)


def test_the_audience_of_two_objects_is_who_both_let_see() -> None:
    assert (ONLY_DE_IT & NOT_IT).sharing() == {
        "restriction": "only_listed",
        "listed_countries": ["DE"],
        "bureau_only": False,
    }
    both_except = NOT_IT & Audience.of("all_except", ["ES"], True)
    assert both_except.sharing() == {
        "restriction": "all_except",
        "listed_countries": ["ES", "IT"],
        "bureau_only": True,
    }
    assert (EVERYONE & EVERYONE) == EVERYONE
    assert (
        Audience.of("only_listed", ["DE"], False) & Audience.of("only_listed", ["IT"], False)
    ).only == set()


def test_a_wider_audience_is_told_apart_from_an_equal_or_narrower_one() -> None:
    assert EVERYONE.reaches_beyond(ONLY_DE_IT, owner="FR")
    assert EVERYONE.reaches_beyond(NOT_IT, owner="FR")
    assert not NOT_IT.reaches_beyond(NOT_IT, owner="FR")
    assert not Audience.of("only_listed", ["DE"], False).reaches_beyond(ONLY_DE_IT, owner="FR")
    assert not Audience.of("only_listed", ["DE", "FR"], False).reaches_beyond(ONLY_DE_IT, owner="FR")
    assert Audience.of("only_listed", ["DE", "IT"], False).reaches_beyond(NOT_IT, owner="FR")
    assert Audience.of("all_except", ["ES"], False).reaches_beyond(NOT_IT, owner="FR")


@pytest.mark.django_db
def test_a_new_notice_can_take_the_narrowest_sharing_of_its_linked_records(net: Network) -> None:
    fr = net.actor("FR-officer")
    listed = make_record(fr, "person", restriction="only_listed", listed=["DE", "IT"])
    all_but_it = make_record(fr, "vehicle", restriction="all_except", listed=["IT"], bureau_only=True)
    data = content(RED, sharing_from_links=True, links={"persons": [listed.pk], "vehicles": [all_but_it.pk]})
    notice = services.create_notice(fr, data)
    assert notice.restriction == "only_listed" and sorted(notice.listed_codes()) == ["DE"]
    assert notice.bureau_only  # one linked record is for bureaus only
    without_links = services.create_notice(fr, content(RED, sharing_from_links=True))
    assert without_links.restriction == "all"

    only_es = make_record(fr, "person", restriction="only_listed", listed=["ES"])
    with pytest.raises(InvalidInput) as refused:
        services.create_notice(
            fr, content(RED, sharing_from_links=True, links={"persons": [listed.pk, only_es.pk]})
        )
    assert refused.value.code == "links_share_no_country"
    assert Notice.objects.count() == 2


@pytest.mark.django_db
def test_the_pre_check_flags_a_notice_wider_than_a_linked_record(net: Network) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "person", restriction="only_listed", listed=["DE"])
    Person.objects.filter(pk=rec.pk).update(handling_code="H2")
    wide = services.create_notice(fr, content(RED, links={"persons": [rec.pk]}))  # "all members"
    findings = submit(net, wide).precheck
    reasons = sorted(f["params"]["reason"] for f in findings if f["code"] == "link_restricted")
    assert reasons == ["handling", "restriction"]
    messages = [describe(f) for f in findings if f["code"] == "link_restricted"]
    assert any(f"Person {rec.pk} is shared with fewer countries" in m for m in messages), messages

    narrow = services.create_notice(fr, content(RED, sharing_from_links=True, links={"persons": [rec.pk]}))
    findings = submit(net, narrow).precheck
    assert [f["params"]["reason"] for f in findings if f["code"] == "link_restricted"] == ["handling"]


@pytest.mark.django_db
def test_a_public_extract_of_a_notice_with_a_restricted_link_needs_a_stated_reason(net: Network) -> None:
    fr = net.actor("FR-officer")
    rec = make_record(fr, "person", restriction="all_except", listed=["IT"])
    notice = published(net, links={"persons": [rec.pk]})
    workflow.request_extract(fr, notice.pk)
    notice.refresh_from_db()
    reasons = {f["params"]["reason"] for f in notice.precheck if f["code"] == "link_restricted"}
    assert "extract" in reasons
    reviewer = net.actor("gs-reviewer")
    with pytest.raises(InvalidInput) as refused:
        workflow.decide_extract(reviewer, notice.pk, approve=True)
    assert refused.value.code == "extract_flagged_reason_missing"
    workflow.decide_extract(reviewer, notice.pk, approve=True, reason="The record's owner agreed on 2 March.")
    notice.refresh_from_db()
    assert notice.extract_status == "approved"

    open_record = make_record(fr, "person")
    plain = published(net, base=YELLOW, links={"persons": [open_record.pk]})
    workflow.request_extract(fr, plain.pk)
    workflow.decide_extract(reviewer, plain.pk, approve=True)  # nothing flagged: no reason needed


@pytest.mark.django_db
def test_the_request_form_starts_as_narrow_as_the_linked_records(net: Network) -> None:
    fr = signed_in_client(net.users["FR-officer"])
    page = fr.get("/notices/new/red/").content.decode()
    assert 'value="from_links"' in page
    assert 'value="from_links" selected' in page or 'value="from_links" checked' in page
    rec = make_record(net.actor("FR-officer"), "person", restriction="only_listed", listed=["DE"])
    form = {
        "language": "en",
        "facts": "Armed robbery.",
        "name1_given": "Viktor",
        "name1_family": "Petrenko",
        "sex": "M",
        "w_decision": "warrant",
        "w_issuing_country": "FR",
        "w_charge": "Armed robbery",
        "link_persons": str(rec.pk),
        "restriction": "from_links",
    }
    r = fr.post("/notices/new/red/", form)
    assert r.status_code == 302, r.content.decode()[:2000]
    notice = Notice.objects.get()
    assert notice.restriction == "only_listed" and sorted(notice.listed_codes()) == ["DE"]
    edit = fr.get(f"/notices/{notice.pk}/edit/").content.decode()
    assert 'value="from_links"' not in edit  # a change keeps the sharing the notice has
    review(net, submit(net, notice))
