"""Certificates: the PDF read back, who may download and revoke, public verification and its
limit, renewals due and the reminder job."""

from __future__ import annotations

import io
import unicodedata
from datetime import timedelta

import pypdf
import pytest
from django.test import Client
from django.utils import timezone

from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.network.models import User
from polnet.training.certificates import pdf, services, throttle
from polnet.training.models import Certificate
from tests.factories import Network, signed_in_client
from tests.training.factories_certs import certify, make_course

pytestmark = pytest.mark.django_db


def _named(user: User, first: str, last: str) -> User:
    user.first_name, user.last_name = first, last
    user.save()
    return user


def _text(data: bytes) -> str:
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    return unicodedata.normalize("NFKC", page.extract_text())


@pytest.mark.parametrize(
    ("first", "last"),
    [("Amina", "Benali"), ("أمينة", "بن علي"), ("小明", "王"), ("民俊", "김")],
)
def test_pdf_shows_holder_course_code_and_verification_address(net: Network, first: str, last: str) -> None:
    holder = _named(net.users["FR-officer"], first, last)
    course = make_course(net.users["FR-admin"], title="Handling police data", bureau=net.bureaus["FR"])
    cert = certify(holder, course)
    text = _text(pdf.render(cert, "https://polnet.example"))
    assert cert.holder_name in text
    assert "Handling police data" in text
    assert cert.code in text
    assert f"https://polnet.example/verify/{cert.code}/" in text
    assert net.bureaus["FR"].name in text  # the issuing party
    assert "90%" in text


def test_download_by_holder_manager_and_secretariat_only(net: Network) -> None:
    course = make_course(net.users["gs-reviewer"])
    cert = certify(net.users["FR-unit-full"], course)
    for name in ("FR-unit-full", "FR-admin", "gs-reviewer"):
        _name, data = services.download(net.actor(name), cert.pk, "https://x")
        assert cert.code in _text(data), name
    for name in ("DE-admin", "FR-officer", "gs-analyst"):
        with pytest.raises(NotFound):
            services.download(net.actor(name), cert.pk, "https://x")
    assert (
        AuditEntry.objects.filter(object_type="certificate", object_id=str(cert.pk), action="export").count()
        == 3
    )


