"""An operation's thread in Chromium: a participant writes from the operation's page, and the
other bureau reads it in the thread, both with the keys opened in their browsers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from polnet.messaging.models import Message
from polnet.operations.models import Operation
from tests.factories import Network, network
from tests.messaging.helpers import client_for
from tests.messaging.test_browser_ui import WAIT, _sign_in, _unlock
from tests.operations.helpers import plan

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def world(chromium: Any, transactional_db: None, live_server: Any) -> tuple[Network, str]:
    return network(), live_server.url


def test_a_participant_writes_from_the_operation_and_the_other_bureau_reads(
    chromium: Any, world: tuple[Network, str]
) -> None:
    net, base = world
    op = plan(net)
    client_for(net.users["DE-officer"])  # DE's mailbox key, so that FR can seal to it

    fr, _ = _sign_in(chromium, base, net.users["FR-officer"])
    _unlock(fr, base)
    fr.goto(f"{base}/operations/{op.pk}/")
    fr.click("#write-participants")
    fr.wait_for_selector("#to-bureau-DE", timeout=WAIT)
    assert fr.is_checked("#to-bureau-DE") and not fr.is_checked("#to-bureau-IT")
    assert fr.input_value("#reference") == f"operation:{op.pk}"
    fr.fill("#subject", "Quay 7 on Thursday")
    fr.fill("#body", "The reefer leaves with the Guayaquil consignment.")
    fr.click("#compose button[type=submit]")
    fr.wait_for_url(re.compile(r"/messages/thread/"), timeout=WAIT)
    sent = Message.objects.get()
    assert Operation.objects.get(pk=op.pk).message_thread == sent.thread
    assert b"Guayaquil" not in bytes(sent.content)

    de, _ = _sign_in(chromium, base, net.users["DE-officer"])
    _unlock(de, base)
    de.goto(f"{base}/operations/{op.pk}/messages/")
    de.click(f"#op-m-{sent.uuid} a")
    article = de.locator(f"article#m-{sent.uuid}")
    article.locator(".body").wait_for(timeout=WAIT)
    assert "The reefer leaves with the Guayaquil consignment." in article.inner_text()
    link = article.locator("a.reference")
    assert link.inner_text() == "Folosa" and link.get_attribute("href") == f"/operations/{op.pk}/"

    # The answer, from the same page, goes back into the one thread.
    de.goto(f"{base}/operations/{op.pk}/messages/")
    de.click("#write-participants")
    de.wait_for_selector("#to-bureau-FR:checked", timeout=WAIT)
    de.fill("#body", "Customs will be there.")
    de.click("#compose button[type=submit]")
    de.wait_for_url(re.compile(r"/messages/thread/"), timeout=WAIT)
    answer = Message.objects.exclude(pk=sent.pk).get()
    assert answer.thread == sent.thread and answer.in_reply_to_id == sent.pk
    assert answer.reference == f"operation:{op.pk}"
