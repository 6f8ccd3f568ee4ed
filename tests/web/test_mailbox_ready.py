"""A bureau or unit can receive messages from its first member's first sign-in on.

The new member's browser makes their keys and the mailbox key during the sign-in, so that
another bureau's client can seal a message to it at once, and the member opens it. Before
that, a sender is told plainly who cannot receive and why. Real crypto on both sides.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from polnet.core.actor import Role
from polnet.core.errors import InvalidInput
from polnet.messaging import envelope as env
from polnet.messaging import services
from polnet.messaging.client import ApiError
from polnet.messaging.envelope import Draft
from polnet.messaging.models import KeyGrant, MailboxKey, UserKey
from polnet.network.models import User
from polnet.network.services import create_user, reset_sign_in
from tests.factories import PASSWORD, Network
from tests.messaging.helpers import client_for
from tests.web.conftest import NARROW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 20_000  # ms


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _first_sign_in(
    tab: Any, user: User, password: str = PASSWORD, new_password: str = "", start: str = "/login/"
) -> list[str]:
    """Password, then the authenticator's enrolment; returns every request body sent after it."""
    posted: list[str] = []
    tab.page.on("request", lambda r: posted.append(r.post_data or "") if "/login/" not in r.url else None)
    tab.go(start)
    tab.page.fill("#id_username", user.username)
    tab.page.fill("#id_password", password)
    tab.page.locator("form[action='/login/'] button[type=submit]").click()
    tab.page.wait_for_url("**/login/enrol/")
    if new_password:
        tab.page.fill("#id_new_password", new_password)
        tab.page.fill("#id_new_password_again", new_password)
    tab.page.fill("#id_otp_token", _code(TOTPDevice.objects.get(user=user, confirmed=False)))
    tab.page.locator("form[action='/login/enrol/'] button[type=submit]").click()
    tab.page.wait_for_url(lambda url: "/login/" not in url)
    tab.page.wait_for_selector("body[data-message-keys]", state="attached", timeout=WAIT)
    assert tab.page.get_attribute("body", "data-message-keys") == "ready"
    return posted


def _mailbox_key(address: str) -> MailboxKey | None:
    return MailboxKey.objects.filter(mailbox__address=address, retired_at__isnull=True).first()


def _refused_before(sender: Any, address: str, name: str) -> None:
    with pytest.raises(ApiError) as refused:
        sender.prepare(Draft(subject="x", body="y", to=[address]))
    assert f"{name} ({address}) cannot receive yet: none of its members has signed in." in str(refused.value)


def test_first_sign_in_makes_the_bureau_able_to_receive(net: Network, tab_factory: Any) -> None:
    de = client_for(net.users["DE-officer"])
    assert _mailbox_key("bureau:ES") is None
    _refused_before(de, "bureau:ES", "NCB Spain")
    # The server says the same, by name, if a sender skips the check.
    wraps = [services.WrapIn("bureau:ES", 1, "x"), services.WrapIn("bureau:DE", 1, "x")]
    with pytest.raises(InvalidInput) as refused:
        services.check_wraps(wraps, ["bureau:ES", "bureau:DE"], "wraps")
    assert refused.value.code == "recipient_without_key"
    assert str(refused.value.message) == "NCB Spain cannot receive yet: none of its members has signed in."

    newcomer = create_user(
        net.actor("ES-admin"),
        username="es-newcomer",
        password=PASSWORD,
        role=Role.BUREAU_OFFICER,
        bureau=net.bureaus["ES"],
    )
    tab = tab_factory()
    posted = _first_sign_in(tab, newcomer)
    tab.shot("mailbox-ready-01-home-en")

    key = _mailbox_key("bureau:ES")
    assert key is not None and key.version == 1
    mine = UserKey.objects.get(user=newcomer)
    assert key.created_by_key == mine
    assert KeyGrant.objects.filter(mailbox_key=key, user_key=mine).exists()
    assert posted and not any(PASSWORD in body for body in posted)  # the password stayed in the tab

    draft = Draft(subject="Convoy towards Irun", body="Two lorries, plates on file.", to=["bureau:ES"])
    sent = de.send(draft)

    # The mailbox pages open without asking for the password again in this tab.
    tab.go("/messages/")
    tab.page.wait_for_selector("#app", state="visible", timeout=WAIT)
    assert tab.page.locator("#unlock").is_hidden()
    row = tab.page.locator(f"#m-{sent['id']}")
    row.wait_for(timeout=WAIT)
    assert "Convoy towards Irun" in row.inner_text() and "Signature verified" in row.inner_text()
    row.get_by_role("link").click()
    tab.page.wait_for_selector(f"article#m-{sent['id']} .body", timeout=WAIT)
    assert "Two lorries, plates on file." in tab.page.locator(f"article#m-{sent['id']}").inner_text()
    tab.shot("mailbox-ready-02-opened-en")


