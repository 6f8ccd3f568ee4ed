"""The hit report: sent by the bureau of the country where the hit was made, read by that
bureau and the owner's, nobody else; all or nothing with its photos; audited; the owner told."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.network.services import issue_token
from polnet.notices.images import placeholder_png
from polnet.notifications.models import Notification
from polnet.screening import hit_reports, services
from polnet.screening.models import Hit, HitReport, HitReportPhoto, HitState
from tests.factories import Network, make_record, signed_in_client

PNG = placeholder_png()


def _hit(net: Network) -> Hit:
    """A German airport unit's check hits a French person record."""
    make_record(net.actor("FR-officer"), "person")  # Ivan Ivanov, born 1974-08-12
    query = services.person_query("Ivan Ivanov", date_of_birth="1974-08-12")
    result = services.screen_person(
        net.actor("DE-unit-full"), query, location="Frankfurt airport", purpose="identification"
    )
    # Two hours ago: the report tells of a check made twenty minutes after it.
    Hit.objects.filter(pk=result.candidates[0].hit_id).update(at=timezone.now() - timedelta(hours=2))
    return Hit.objects.get(pk=result.candidates[0].hit_id)


def _data(hit: Hit, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "place": "Frankfurt airport, gate B12",
        "occurred_at": hit.at + timedelta(minutes=20),
        "check_performed": "discreet_check",
        "outcome": "located",
        "accompanying": "A woman, about 40, travelling on the same booking.",
        "transport": "flight",
        "transport_identifier": "LH 1234",
        "items": "Two passports in different names.",
        "items_seized": False,
        "remarks": "He boarded for Rome.",
    }
    return data | over


def _form(hit: Hit, **over: Any) -> dict[str, Any]:
    data = _data(hit, **over)
    data["occurred_at"] = data["occurred_at"].strftime("%Y-%m-%dT%H:%M")
    data["items_seized"] = "true" if data["items_seized"] else ""
    return {k: v for k, v in data.items() if v != ""}


@pytest.mark.django_db
def test_the_reporting_bureau_sends_it_and_the_owner_is_told(
    net: Network, django_capture_on_commit_callbacks: Any
) -> None:
    hit = _hit(net)
    de = net.actor("DE-officer")
    assert hit_reports.may_write(de, hit)
    with django_capture_on_commit_callbacks(execute=True):
        report = hit_reports.create_report(de, hit.pk, _data(hit), [PNG])

    assert (report.reporting_country_id, report.transport_identifier) == ("DE", "LH 1234")
    assert report.photos.count() == 1
    note = Notification.objects.get(kind="hit_report")
    assert (note.subject, note.subject_id, note.recipient_bureau_id) == ("hit", hit.pk, net.bureaus["FR"].pk)
    assert note.recipient_unit_id is None
    created = AuditEntry.objects.get(object_type="hit_report", action="create")
    assert created.detail["photos"] == 1

    # The owner and the reporter read it, each reading audited; nobody else sees it.
    for reader in ("FR-officer", "DE-officer", "FR-analyst"):
        assert hit_reports.get_report(net.actor(reader), hit.pk).pk == report.pk
    assert AuditEntry.objects.filter(object_type="hit_report", action="read").count() == 3
    for outsider in ("IT-officer", "IT-admin", "DE-unit-full", "FR-unit-full", "gs-reviewer", "gs-analyst"):
        with pytest.raises(NotFound) as refused:
            hit_reports.get_report(net.actor(outsider), hit.pk)
        assert refused.value.code == "hit_report_not_found"
    assert AuditEntry.objects.filter(object_type="hit_report", action="read").count() == 3


