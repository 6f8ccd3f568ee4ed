"""An operation's one encrypted thread: only its bureaus write, to each other, in one thread,
until it closes; with real cryptography on both sides and nothing readable on the server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from typer.testing import CliRunner

from polnet import cli as polnet_cli
from polnet.messaging import cli as messages_cli
from polnet.messaging.client import MessagingClient
from polnet.messaging.envelope import Draft
from polnet.messaging.models import Message
from polnet.messaging.transport import ApiError
from polnet.network.services import issue_token
from polnet.operations.models import Operation
from polnet.operations.plan import services
from tests.factories import PASSWORD, Network, signed_in_client
from tests.messaging.helpers import DjangoTransport, client_for
from tests.operations.helpers import DATES, observe, plan

SUBJECT = "Container CSQU3054383 at Valencia"
BODY = "The reefer leaves quay 7 on Thursday with the Guayaquil consignment."


def _about(op: Operation) -> str:
    return f"operation:{op.pk}"


def _refused(client: MessagingClient, draft: Draft) -> tuple[int, str]:
    with pytest.raises(ApiError) as refused:
        client.send(draft)
    return refused.value.status, str(refused.value.data["code"])


def _first(fr: MessagingClient, op: Operation, to: list[str] | None = None) -> dict[str, object]:
    return fr.send(Draft(subject=SUBJECT, body=BODY, to=to or ["bureau:DE"], reference=_about(op)))


def _reply(
    client: MessagingClient, parent: dict[str, object], op: Operation, to: list[str], body: str
) -> Draft:
    return Draft(
        subject="Re",
        body=body,
        to=to,
        in_reply_to=str(parent["id"]),
        thread=str(parent["thread"]),
        reference=_about(op),
    )


def _cells() -> Iterator[object]:
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f'SELECT * FROM "{table}"')
            for row in cur.fetchall():
                yield from row


@pytest.mark.django_db
def test_participants_write_and_read_in_the_operation_s_one_thread(net: Network) -> None:
    op = plan(net)
    fr, de = client_for(net.users["FR-officer"]), client_for(net.users["DE-officer"])

    sent = _first(fr, op)
    op.refresh_from_db()
    assert str(op.message_thread) == sent["thread"] == sent["id"]  # the first message starts it

    [(message, opened)] = de.box("inbox")
    assert opened.status == "valid" and opened.content is not None
    assert opened.content["subject"] == SUBJECT and opened.content["body"] == BODY
    assert opened.header["ref"] == _about(op)
    assert message["reference_label"] == "Folosa" and message["reference_url"] == f"/operations/{op.pk}/"

    answer = de.send(_reply(de, sent, op, ["bureau:FR"], "Customs will be at quay 7."))
    assert answer["thread"] == sent["thread"]
    about = fr.call("GET", f"/inbox?reference={_about(op)}")
    assert [m["id"] for m in about] == [answer["id"]]
    assert [m["reference_label"] for m in fr.call("GET", f"/threads/{sent['thread']}")] == ["Folosa"] * 2

    # The server holds the reference, the mailboxes and the thread, never the words.
    needles = ("CSQU3054383", "Guayaquil", "reefer", "quay 7", "Customs will be")
    found = [n for value in _cells() for n in needles if str(value).find(n) >= 0 or _in_bytes(value, n)]
    assert found == []
    assert Message.objects.filter(reference=_about(op)).count() == 2  # the scan saw the rows


def _in_bytes(value: object, needle: str) -> bool:
    return isinstance(value, memoryview | bytes | bytearray) and needle.encode() in bytes(value)


@pytest.mark.django_db
def test_outsiders_posts_and_other_recipients_are_refused(net: Network) -> None:
    op = plan(net)
    fr, de, it = (client_for(net.users[n]) for n in ("FR-officer", "DE-officer", "IT-officer"))
    post = client_for(net.users["DE-unit-full"])  # a post of the operation: it reads the plan
    client_for(net.users["gs-reviewer"])  # the secretariat's mailbox key
    draft = Draft(subject=SUBJECT, body=BODY, to=["bureau:FR"], reference=_about(op))

    assert _refused(it, draft) == (404, "operation_not_found")  # as if it did not exist
    assert _refused(post, Draft(subject="s", body="b", to=["bureau:DE"], reference=_about(op))) == (
        403,
        "operation_message_sender",
    )
    for to in (["bureau:DE", "bureau:IT"], ["bureau:DE", "secretariat"]):
        assert _refused(fr, Draft(subject="s", body="b", to=to, reference=_about(op))) == (
            403,
            "operation_message_recipient",
        ), to
    post_address = f"unit:{net.units['DE-full'].pk}"
    assert _refused(de, Draft(subject="s", body="b", to=[post_address], reference=_about(op))) == (
        403,
        "operation_message_recipient",
    )
    assert _refused(fr, Draft(subject="s", body="b", to=["bureau:DE"], reference="operation:999999")) == (
        404,
        "operation_not_found",
    )
    op.refresh_from_db()
    assert op.message_thread is None and not Message.objects.exists()


@pytest.mark.django_db
def test_every_later_message_replies_in_the_one_thread(net: Network) -> None:
    op = plan(net)
    services.set_participant(net.actor("FR-officer"), op, "IT", [])
    fr, de, it = (client_for(net.users[n]) for n in ("FR-officer", "DE-officer", "IT-officer"))
    first = _first(fr, op, ["bureau:DE", "bureau:IT"])

    # A second first message, from anyone, is refused: the thread exists.
    for client in (fr, de):
        assert _refused(client, Draft(subject="s", body="b", to=["bureau:IT"], reference=_about(op))) == (
            409,
            "operation_thread",
        )
    # A reply in another thread cannot take the operation's reference, nor drop it in its own.
    other = de.send(Draft(subject="Other", body="Unrelated.", to=["bureau:FR"]))
    assert _refused(fr, _reply(fr, other, op, ["bureau:DE"], "b")) == (422, "reply_reference")
    no_ref = _reply(it, first, op, ["bureau:FR"], "b")
    no_ref.reference = ""
    assert _refused(it, no_ref) == (422, "reply_reference")

    it.send(_reply(it, first, op, ["bureau:DE", "bureau:FR"], "Italy is in."))
    op.refresh_from_db()
    assert str(op.message_thread) == first["thread"]
    assert set(Message.objects.filter(reference=_about(op)).values_list("thread", flat=True)) == {
        op.message_thread
    }


@pytest.mark.django_db
def test_a_closed_operation_s_thread_is_read_only(net: Network) -> None:
    op = plan(net)
    fr, de = client_for(net.users["FR-officer"]), client_for(net.users["DE-officer"])
    first = _first(fr, op)
    services.move_phase(net.actor("FR-officer"), op, "closed")
    assert _refused(de, _reply(de, first, op, ["bureau:FR"], "Too late.")) == (
        409,
        "operation_messages_closed",
    )
    [(_, opened)] = de.box("inbox")
    assert opened.content is not None and opened.content["body"] == BODY  # still read
    page = de.t.client.get(f"/operations/{op.pk}/messages/").content.decode()  # type: ignore[attr-defined]
    assert 'id="messages-closed"' in page and "write-participants" not in page and first["id"] in page


@pytest.mark.django_db
def test_the_secretariat_writes_when_it_coordinates(net: Network) -> None:
    gs_actor = net.actor("gs-reviewer")
    op = services.create_operation(gs_actor, code_name="Trigger", crime_area="firearms", **DATES)
    services.set_participant(gs_actor, op, "FR", [])
    gs, fr = client_for(net.users["gs-reviewer"]), client_for(net.users["FR-officer"])
    first = gs.send(Draft(subject="Brief", body="Start on the 1st.", to=["bureau:FR"], reference=_about(op)))
    fr.send(_reply(fr, first, op, ["secretariat"], "Ready."))
    [(_, opened)] = gs.box("inbox")
    assert opened.content is not None and opened.content["body"] == "Ready."


@pytest.mark.django_db
def test_the_first_message_locks_the_operation_s_row(net: Network) -> None:
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite serialises writers; the row lock is PostgreSQL's")
    op = plan(net)
    fr, _ = client_for(net.users["FR-officer"]), client_for(net.users["DE-officer"])
    with CaptureQueriesContext(connection) as queries:
        _first(fr, op)
    assert any(
        "FOR UPDATE" in q["sql"] and "operations_operation" in q["sql"] for q in queries.captured_queries
    )


@pytest.mark.django_db
def test_the_code_name_is_shown_only_to_those_who_may_see_the_operation(net: Network) -> None:
    op = plan(net)
    fr = client_for(net.users["FR-officer"])
    client_for(net.users["DE-officer"])
    _first(fr, op)
    # The bureau's data protection officer reads its mailbox but takes no part in operations.
    dpo = client_for(net.users["DE-dpo"])
    dpo.sync_mailbox()
    [message] = dpo.call("GET", "/inbox")
    assert message["reference"] == _about(op) and message["reference_label"] == ""


@pytest.mark.django_db
def test_the_operation_s_pages_list_the_thread_and_address_the_bureaus(net: Network) -> None:
    op = plan(net)
    services.set_participant(net.actor("FR-officer"), op, "IT", [])
    observe(net, op)
    fr = client_for(net.users["FR-officer"])
    client_for(net.users["DE-officer"])
    client_for(net.users["IT-officer"])
    page = fr.t.client  # type: ignore[attr-defined]  # one session per user: the client's own

    html = page.get(f"/operations/{op.pk}/").content.decode()
    assert 'id="write-participants"' in html
    write = f"/messages/compose/?to=bureau%3ADE&amp;to=bureau%3AIT&amp;ref=operation%3A{op.pk}"
    assert write + '"' in html  # no thread yet: a new message

    first = _first(fr, op, ["bureau:DE", "bureau:IT"])
    html = page.get(f"/operations/{op.pk}/messages/").content.decode()
    assert f"{write}&amp;reply={first['id']}" in html
    assert f"/messages/thread/{first['thread']}/#m-{first['id']}" in html
    assert SUBJECT not in html  # the server cannot show what only the browser opens

    compose = page.get(
        f"/messages/compose/?to=bureau:DE&to=bureau:IT&to=<x>&ref=operation:{op.pk}&reply={first['id']}"
    ).content.decode()
    assert 'data-to="bureau:DE bureau:IT"' in compose and f'value="operation:{op.pk}"' in compose

    # Posts and observers have no part in the thread; outsiders do not learn the operation.
    for name in ("DE-unit-full", "IT-officer"):
        status = signed_in_client(net.users[name]).get(f"/operations/{op.pk}/messages/").status_code
        assert status == (200 if name == "IT-officer" else 404), name
    assert signed_in_client(net.users["ES-officer"]).get(f"/operations/{op.pk}/messages/").status_code == 404
    post_page = signed_in_client(net.users["DE-unit-full"]).get(f"/operations/{op.pk}/").content.decode()
    assert "write-participants" not in post_page


@pytest.mark.django_db
def test_the_command_line_writes_about_an_operation_and_replies_keep_it(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    op = plan(net)
    monkeypatch.setattr(
        messages_cli,
        "make_transport",
        lambda url, token: DjangoTransport(Client(), HTTP_AUTHORIZATION=f"Bearer {token}"),
    )
    monkeypatch.setenv("POLNET_MESSAGES_PASSWORD", PASSWORD)

    def token(name: str, *scopes: str) -> str:
        return issue_token(net.actor(f"{name[:2]}-admin"), net.users[name], name="cli", scopes=scopes)[1]

    def polnet(key: str, *args: str) -> tuple[int, str]:
        result = CliRunner().invoke(polnet_cli.app, ["messages", *args, "--token", key])
        return result.exit_code, result.output

    fr, de = token("FR-officer", "messages", "operations"), token("DE-officer", "messages", "operations")
    polnet(de, "inbox")  # DE's first unlock makes its mailbox key
    code, out = polnet(
        fr, "send", "--to", "bureau:DE", "--subject", "s", "--body", "b", "--about", "operation:x1"
    )
    assert code == 1 and "operation:<number>" in out and not Message.objects.exists()  # refused here
    code, out = polnet(
        fr, "send", "--to", "bureau:DE", "--subject", SUBJECT, "--body", BODY, "--about", _about(op)
    )
    assert code == 0, out
    first = Message.objects.get()
    assert first.reference == _about(op)

    code, out = polnet(
        de, "send", "--to", "bureau:FR", "--subject", "Re", "--body", "Noted.", "--reply-to", str(first.uuid)
    )
    assert code == 0, out
    reply = Message.objects.exclude(pk=first.pk).get()
    assert reply.reference == _about(op) and reply.thread == first.thread  # the reply kept it

    # A token without the operations scope does not see the operation: refused as the pages are.
    de_messages_only = token("DE-officer", "messages")
    code, out = polnet(
        de_messages_only,
        "send",
        "--to",
        "bureau:FR",
        "--subject",
        "s",
        "--body",
        "b",
        "--reply-to",
        str(first.uuid),
    )
    assert code == 1 and "No such operation" in out
    assert Message.objects.count() == 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_messages_page_fits_a_phone_in_arabic(tab_factory: object) -> None:
    from typing import Any

    from tests.factories import network
    from tests.web.conftest import NARROW
    from tests.web.test_browser import sign_in

    net = network()
    op = plan(net)
    client_for(net.users["DE-officer"])  # DE's mailbox key, so that FR can seal to it
    _first(client_for(net.users["FR-officer"]), op)
    make: Any = tab_factory
    tab = make(viewport=NARROW, locale="ar")
    sign_in(tab, net.users["DE-officer"])
    tab.page.context.add_cookies([{"name": "django_language", "value": "ar", "url": tab.base_url}])
    tab.go(f"/operations/{op.pk}/messages/")
    tab.shot("operation-messages-phone-ar")
    assert tab.page.evaluate("document.documentElement.dir") == "rtl"
    assert tab.page.locator("#operation-messages tbody tr").count() == 1
    assert tab.page.locator("#write-participants").inner_text() == "اكتب إلى المشاركين"
    width = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert tab.page.evaluate(width) <= 0
