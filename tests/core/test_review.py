"""One review-date rule for records and notices: never in the past, at most five years ahead,
refused with one code and one message, read in the reader's language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from polnet.core.errors import InvalidInput
from polnet.core.review import check_review_date, latest_review_date
from polnet.notices import services as notices
from polnet.records import services as records
from tests.factories import Network, make_record
from tests.notices.helpers import draft

TOO_FAR = "The review date must be at most five years ahead (%(date)s)."


def test_the_latest_review_date_is_five_years_ahead() -> None:
    assert latest_review_date(date(2026, 12, 3)) == date(2031, 12, 3)
    assert latest_review_date(date(2028, 2, 29)) == date(2033, 2, 28)


def test_a_review_date_from_today_to_five_years_ahead_is_accepted() -> None:
    today = timezone.localdate()
    check_review_date(today)
    check_review_date(latest_review_date(today))


def test_a_review_date_in_the_past_or_too_far_is_refused_with_its_code() -> None:
    today = timezone.localdate()
    with pytest.raises(InvalidInput) as past:
        check_review_date(today - timedelta(days=1))
    assert (past.value.code, past.value.field) == ("review_date_past", "review_date")
    with pytest.raises(InvalidInput) as too_far:
        check_review_date(latest_review_date(today) + timedelta(days=1))
    assert (too_far.value.code, too_far.value.field) == ("review_date_too_far", "review_date")
    assert str(too_far.value) == TOO_FAR % {"date": latest_review_date(today)}


@pytest.mark.django_db
def test_notices_and_records_refuse_a_far_review_date_alike_in_the_readers_language(net: Network) -> None:
    officer = net.actor("FR-officer")
    notice = draft(net)
    record = make_record(officer, "person")
    far = latest_review_date() + timedelta(days=1)
    with pytest.raises(InvalidInput) as on_notice:
        notices.update_notice(officer, notice.pk, {"review_date": far, "version": notice.version})
    with pytest.raises(InvalidInput) as on_record:
        records.update_record(officer, "person", record.pk, {"review_date": far, "version": record.version})
    assert on_notice.value.code == on_record.value.code == "review_date_too_far"
    with translation.override("fr"):
        in_french = translation.gettext(TOO_FAR)
        said = (str(on_notice.value.message), str(on_record.value.message))
    assert in_french != TOO_FAR
    assert said == (in_french % {"date": latest_review_date()},) * 2
