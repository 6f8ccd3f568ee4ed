"""The demo's data protection: a request being consulted, one waiting, a fishing alert and the
review-date warnings, made through the real services, once."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from rich.console import Console

from polnet.analysis.seeding import seed_demo_analysis
from polnet.dataprotection.console.models import Alert
from polnet.dataprotection.requests.models import Consultation, DataRequest
from polnet.dataprotection.seeding import FISHING_NAMES, seed_demo_dataprotection
from polnet.network.services import sync_countries
from polnet.records.seeding import SeedSizes, seed_demo_if_empty
from polnet.screening.models import QueryLog

# Starts from an empty database, without the test network (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("empty_database")

SMALL = SeedSizes(persons=20, documents=10, vehicles=2, firearms=2, artworks=1, countries=4)


@pytest.mark.django_db
def test_the_demo_seeds_requests_and_an_alert_once(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> None:
    quiet = Console(quiet=True)
    sync_countries()
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_if_empty(password="demo-password-1", sizes=SMALL, console=quiet)
        seed_demo_analysis(quiet)
        seed_demo_dataprotection(quiet)
    rossi = DataRequest.objects.get(names=["Marco Rossi"])
    assert rossi.state == "consulting" and rossi.findings.exists()  # the ring's Marco Rossi is found
    consultations = Consultation.objects.filter(request=rossi)
    assert consultations.filter(answer="refuse").count() == 1
    assert consultations.filter(answer="").exists()  # the others have yet to answer
    amrani = DataRequest.objects.get(kind="deletion")
    assert amrani.language == "ar" and amrani.findings.exists()
    fishing = Alert.objects.get(kind="fishing")
    assert fishing.figures["searches"] == len(FISHING_NAMES)
    assert QueryLog.objects.filter(purpose="identification", kind="person").count() >= len(FISHING_NAMES)
    seed_demo_dataprotection(quiet)  # once
    assert DataRequest.objects.count() == 2 and Alert.objects.filter(kind="fishing").count() == 1
