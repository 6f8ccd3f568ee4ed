"""The demo's public works of art with photos, its bulk-sync batches and its sample passenger
list: produced by the seeders `polnet demo` runs, and produced once."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from rich.console import Console

from polnet.cli import seed_demo_showcase
from polnet.feeds.models import BatchStatus, ImportBatch
from polnet.network.actors import actor_for
from polnet.network.models import User
from polnet.network.services import sync_countries
from polnet.records.models import Artwork, RecordPhoto, TravelDocument
from polnet.records.seeding import SeedSizes, seed_demo_if_empty
from polnet.records.seeding_artworks import picture
from polnet.screening import services as screening
from polnet.screening.batches.paxlst import paxlst_rows

# Starts from an empty database, without the test network (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("empty_database")

SMALL = SeedSizes(persons=40, documents=60, vehicles=2, firearms=2, artworks=30, countries=4)


@pytest.mark.django_db
def test_the_demo_shows_public_artworks_batches_and_a_passenger_list(
    tmp_path: Path,
    fresh_screening_index: None,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> None:
    quiet = Console(quiet=True)
    sync_countries()
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_if_empty(password="demo-password-1", sizes=SMALL, console=quiet)
        seed_demo_showcase(quiet, tmp_path)
    public = Artwork.objects.filter(public=True)
    assert public.count() >= 3
    assert (
        RecordPhoto.objects.filter(kind="artwork", record_id__in=public.values("pk")).count()
        == public.count()
    )
    page = Client().get("/artworks/public/")
    assert page.status_code == 200 and public.first().title in page.content.decode()  # type: ignore[union-attr]
    # A check by photo finds the work whose photo it is.
    officer = User.objects.filter(username__endswith="-officer").order_by("username").first()
    actor = actor_for(officer, origin="test")  # type: ignore[arg-type]
    assert screening.screen_artwork(actor, photo=picture(0), purpose="investigation").hit

    batches = list(ImportBatch.objects.order_by("owner_country_id"))
    assert len(batches) == 3 and all(b.status == BatchStatus.DONE for b in batches)
    assert all(b.created == 300 and b.rows_failed == 3 and len(b.errors) == 3 for b in batches)
    paxlst = tmp_path / "demo-passengers.paxlst"
    rows = [row for _, row in paxlst_rows(paxlst.read_bytes())]
    numbers = {row.get("document_number") for row in rows}
    assert len(rows) == 12 and TravelDocument.objects.filter(number__in=numbers, status="stolen").count() == 2

    state = (
        sorted(Artwork.objects.filter(public=True).values_list("pk", "version")),
        RecordPhoto.objects.count(),
        ImportBatch.objects.count(),
        TravelDocument.objects.count(),
        paxlst.read_text(),
    )
    seed_demo_showcase(quiet, tmp_path)  # a second run changes nothing
    assert state == (
        sorted(Artwork.objects.filter(public=True).values_list("pk", "version")),
        RecordPhoto.objects.count(),
        ImportBatch.objects.count(),
        TravelDocument.objects.count(),
        paxlst.read_text(),
    )