def test_download_page_gives_the_pdf(net: Network) -> None:
    cert = certify(net.users["FR-officer"], make_course(net.users["gs-reviewer"]))
    client = signed_in_client(net.users["FR-officer"])
    page = client.get("/training/certificates/")
    assert page.status_code == 200 and cert.code in page.content.decode()
    response = client.get(f"/training/certificates/{cert.pk}/certificate.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert f"http://testserver/verify/{cert.code}/" in _text(response.content)
    other = signed_in_client(net.users["DE-officer"])
    assert other.get(f"/training/certificates/{cert.pk}/certificate.pdf").status_code == 404


def test_revoke_by_issuer_with_reason_audited(net: Network) -> None:
    course = make_course(net.users["FR-admin"], bureau=net.bureaus["FR"])
    cert = certify(net.users["FR-officer"], course)
    with pytest.raises(NotFound):
        services.revoke(net.actor("DE-admin"), cert.pk, "fraud")
    with pytest.raises(Forbidden):
        services.revoke(net.actor("FR-officer"), cert.pk, "fraud")
    with pytest.raises(InvalidInput):
        services.revoke(net.actor("FR-admin"), cert.pk, "  ")
    services.revoke(net.actor("FR-admin"), cert.pk, "Exam taken by someone else")
    cert.refresh_from_db()
    assert cert.revoked_reason == "Exam taken by someone else"
    assert services.verify(cert.code).state == "revoked"
    assert AuditEntry.objects.filter(
        action="revoke", object_type="certificate", object_id=str(cert.pk)
    ).exists()
    with pytest.raises(Conflict):
        services.revoke(net.actor("gs-reviewer"), cert.pk, "again")


def test_verification_states_and_nothing_more(net: Network) -> None:
    course = make_course(net.users["gs-reviewer"], title="Border checks")
    valid = certify(net.users["FR-officer"], course)
    expired = certify(net.users["DE-officer"], course, expired=True)
    revoked = certify(net.users["IT-officer"], course, revoked=True)
    assert services.verify(valid.code).state == "valid"
    assert services.verify(expired.code).state == "expired"
    assert services.verify(revoked.code).state == "revoked"
    result = services.verify(valid.code)
    assert (result.genuine, result.holder_name, result.course_title) == (
        True,
        valid.holder_name,
        "Border checks",
    )
    assert set(vars(result)) == {"genuine", "holder_name", "course_title", "issued", "valid_until", "state"}
    assert services.verify("PN-AAAA-BBBB-CCCC") == services.Verification(genuine=False)
    assert services.verify("") == services.Verification(genuine=False)


def test_codes_are_read_whatever_the_case_spaces_and_dashes(net: Network) -> None:
    cert = certify(net.users["FR-officer"], make_course(net.users["gs-reviewer"]))
    body = cert.code.replace("-", "")
    for typed in (cert.code.lower(), f" {body[:6]} {body[6:]} ", body[2:], "pn\u2013" + body[2:].lower()):
        assert services.verify(typed).genuine, typed


def test_public_page_answers_without_sign_in_and_audits(net: Network) -> None:
    holder = _named(net.users["FR-officer"], "Claire", "Dubois")
    cert = certify(holder, make_course(net.users["gs-reviewer"], title="Border checks"))
    client = Client()
    page = client.get(f"/verify/{cert.code.lower()}/", HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Claire Dubois" in html and "Border checks" in html
    assert "fr-officer" not in html  # no username, no bureau, no e-mail
    unknown = client.get("/verify/?code=PN-AAAA-BBBB-CCCC").content.decode()
    assert cert.holder_name not in unknown
    assert client.get("/verify/").status_code == 200
    assert AuditEntry.objects.filter(object_type="certificate_verification").count() == 2


def test_a_burst_of_guesses_gets_429(net: Network) -> None:
    client = Client()
    statuses = [client.get(f"/verify/PN-AAAA-BBBB-{n:04d}/").status_code for n in range(throttle.LIMIT + 1)]
    assert statuses[:-1] == [200] * throttle.LIMIT
    assert statuses[-1] == 429
    # Another address is not slowed.
    assert Client(REMOTE_ADDR="192.0.2.7").get("/verify/PN-AAAA-BBBB-CCCC/").status_code == 200


def test_renewals_due_and_reminded_once(net: Network) -> None:
    course = make_course(net.users["gs-reviewer"], title="Soon")
    other = make_course(net.users["gs-reviewer"], title="Later")
    renewed = make_course(net.users["gs-reviewer"], title="Renewed")
    officer = net.users["FR-officer"]
    soon = certify(officer, course)
    soon.valid_until = timezone.localdate() + timedelta(days=30)
    soon.save()
    certify(officer, other)  # 24 months ahead
    old = certify(officer, renewed, expired=True)
    old.issued_at = timezone.now() - timedelta(days=800)
    old.save()
    certify(officer, renewed)
    lapsed = certify(officer, make_course(net.users["gs-reviewer"], title="Lapsed"), expired=True)
    certify(officer, make_course(net.users["gs-reviewer"], title="Withdrawn"), revoked=True)
    due = services.renewals_due(net.actor("FR-officer"))
    assert [c.pk for c in due] == [lapsed.pk, soon.pk]
    from polnet.training.tasks import remind_certificate_renewals

    assert remind_certificate_renewals.call() == 1  # the expired one is past reminding
    assert remind_certificate_renewals.call() == 0
    soon.refresh_from_db()
    assert soon.renewal_reminded_at is not None
    assert AuditEntry.objects.filter(action="renewal_reminded", object_id=str(soon.pk)).count() == 1
    assert Certificate.objects.filter(renewal_reminded_at__isnull=False).count() == 1


def test_command_line_lists_and_revokes(net: Network) -> None:
    import json

    from typer.testing import CliRunner

    from polnet.training.certificates.cli import app

    course = make_course(net.users["FR-admin"], bureau=net.bureaus["FR"])
    cert = certify(net.users["FR-officer"], course)
    runner = CliRunner()
    listed = runner.invoke(app, ["list", "--as", "fr-admin"])
    assert listed.exit_code == 0 and [c["code"] for c in json.loads(listed.stdout)] == [cert.code]
    refused = runner.invoke(app, ["revoke", str(cert.pk), "--reason", "fraud", "--as", "de-admin"])
    assert refused.exit_code == 1
    done = runner.invoke(app, ["revoke", str(cert.pk), "--reason", "fraud", "--as", "fr-admin"])
    assert done.exit_code == 0 and services.verify(cert.code).state == "revoked"


@pytest.mark.parametrize("language", ["ar", "en", "es", "fr"])
def test_pages_read_in_each_language(net: Network, language: str) -> None:
    cert = certify(net.users["FR-officer"], make_course(net.users["gs-reviewer"]))
    html = Client().get(f"/verify/{cert.code}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'lang="{language}"' in html and ('dir="rtl"' in html) == (language == "ar")
    words = {
        "ar": "هذه الشهادة أصلية.",
        "en": "This certificate is genuine.",
        "es": "Este certificado es auténtico.",
    }
    words["fr"] = "Ce certificat est authentique."
    assert words[language] in html
    mine = signed_in_client(net.users["FR-officer"]).get(
        "/training/certificates/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert mine.status_code == 200 and cert.code in mine.content.decode()
