"""Unread and urgent messages show outside the mailbox: a count beside "Messages" in the header
on every page, and a panel on the bureau's home page; each person's own reading counts."""

from __future__ import annotations

import pytest

from polnet.messaging.alerts import mailbox_alerts
from polnet.messaging.envelope import Draft
from tests.factories import Network, signed_in_client
from tests.messaging.helpers import clients


@pytest.mark.django_db
def test_unread_and_urgent_messages_show_in_the_header_and_on_the_home_page(net: Network) -> None:
    fr, de = clients(net, "FR-officer", "DE-officer")
    browser = de.t.client  # the same signed-in session as the mailbox client
    page = browser.get("/").content.decode()
    assert 'id="mail-panel"' in page and "nav-count" not in page and "No unread messages." in page

    fr.send(Draft(subject="Routine", body="b", to=["bureau:DE"]))
    fr.send(Draft(subject="Lorry tonight", body="b", to=["bureau:DE"], priority="urgent"))
    assert mailbox_alerts(net.actor("DE-officer")) == mailbox_alerts(net.actor("DE-officer"))
    alerts = mailbox_alerts(net.actor("DE-officer"))
    assert (alerts.unread, alerts.urgent, alerts.has_mailbox) == (2, 1, True)

    home = browser.get("/").content.decode()
    assert 'class="nav-count urgent"' in home and "2 unread, 1 urgent" in home
    assert "2 unread messages" in home and 'role="alert"' in home
    records = browser.get("/records/").content.decode()
    assert 'class="nav-count urgent"' in records  # on every page, not only at home
    assert mailbox_alerts(net.actor("FR-officer")).unread == 0  # the sender's copy is not news

    [(message, _)] = [m for m in de.box("inbox") if m[1].content["subject"] == "Lorry tonight"]
    de.read(message["id"])
    alerts = mailbox_alerts(net.actor("DE-officer"))
    assert (alerts.unread, alerts.urgent) == (1, 0)
    home = browser.get("/").content.decode()
    assert 'class="nav-count"' in home and "urgent" not in home.split('id="mail-panel"')[1][:600]


@pytest.mark.django_db
def test_a_bureau_whose_mailbox_is_not_set_up_is_told_how(net: Network) -> None:
    page = signed_in_client(net.users["IT-officer"]).get("/").content.decode()
    assert "not set up yet" in page
    assert mailbox_alerts(net.actor("IT-officer")).has_mailbox is False
    assert mailbox_alerts(net.actor("gs-reviewer")).unread == 0  # no mailbox at the secretariat
