"""`polnet messages …`: the command-line client, with a token, doing its crypto locally."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from typer.testing import CliRunner

from polnet import cli as polnet_cli
from polnet.core.actor import TokenScope
from polnet.messaging import cli as messages_cli
from polnet.messaging.models import Message
from polnet.network.services import issue_token
from tests.factories import PASSWORD, Network
from tests.messaging.helpers import DjangoTransport

runner = CliRunner()


@pytest.fixture
def messages_scope(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tokens with the `messages` scope; until core/actor.py has it, a test-only stand-in."""
    if "messages" not in TokenScope._value2member_map_:
        members = {m.name: m.value for m in TokenScope} | {"MESSAGES": "messages"}
        extended = enum.StrEnum("TokenScope", members)  # type: ignore[misc]
        monkeypatch.setattr("polnet.network.auth.TokenScope", extended)
        monkeypatch.setattr("polnet.network.services.TokenScope", extended)
    yield


@pytest.fixture
def tokens(net: Network, messages_scope: None, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setattr(
        messages_cli,
        "make_transport",
        lambda url, token: DjangoTransport(Client(), HTTP_AUTHORIZATION=f"Bearer {token}"),
    )
    monkeypatch.setenv("POLNET_MESSAGES_PASSWORD", PASSWORD)
    out = {}
    for name in ("FR-officer", "FR-admin", "DE-officer", "IT-officer"):
        admin = net.actor(f"{name[:2]}-admin")
        _, out[name] = issue_token(admin, net.users[name], name="cli", scopes=["messages"])
    return out


def polnet(token: str, *args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(polnet_cli.app, ["messages", *args, "--token", token], input=input)
    return result.exit_code, result.output


@pytest.mark.django_db
def test_send_inbox_read_and_save(tokens: dict[str, str], tmp_path: Path) -> None:
    polnet(tokens["DE-officer"], "inbox")  # DE's first unlock makes its mailbox key
    evidence = tmp_path / "photo.jpg"
    evidence.write_bytes(b"\xff\xd8 not really a jpeg")
    code, out = polnet(
        tokens["FR-officer"],
        "send",
        "--to",
        "bureau:DE",
        "--subject",
        "Suspect boarding ferry",
        "--priority",
        "urgent",
        "--handling",
        "H1",
        "--source",
        "B",
        "--accuracy",
        "2",
        "--ref",
        "record:person/12",
        "--about",
        "hit:12",
        "--attach",
        str(evidence),
        input="Seen at Calais, cabin 12.\n",
    )
    assert code == 0, out
    message_id = re.search(r"Sent ([0-9a-f-]{36})", out).group(1)  # type: ignore[union-attr]
    assert Message.objects.get(uuid=message_id).reference == "hit:12"

    code, out = polnet(tokens["DE-officer"], "inbox")
    assert code == 0 and message_id in out and "verified" in out and "Suspect boarding ferry" in out
    code, out = polnet(tokens["DE-officer"], "inbox", "--search", "ferry")
    assert "Suspect boarding ferry" in out
    code, out = polnet(tokens["DE-officer"], "inbox", "--search", "nothing like it")
    assert "No messages." in out

    saved = tmp_path / "out"
    code, out = polnet(tokens["DE-officer"], "read", message_id, "--save", str(saved))
    assert code == 0, out
    assert "NOT FOR COURT USE" in out and "Seen at Calais, cabin 12." in out and "source B, accuracy 2" in out
    files = sorted(p.name for p in saved.iterdir())
    assert all(f.startswith("H1-NOT-FOR-COURT-USE_") for f in files)
    assert (saved / "H1-NOT-FOR-COURT-USE_0_photo.jpg").read_bytes() == b"\xff\xd8 not really a jpeg"
    assert "NOT FOR COURT USE" in (saved / f"H1-NOT-FOR-COURT-USE_{message_id}.txt").read_text()

    code, out = polnet(tokens["FR-officer"], "inbox", "--sent")
    assert message_id in out


@pytest.mark.django_db
def test_grants_forwarding_permission_and_errors(tokens: dict[str, str]) -> None:
    for name in ("DE-officer", "IT-officer", "FR-officer"):
        polnet(tokens[name], "inbox")
    code, out = polnet(tokens["FR-admin"], "inbox")
    assert "not been shared with you yet" in out
    code, out = polnet(tokens["FR-officer"], "grants", "--yes")
    assert code == 0 and "Shared 1 key(s)" in out
    assert "not been shared" not in polnet(tokens["FR-admin"], "inbox")[1]

    code, out = polnet(
        tokens["FR-officer"], "send", "--to", "bureau:DE", "--subject", "x", "--handling", "H2", "--body", "b"
    )
    message_id = re.search(r"Sent ([0-9a-f-]{36})", out).group(1)  # type: ignore[union-attr]
    code, out = polnet(tokens["DE-officer"], "forward", message_id, "--to", "bureau:IT")
    assert code == 1 and "permission" in out
    code, out = polnet(tokens["DE-officer"], "ask-permission", message_id, "--to", "bureau:IT")
    request_id = re.search(r"Request (\d+): pending", out).group(1)  # type: ignore[union-attr]
    code, out = polnet(tokens["FR-officer"], "permissions")
    assert f"#{request_id}" in out and "pending" in out
    assert polnet(tokens["FR-officer"], "decide", request_id, "--grant")[0] == 0
    code, out = polnet(tokens["DE-officer"], "forward", message_id, "--to", "bureau:IT")
    assert code == 0, out
    assert message_id in polnet(tokens["IT-officer"], "inbox")[1]

    code, out = polnet(tokens["DE-officer"], "send", "--to", "bureau:ES", "--subject", "x", "--body", "b")
    assert code == 1 and "(bureau:ES) cannot receive yet: none of its members has signed in" in out
    code, out = polnet(tokens["DE-officer"], "read", "00000000-0000-4000-8000-000000000000")
    assert code == 1


@pytest.mark.django_db
def test_a_wrong_password_opens_nothing(tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    polnet(tokens["DE-officer"], "inbox")
    monkeypatch.setenv("POLNET_MESSAGES_PASSWORD", "not-my-password-at-all")
    code, out = polnet(tokens["DE-officer"], "inbox")
    assert code == 1 and "does not open your message keys" in out and "reset-keys" in out


@pytest.mark.django_db
def test_tokens_need_the_messages_scope(net: Network, messages_scope: None) -> None:
    _, other = issue_token(net.actor("FR-admin"), net.users["FR-officer"], name="t", scopes=["records:read"])
    _, good = issue_token(net.actor("FR-admin"), net.users["FR-officer"], name="t", scopes=["messages"])
    assert Client().get("/api/messages/keys/mailbox", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 403
    assert Client().get("/api/messages/keys/mailbox", HTTP_AUTHORIZATION=f"Bearer {good}").status_code == 200
    assert Client().get("/api/records/persons", HTTP_AUTHORIZATION=f"Bearer {good}").status_code == 403
