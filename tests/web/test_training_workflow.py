"""The learning centre end to end, in a real browser: the bureau requires a course before its
officers search the databases; an officer is refused and told where to go, takes the course,
passes the quiz, downloads the certificate, a stranger verifies it on the public page, and
the officer then searches the database the certificate opened."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from polnet.core.actor import Gated
from polnet.training.certificates import requirements
from polnet.training.certificates.models import Certificate
from tests.factories import Network, make_record
from tests.training.learning_helpers import make_course, secretariat_trainer
from tests.web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_earns_the_certificate_that_opens_the_database(net: Network, tab_factory: Any) -> None:
    course = make_course(
        secretariat_trainer(), "Rules on the processing of data", lessons=1, questions=3, per_attempt=2
    )
    requirements.add_requirement(net.actor("FR-admin"), course.pk, Gated.CONSULT)
    make_record(net.actor("DE-officer"), "person")  # Ivanov, shared with every member
    officer = net.users["FR-officer"]

    tab = tab_factory()
    sign_in(tab, officer)
    # Refused, with the course named and the way to it.
    response = tab.go("/records/person/")
    assert response.status == 403
    refusal = tab.page.inner_text("main")
    assert "Rules on the processing of data" in refusal and "/training/courses/" in refusal
    banner = tab.page.locator("section.holds a")
    assert banner.get_attribute("href") == f"/training/courses/{course.pk}/"
    tab.shot("training-01-refused-until-certified")

    # The course: enrol, read the lesson, pass the quiz.
    banner.click()
    tab.page.click("#my-progress button[type=submit]")
    tab.page.wait_for_selector("#course-modules a")
    tab.page.click("#course-modules li:nth-child(1) a")
    with tab.page.expect_navigation():
        tab.page.click("form[action='done/'] button")
    tab.go(f"/training/courses/{course.pk}/?stay=1")
    tab.page.click("#course-modules li:nth-child(2) a")
    tab.page.click("form[action='attempts/'] button")
    tab.page.wait_for_selector("#quiz-form")
    for label in tab.page.locator("#quiz-form label").all():
        if label.inner_text().strip().startswith("right"):
            label.click()
    tab.page.click("#quiz-form button[type=submit]")
    tab.page.wait_for_selector("#attempt-result")
    assert "100" in tab.page.inner_text("#attempt-result")
    tab.shot("training-02-quiz-passed")

    # The certificate: listed, downloaded as a PDF that names the holder, course and code.
    certificate = Certificate.objects.get(user=officer)
    tab.go("/training/certificates/")
    link = tab.page.locator(f"a[href='/training/certificates/{certificate.pk}/certificate.pdf']")
    pdf = tab.context.request.get(tab.base_url + link.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    assert certificate.code in text and "Rules on the processing of data" in text and officer.username in text
    tab.shot("training-03-certificates")

    # Anyone may check it on the public page, without signing in.
    stranger = tab_factory(locale="fr-FR")
    stranger.go(f"/verify/{certificate.code.lower().replace('-', ' ')}/")
    verdict = stranger.page.inner_text("main")
    assert re.search(r"authentique|genuine", verdict) and "Rules on the processing of data" in verdict
    stranger.shot("training-04-verified")

    # The database opens: the list shows the shared record, and no banner remains.
    response = tab.go("/records/person/")
    assert response.status == 200
    assert "Ivanov" in tab.page.inner_text("main")
    assert tab.page.locator("section.holds").count() == 0
    tab.shot("training-05-database-open")
