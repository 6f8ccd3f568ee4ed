"""`polnet notices list/show/expire`, the admin, and the demo seed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rich.console import Console
from typer.testing import CliRunner

from polnet.core.models import AuditEntry
from polnet.notices import cli
from polnet.notices.images import placeholder_png
from polnet.notices.models import Notice
from polnet.notices.seeding import seed_demo_notices
from polnet.notices.states import State
from tests.factories import Network, signed_in_client
from tests.notices.helpers import YELLOW, draft, published


@pytest.mark.django_db
def test_list_and_show_print_metadata_only(net: Network) -> None:
    red = published(net)
    draft(net, base=YELLOW)
    runner = CliRunner()
    out = runner.invoke(cli.app, ["list", "--state", "published"], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert red.entity_id in out.output and "yellow" not in out.output
    assert "Petrenko" not in out.output  # the operator sees no personal data
    out = runner.invoke(cli.app, ["list", "--kind", "yellow", "--country", "fr"], env={"COLUMNS": "200"})
    assert "yellow" in out.output and "red" not in out.output
    out = runner.invoke(cli.app, ["show", str(red.pk)], env={"COLUMNS": "200"})
    assert out.exit_code == 0 and "publish" in out.output and "gs-reviewer" in out.output
    assert "Petrenko" not in out.output and "Robbed" not in out.output
    assert runner.invoke(cli.app, ["show", "999999"]).exit_code == 1
    assert AuditEntry.objects.filter(actor_name="system", purpose="operations").count() == 3


@pytest.mark.django_db
def test_expire_from_the_command_line(net: Network) -> None:
    notice = published(net, review_date=timezone.localdate())
    Notice.objects.filter(pk=notice.pk).update(review_date=timezone.localdate() - timedelta(days=1))
    out = CliRunner().invoke(cli.app, ["expire"])
    assert out.exit_code == 0 and "expired: 1" in out.output
    notice.refresh_from_db()
    assert notice.state == State.EXPIRED


@pytest.mark.django_db
def test_the_admin_shows_notices_by_policy_and_terms_to_staff(net: Network) -> None:
    published(net)
    reviewer = net.users["gs-reviewer"]
    reviewer.is_staff = True
    reviewer.save()
    client = signed_in_client(reviewer)
    assert client.get("/admin/notices/notice/").status_code == 200
    r = client.post(
        "/admin/notices/article3term/add/",
        {"term": "lèse-patrie", "language": "fr", "category": "political", "active": "on", "note": ""},
    )
    assert r.status_code == 302
    assert AuditEntry.objects.filter(object_type="article3_term", action="create").count() == 1
    sysadmin = signed_in_client(net.users["gs-sysadmin"])
    assert sysadmin.get("/admin/notices/article3term/").status_code == 200
    assert sysadmin.get("/admin/notices/article3term/add/").status_code == 403
    assert "Petrenko" not in sysadmin.get("/admin/notices/notice/").content.decode()


def test_the_placeholder_is_a_png() -> None:
    data = placeholder_png()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" in data[-12:]


@pytest.mark.django_db
def test_the_demo_seed_has_every_state_and_public_extracts(net: Network) -> None:
    # The demo's users are <cc>-officer for the first three member countries (DE, ES, FR here).
    assert {u.username for u in net.users.values()} >= {
        "de-officer",
        "es-officer",
        "fr-officer",
        "gs-reviewer",
    }
    seed_demo_notices(Console(quiet=True))
    states = set(Notice.objects.values_list("state", flat=True))
    assert states == set(State)
    public = {k for k in Notice.objects.public().values_list("kind", flat=True)}
    assert public == {"red", "yellow", "un"}
    assert Notice.objects.filter(channel="diffusion").count() >= 3
    count = Notice.objects.count()
    seed_demo_notices(Console(quiet=True))  # once only
    assert Notice.objects.count() == count
    from django.test import Client

    body = Client().get("/notices/v1/red").json()
    assert body["total"] >= 2
    assert any("thumbnail" in n["_links"] for n in body["_embedded"]["notices"])
