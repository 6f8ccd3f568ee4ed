"""The life of a record on its pages: the owner's buttons, confirmation forms, the state and history."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from polnet.records.models import RECORD_MODELS
from polnet.screening import index as screening_index
from tests.factories import Network, make_record, signed_in_client


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A new index per test, following the change feed at every check: a reactivated record
    comes back with the index (within 0.5 s in a running server), a closed one leaves at once."""
    monkeypatch.setattr(screening_index, "REFRESH_SECONDS", 0.0)
    screening_index.reset()
    yield
    screening_index.reset()


@pytest.mark.django_db
def test_the_owner_cancels_on_the_page_with_a_reason_and_others_read_the_mark(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "document")
    base = f"/records/document/{rec.pk}/"
    fr, de = signed_in_client(net.users["FR-officer"]), signed_in_client(net.users["DE-officer"])

    page = fr.get(base).content.decode()
    assert 'id="act-cancel"' in page and 'id="act-locate"' in page and 'id="act-delete"' in page
    assert 'id="act-cancel"' not in de.get(base).content.decode()
    assert de.get(f"{base}cancel/").status_code == 403
    assert de.post(f"{base}cancel/", {"reason": "no"}).status_code == 403

    refused = fr.post(f"{base}cancel/", {"reason": "  "})
    assert refused.status_code == 422 and "field-error" in refused.content.decode()
    assert RECORD_MODELS["document"].objects.get(pk=rec.pk).state == "active"

    done = fr.post(f"{base}cancel/", {"reason": "Reported twice"})
    assert done.status_code == 302 and done["Location"] == base
    for client in (fr, de):
        page = client.get(base).content.decode()
        assert 'id="record-state"' in page and "Reported twice" in page
        assert 'id="history"' in page
    assert 'id="act-reactivate"' in fr.get(base).content.decode()

    listing = de.get("/records/document/").content.decode()
    assert base not in listing  # active records by default
    assert base in de.get("/records/document/?state=cancelled").content.decode()
    assert base in de.get("/records/document/?state=").content.decode()

    assert fr.post(f"{base}reactivate/", {"reason": ""}).status_code == 302
    assert RECORD_MODELS["document"].objects.get(pk=rec.pk).state == "active"


@pytest.mark.django_db
def test_deleting_asks_first(net: Network) -> None:
    rec = make_record(net.actor("FR-officer"), "artwork")
    base = f"/records/artwork/{rec.pk}/"
    fr = signed_in_client(net.users["FR-officer"])
    confirm = fr.get(f"{base}delete/")
    assert confirm.status_code == 200 and 'id="life-confirm"' in confirm.content.decode()
    assert RECORD_MODELS["artwork"].objects.filter(pk=rec.pk).exists()  # asking deletes nothing
    done = fr.post(f"{base}delete/")
    assert done.status_code == 302 and done["Location"] == "/records/artwork/"
    assert not RECORD_MODELS["artwork"].objects.filter(pk=rec.pk).exists()