def test_first_sign_in_of_a_unit_member_in_arabic_on_a_phone(net: Network, tab_factory: Any) -> None:
    es = client_for(net.users["ES-admin"])
    _refused_before(es, f"unit:{net.units['ES-full'].pk}", "ES full")
    with translation.override("ar"):
        wraps = [services.WrapIn("bureau:IT", 1, "x")]
        with pytest.raises(InvalidInput) as refused:
            services.check_wraps(wraps, ["bureau:IT"], "wraps")
        assert str(refused.value.message).startswith("لا يمكن لـ NCB Italy الاستلام بعد")

    newcomer = create_user(
        net.actor("ES-admin"),
        username="es-unit-newcomer",
        password=PASSWORD,
        role=Role.UNIT_OFFICER,
        unit=net.units["ES-full"],
    )
    tab = tab_factory(viewport=NARROW, locale="ar")
    _first_sign_in(tab, newcomer)
    assert tab.page.get_attribute("html", "dir") == "rtl"
    address = f"unit:{net.units['ES-full'].pk}"
    assert _mailbox_key(address) is not None

    es = client_for(net.users["ES-admin"])  # a fresh directory
    sent = es.send(Draft(subject="تنبيه: مركبة مطلوبة", body="سيارة بيضاء، اللوحة مسجلة.", to=[address]))
    tab.go("/messages/")
    row = tab.page.locator(f"#m-{sent['id']}")
    row.wait_for(timeout=WAIT)
    assert "تنبيه: مركبة مطلوبة" in row.inner_text()
    tab.shot("mailbox-ready-03-unit-inbox-ar-390")


def test_a_later_member_keeps_the_existing_mailbox_key(net: Network, tab_factory: Any) -> None:
    """The first member made it: a newcomer makes only their own keys and waits to be shared it."""
    client_for(net.users["IT-officer"])  # unlocks: the mailbox key exists
    first = _mailbox_key("bureau:IT")
    newcomer = create_user(
        net.actor("IT-admin"),
        username="it-newcomer",
        password=PASSWORD,
        role=Role.BUREAU_OFFICER,
        bureau=net.bureaus["IT"],
    )
    _first_sign_in(tab_factory(), newcomer)
    assert _mailbox_key("bureau:IT") == first
    assert UserKey.objects.filter(user=newcomer).exists()
    assert not KeyGrant.objects.filter(user_key__user=newcomer).exists()
    colleague = client_for(net.users["IT-officer"])
    assert [p["username"] for p in colleague.state["pending"]] == ["it-newcomer"]


def test_after_a_reset_the_keys_are_locked_with_the_new_password(net: Network, tab_factory: Any) -> None:
    """A member who never opened the mailbox is reset: the new password typed at enrolment
    locks the keys the browser makes, and the mailbox key is sealed to them."""
    user = net.users["ES-dpo"]
    temporary = "Provisional-Harbour-7731"
    reset_sign_in(net.actor("ES-admin"), user, temporary_password=temporary)
    posted = _first_sign_in(tab_factory(), user, password=temporary, new_password=PASSWORD)
    assert not any(PASSWORD in body or temporary in body for body in posted)

    stored = UserKey.objects.get(user=user)
    record = {
        f: getattr(stored, f) for f in ("version", "enc_public", "sign_public", "kdf", "kdf_iterations")
    }
    record |= {"kdf_salt": stored.kdf_salt, "encrypted_private": stored.encrypted_private}
    with pytest.raises(env.EnvelopeError):
        env.unlock_user_keys(record, temporary, user.pk)
    keys = env.unlock_user_keys(record, PASSWORD, user.pk)
    key = _mailbox_key("bureau:ES")
    assert key is not None
    grant = KeyGrant.objects.get(mailbox_key=key, user_key=stored)
    context = env.grant_context("bureau:ES", key.version, user.pk, stored.version)
    private = env.open_sealed(keys.enc_private, env.b64d(grant.wrapped), context)
    assert env.b64e(env.x25519_public(private)) == key.public


def test_the_sender_sees_who_cannot_receive_yet_in_french(net: Network, tab_factory: Any) -> None:
    newcomer = create_user(
        net.actor("FR-admin"),
        username="fr-newcomer",
        password=PASSWORD,
        role=Role.BUREAU_OFFICER,
        bureau=net.bureaus["FR"],
    )
    tab = tab_factory(locale="fr-FR")
    # Straight to a messaging page after the first sign-in: it opens without asking again.
    _first_sign_in(tab, newcomer, start="/login/?next=/messages/compose/")
    assert tab.page.url.endswith("/messages/compose/")
    tab.page.wait_for_selector("#app", state="visible", timeout=WAIT)
    assert tab.page.locator("#unlock").is_hidden()
    label = tab.page.locator("#recipients label", has=tab.page.locator("input[value='bureau:IT']"))
    label.wait_for(timeout=WAIT)
    assert (
        "ne peut pas encore recevoir : aucun de ses membres ne s'est encore connecté." in label.inner_text()
    )
    assert tab.page.locator("input[value='bureau:IT']").is_disabled()
    tab.shot("mailbox-ready-04-compose-fr")