@pytest.mark.django_db
def test_only_the_bureau_of_the_screening_country_writes_it_once(net: Network) -> None:
    hit = _hit(net)
    with pytest.raises(Forbidden) as owner:
        hit_reports.create_report(net.actor("FR-officer"), hit.pk, _data(hit))
    assert owner.value.code == "hit_report_reporter_only"
    # The unit that had the hit records its outcome; the report is its bureau's. A third
    # bureau does not even learn that the hit exists.
    for outsider in ("DE-unit-full", "IT-officer", "gs-reviewer"):
        with pytest.raises(NotFound):
            hit_reports.create_report(net.actor(outsider), hit.pk, _data(hit))
    with pytest.raises(Forbidden):
        hit_reports.create_report(net.actor("DE-analyst"), hit.pk, _data(hit))

    hit_reports.create_report(net.actor("DE-officer"), hit.pk, _data(hit))
    with pytest.raises(Conflict) as again:
        hit_reports.create_report(net.actor("DE-admin"), hit.pk, _data(hit, remarks="Second thoughts."))
    assert again.value.code == "hit_report_exists"
    assert HitReport.objects.get().remarks == "He boarded for Rome."


@pytest.mark.django_db
def test_bad_input_is_refused_with_a_code_and_nothing_is_written(net: Network) -> None:
    hit = _hit(net)
    de = net.actor("DE-officer")
    now = timezone.now()
    cases = [
        (_data(hit, occurred_at=now + timedelta(hours=1)), [], "hit_report_time_future", "occurred_at"),
        (_data(hit, occurred_at=hit.at - timedelta(days=1)), [], "hit_report_time_before_hit", "occurred_at"),
        (
            _data(hit, transport="vessel", transport_identifier=" "),
            [],
            "hit_report_transport_identifier",
            None,
        ),
        (_data(hit), [PNG, b"GIF89a not an accepted image"], "image_type", "photos"),
        (_data(hit), [PNG[:40]], "image_damaged", "photos"),
        (_data(hit), [PNG] * 6, "hit_report_photo_count", "photos"),
    ]
    for data, photos, code, field in cases:
        with pytest.raises(InvalidInput) as refused:
            hit_reports.create_report(de, hit.pk, data, photos, now=now)
        assert refused.value.code == code
        if field:
            assert refused.value.field == field
    assert not HitReport.objects.exists() and not HitReportPhoto.objects.exists()
    assert not AuditEntry.objects.filter(object_type="hit_report").exists()

    Hit.objects.filter(pk=hit.pk).update(state=HitState.WITHDRAWN)
    with pytest.raises(Conflict) as withdrawn:
        hit_reports.create_report(de, hit.pk, _data(hit))
    assert withdrawn.value.code == "hit_report_withdrawn"


