"""The console is offered to data-protection officers: a menu link and a home panel."""

from __future__ import annotations

import pytest

from tests.factories import Network, signed_in_client


@pytest.mark.parametrize("user", ["FR-dpo", "gs-dpo"])
def test_officers_get_the_link_and_the_panel(net: Network, user: str) -> None:
    html = signed_in_client(net.users[user]).get("/").content.decode()
    assert 'href="/dataprotection/console/"' in html and "dp-home" in html
    assert signed_in_client(net.users[user]).get("/dataprotection/console/").status_code == 200


@pytest.mark.parametrize("user", ["FR-officer", "gs-reviewer", "gs-sysadmin"])
def test_others_do_not(net: Network, user: str) -> None:
    client = signed_in_client(net.users[user])
    html = client.get("/", follow=True).content.decode()
    assert "/dataprotection/console/" not in html
    assert client.get("/dataprotection/console/").status_code == 403
