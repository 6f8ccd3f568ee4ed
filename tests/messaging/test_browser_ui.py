"""The web pages in Chromium against a live server, with Python clients on the other side."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_otp.oath import totp

from polnet.messaging.envelope import Attachment, Draft
from polnet.messaging.models import Message
from polnet.network.models import User
from polnet.network.services import add_totp_device
from tests.factories import PASSWORD, Network, network
from tests.messaging.helpers import client_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WAIT = 20_000  # ms; the inbox polls every 5 s


@pytest.fixture
def world(chromium: Any, transactional_db: None, live_server: Any) -> tuple[Network, str]:
    return network(), live_server.url


def _sign_in(chromium: Any, base: str, user: User) -> tuple[Any, list[str]]:
    device = add_totp_device(user)
    context = chromium.new_context(accept_downloads=True)
    page = context.new_page()
    posted: list[str] = []
    page.on("pageerror", lambda e: print("page error:", e))
    page.on(
        "request", lambda r: posted.append(f"{r.url} {r.post_data or ''}") if "/login/" not in r.url else None
    )
    page.goto(base + "/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6):06d}")
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(base + "/")
    return page, posted


def _unlock(page: Any, base: str, path: str = "/messages/") -> None:
    page.goto(base + path)
    page.wait_for_selector("#unlock-password", state="visible")
    page.fill("#unlock-password", PASSWORD)
    page.click("#unlock-form button[type=submit]")
    page.wait_for_selector("#app", state="visible", timeout=WAIT)


def test_browser_and_python_exchange_messages(chromium: Any, world: tuple[Network, str]) -> None:
    net, base = world
    de = client_for(net.users["DE-officer"])
    page, posted = _sign_in(chromium, base, net.users["FR-officer"])
    _unlock(page, base)

    # Python -> browser, arriving in the open inbox without a reload
    sent = de.send(
        Draft(
            subject="Convoy seen near Kehl",
            body="Three vans, plates on file.\nPlease confirm.",
            to=["bureau:FR"],
            priority="urgent",
            handling="H1",
            evaluation={"source": "B", "accuracy": "2"},
            attachments=[Attachment("plates.txt", b"AB-123-CD\nEF-456-GH", "text/plain")],
        )
    )
    row = page.locator(f"#m-{sent['id']}")
    row.wait_for(timeout=WAIT)
    assert "Convoy seen near Kehl" in row.inner_text() and "Signature verified" in row.inner_text()
    row.get_by_role("link").click()
    page.wait_for_selector(f"article#m-{sent['id']} .body", timeout=WAIT)
    article = page.locator(f"article#m-{sent['id']}")
    assert "Three vans, plates on file." in article.inner_text()
    assert "not for court use" in article.locator(".court").inner_text()
    with page.expect_download() as download:
        article.locator("button.download").click()
    assert download.value.suggested_filename == "H1-NOT-FOR-COURT-USE_plates.txt"
    with open(download.value.path(), "rb") as fh:
        assert fh.read() == b"AB-123-CD\nEF-456-GH"
    de.sync_mailbox()
    [(m, _)] = de.box("sent")
    assert m["deliveries"][0]["read_at"] is not None  # the page sent a read receipt

    # browser -> Python, with an attachment encrypted in the page
    page.goto(base + "/messages/compose/")
    page.wait_for_selector("#to-bureau-DE", timeout=WAIT)
    page.check("#to-bureau-DE")
    page.fill("#subject", "Réponse — الرد")
    page.fill("#body", "Vans stopped at 23:10.")
    page.select_option("#priority", "urgent")
    page.select_option("#handling", "H2")
    page.select_option("#source", "A")
    page.set_input_files(
        "#attachments",
        files=[
            {"name": "report.bin", "mimeType": "application/octet-stream", "buffer": bytes(range(256)) * 100}
        ],
    )
    page.click("#compose button[type=submit]")
    page.wait_for_url(re.compile(r"/messages/thread/"), timeout=WAIT)
    inbox = {o.content["subject"]: (msg, o) for msg, o in de.box("inbox") if o.content}
    msg, opened = inbox["Réponse — الرد"]
    assert opened.status == "valid" and opened.content["body"] == "Vans stopped at 23:10."
    assert opened.header["handling"] == "H2" and opened.header["priority"] == "urgent"
    assert opened.header["reply_by"] is not None and opened.content["evaluation"]["source"] == "A"
    assert de.attachment(opened, msg["id"], 0) == bytes(range(256)) * 100

    # a message altered on the server is shown as such, not as valid
    stored = Message.objects.get(uuid=sent["id"])
    data = bytearray(stored.content)
    data[40] ^= 1
    stored.content = bytes(data)
    stored.save()
    page.goto(f"{base}/messages/thread/{sent['thread']}/")
    article = page.locator(f"article#m-{sent['id']}")
    article.locator(".badge.status-tampered").wait_for(timeout=WAIT)
    assert "Three vans" not in article.inner_text()

    # the password never left the browser on the messaging pages
    assert not [p for p in posted if PASSWORD in p]


def test_h2_forwarding_and_key_sharing_in_the_browser(chromium: Any, world: tuple[Network, str]) -> None:
    net, base = world
    de, it = client_for(net.users["DE-officer"]), client_for(net.users["IT-officer"])
    page, _ = _sign_in(chromium, base, net.users["FR-officer"])
    _unlock(page, base)

    # a colleague joins the FR mailbox; the page offers to share the key, with its fingerprint
    colleague = client_for(net.users["FR-admin"])
    assert colleague.mailbox_keys == {}
    page.goto(base + "/messages/")
    share = page.locator("#pending-list li[data-user=fr-admin] button")
    share.wait_for(timeout=WAIT)
    share.click()
    page.locator("#pending-list li[data-user=fr-admin]").get_by_text("Shared.").wait_for(timeout=WAIT)
    colleague.sync_mailbox()
    assert 1 in colleague.mailbox_keys

    sent = de.send(
        Draft(subject="Informant details", body="Do not pass on.", to=["bureau:FR"], handling="H2")
    )
    page.goto(f"{base}/messages/thread/{sent['thread']}/")
    box = page.locator(f"article#m-{sent['id']} .forward-box")
    box.wait_for(timeout=WAIT)
    box.locator("select").select_option("bureau:IT")
    box.locator("button.forward").click()
    # The refusal shows in the box's status line (the hint below the buttons says the same
    # from the start): wait for the answer itself before asking for permission.
    box.locator("[role=status]").get_by_text("needs the sender's permission", exact=False).wait_for(
        timeout=WAIT
    )
    assert it.call("GET", "/inbox") == []
    box.locator("button.ask").click()
    box.get_by_text("Permission requested.").wait_for(timeout=WAIT)
    [request] = de.call("GET", "/forward-requests")["to_decide"]
    de.decide(request["id"], True)
    box.locator("button.forward").click()
    box.get_by_text("Forwarded.").wait_for(timeout=WAIT)
    message, opened = it.read(sent["id"])
    assert opened.status == "valid" and opened.content["body"] == "Do not pass on."
    assert message["forwarded_by"] == "fr-officer"

    # the forwarding page shows the request as used, in the user's language
    page.goto(base + "/messages/forwarding/")
    page.locator(f"#made #req-{request['id']}").get_by_text("Used").wait_for(timeout=WAIT)