@pytest.mark.django_db
def test_a_failure_after_the_photos_were_stored_keeps_neither_row_nor_file(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    hit = _hit(net)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the audit log is unreachable")

    monkeypatch.setattr(hit_reports.audit, "log", broken)
    stored: list[str] = []
    real_delete = hit_reports._delete_files
    monkeypatch.setattr(
        hit_reports, "_delete_files", lambda names: (stored.extend(names), real_delete(names))
    )
    with pytest.raises(RuntimeError):
        hit_reports.create_report(net.actor("DE-officer"), hit.pk, _data(hit), [PNG, PNG])
    assert not HitReport.objects.exists() and not HitReportPhoto.objects.exists()
    assert len(stored) == 2
    assert not any(hit_reports.image_storage().exists(name) for name in stored)


@pytest.mark.django_db
def test_the_api_sends_and_reads_it_with_scopes_and_codes(net: Network) -> None:
    hit = _hit(net)
    url = f"/api/screening/hits/{hit.pk}/report"
    de = signed_in_client(net.users["DE-officer"])

    bad = de.post(url, _form(hit, check_performed="dance"))
    assert bad.status_code == 422 and bad.json()["field"] == "check_performed"
    future = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    bad = de.post(url, {**_form(hit), "occurred_at": future})
    assert bad.status_code == 422 and bad.json()["code"] == "hit_report_time_future"
    bad = de.post(url, {**_form(hit), "photos": [SimpleUploadedFile("x.gif", b"GIF89a....")]})
    assert bad.status_code == 422 and bad.json()["code"] == "image_type"
    assert not HitReport.objects.exists()

    photo = SimpleUploadedFile("p.png", PNG, content_type="image/png")
    made = de.post(url, {**_form(hit), "photos": [photo]})
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["reference"] == f"hit:{hit.pk}" and body["outcome"] == "located"
    assert len(body["photos"]) == 1
    assert de.post(url, _form(hit)).json()["code"] == "hit_report_exists"

    fr = signed_in_client(net.users["FR-officer"])
    read = fr.get(url)
    assert read.status_code == 200 and read.json()["transport_identifier"] == "LH 1234"
    image = fr.get(body["photos"][0]["url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert fr.post(url, _form(hit)).json()["code"] == "hit_report_reporter_only"
    for outsider in ("IT-officer", "DE-unit-full", "gs-reviewer"):
        client = signed_in_client(net.users[outsider])
        assert client.get(url).status_code == 404
        assert client.get(body["photos"][0]["url"]).status_code == 404

    # A token needs the screening scope.
    _, token = issue_token(net.actor("FR-admin"), net.users["FR-officer"], name="t", scopes=["records:read"])
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 403
    _, token = issue_token(net.actor("FR-admin"), net.users["FR-officer"], name="s", scopes=["screening"])
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


@pytest.mark.django_db
def test_the_page_offers_the_form_then_shows_the_report_and_the_message_link(net: Network) -> None:
    hit = _hit(net)
    url = f"/check/hits/{hit.pk}/report/"
    de = signed_in_client(net.users["DE-officer"])
    page = de.get(url).content.decode()
    assert 'id="hit-report-form"' in page and 'value="Frankfurt airport"' in page

    refused = de.post(url, _form(hit, transport="vehicle", transport_identifier=""))
    assert refused.status_code == 400
    assert "Give the plate or VIN" in refused.content.decode() and not HitReport.objects.exists()
    missing = de.post(url, {**_form(hit), "outcome": ""})
    assert missing.status_code == 400 and not HitReport.objects.exists()
    gif = SimpleUploadedFile("x.gif", b"GIF89a....", content_type="image/gif")
    wrong = de.post(url, {**_form(hit), "photos": [gif]})
    assert wrong.status_code == 400 and "Only JPEG, PNG and WebP images" in wrong.content.decode()
    assert not HitReport.objects.exists()

    photo = SimpleUploadedFile("p.png", PNG, content_type="image/png")
    sent = de.post(url, {**_form(hit), "photos": [photo]})
    assert sent.status_code == 302 and sent["Location"] == url
    page = de.get(url).content.decode()
    assert "Two passports in different names." in page and "LH 1234" in page
    assert f"/messages/compose/?to=bureau%3AFR&amp;ref=hit%3A{hit.pk}" in page

    fr_page = signed_in_client(net.users["FR-officer"]).get(url).content.decode()
    assert "He boarded for Rome." in fr_page and "/report/photos/" in fr_page
    assert f"/messages/compose/?to=bureau%3ADE&amp;ref=hit%3A{hit.pk}" in fr_page
    assert 'id="hit-report-form"' not in fr_page

    for outsider in ("IT-officer", "DE-unit-full"):
        assert signed_in_client(net.users[outsider]).get(url).status_code == 404


@pytest.mark.django_db
def test_the_owner_sees_that_no_report_came_yet_and_may_not_post_one(net: Network) -> None:
    hit = _hit(net)
    url = f"/check/hits/{hit.pk}/report/"
    fr = signed_in_client(net.users["FR-officer"])
    page = fr.get(url).content.decode()
    assert 'id="no-report"' in page and 'id="hit-report-form"' not in page
    assert fr.post(url, _form(hit)).status_code == 403
    assert not HitReport.objects.exists()


@pytest.mark.django_db
def test_the_page_reads_in_arabic(net: Network) -> None:
    hit = _hit(net)
    de = signed_in_client(net.users["DE-officer"])
    page = de.get(f"/check/hits/{hit.pk}/report/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page and "Send the report to the owner" not in page


@pytest.mark.django_db
def test_the_cli_sends_and_shows_it_with_the_user_s_access(net: Network) -> None:
    from typer.testing import CliRunner

    from polnet import cli as polnet_cli

    hit = _hit(net)
    runner = CliRunner()
    when = (hit.at + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    common = ["--place", "Frankfurt", "--when", when, "--check", "specific_check", "--outcome", "seized"]
    refused = runner.invoke(
        polnet_cli.app, ["hits", "report", "send", str(hit.pk), "--as", "fr-officer", *common]
    )
    assert refused.exit_code == 2 and "Only the bureau of the country" in refused.output
    bad = runner.invoke(
        polnet_cli.app,
        ["hits", "report", "send", str(hit.pk), "--as", "de-officer", *common, "--transport", "boat"],
    )
    assert bad.exit_code == 2 and "transport" in bad.output and not HitReport.objects.exists()
    sent = runner.invoke(
        polnet_cli.app,
        [
            "hits",
            "report",
            "send",
            str(hit.pk),
            "--as",
            "de-officer",
            *common,
            "--items",
            "A pistol",
            "--seized",
        ],
    )
    assert sent.exit_code == 0, sent.output
    assert HitReport.objects.get().items_seized is True
    shown = runner.invoke(polnet_cli.app, ["hits", "report", "show", str(hit.pk), "--as", "fr-officer"])
    assert shown.exit_code == 0 and '"items": "A pistol"' in shown.output
    hidden = runner.invoke(polnet_cli.app, ["hits", "report", "show", str(hit.pk), "--as", "it-officer"])
    assert hidden.exit_code == 2 and "no such hit report" in hidden.output


@pytest.mark.django_db
def test_on_a_secretariat_notice_the_secretariat_s_readers_are_the_owner(net: Network) -> None:
    """A hit on a notice of the secretariat has no owner country: its readers read the report
    and are offered to write to the reporting bureau, which writes to the secretariat."""
    hit = Hit(pk=1, kind="notice", record_id=1, owner_country_id=None, screening_country_id="DE")
    report = HitReport(hit=hit, reporting_country_id="DE")
    for reader in ("gs-reviewer", "gs-analyst", "DE-officer"):
        assert hit_reports.may_read(net.actor(reader), hit), reader
    for outsider in ("gs-sysadmin", "IT-officer", "DE-unit-full"):
        assert not hit_reports.may_read(net.actor(outsider), hit), outsider
    assert hit_reports.counterpart_address(net.actor("gs-reviewer"), hit, report) == "bureau:DE"
    assert hit_reports.counterpart_address(net.actor("DE-officer"), hit, report) == "secretariat"
    # A bureau's report on a hit on its own record has nobody else to write to.
    own = Hit(pk=2, kind="person", record_id=1, owner_country_id="DE", screening_country_id="DE")
    assert (
        hit_reports.counterpart_address(
            net.actor("DE-officer"), own, HitReport(hit=own, reporting_country_id="DE")
        )
        == ""
    )


@pytest.mark.django_db(transaction=True)
def test_two_officers_sending_at_once_one_wins_the_other_is_told(net: Network) -> None:
    from tests.races import race

    hit = _hit(net)
    names = ["DE-officer", "DE-admin"]

    def send(n: int) -> str:
        try:
            hit_reports.create_report(net.actor(names[n]), hit.pk, _data(hit, remarks=names[n]), [PNG])
        except Conflict as exc:
            return exc.code
        return "sent"

    assert sorted(race(2, send)) == ["hit_report_exists", "sent"]
    assert HitReport.objects.count() == 1 and HitReportPhoto.objects.count() == 1
