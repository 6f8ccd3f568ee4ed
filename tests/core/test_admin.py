"""The audit log in the Django admin: its details are for the data-protection officer."""

from __future__ import annotations

import pytest

from polnet.core import audit
from polnet.core.models import AuditEntry
from tests.factories import Network, signed_in_client

SEARCHED = "Zyxwabc Qvortrup"
RECORD_ID = 987654


@pytest.fixture
def entry(net: Network) -> AuditEntry:
    return audit.log(
        net.actor("FR-officer"),
        audit.Action.SEARCH,
        "person",
        RECORD_ID,
        purpose="investigation",
        detail={"query": SEARCHED},
    )


@pytest.mark.django_db
def test_the_system_administrator_sees_who_did_what_kind_of_act_but_not_on_what(
    net: Network, entry: AuditEntry
) -> None:
    admin = signed_in_client(net.users["gs-sysadmin"])
    listing = admin.get("/admin/core/auditentry/")
    one = admin.get(f"/admin/core/auditentry/{entry.pk}/change/")
    for page in (listing, one):
        html = page.content.decode()
        assert page.status_code == 200 and "fr-officer" in html and "search" in html
        assert SEARCHED not in html and str(RECORD_ID) not in html and "investigation" not in html
    assert admin.get(f"/admin/core/auditentry/?q={RECORD_ID}").context["cl"].result_count == 0
    for asked in (f"detail__icontains={SEARCHED[:7]}", f"object_id={RECORD_ID}", "purpose=investigation"):
        assert admin.get(f"/admin/core/auditentry/?{asked}").status_code == 400, asked


@pytest.mark.django_db
def test_the_data_protection_officer_reads_the_details_and_nothing_else_in_the_admin(
    net: Network, entry: AuditEntry
) -> None:
    dpo = signed_in_client(net.users["gs-dpo"])
    assert str(RECORD_ID) in dpo.get("/admin/core/auditentry/").content.decode()
    html = dpo.get(f"/admin/core/auditentry/{entry.pk}/change/").content.decode()
    assert SEARCHED in html and "investigation" in html
    assert dpo.get(f"/admin/core/auditentry/?q={RECORD_ID}").context["cl"].result_count == 1
    assert dpo.get("/admin/network/user/").status_code == 403
    assert dpo.get("/admin/records/person/").status_code == 403
    # A bureau's data-protection officer reads its own country's work in the application,
    # not the whole network's audit log.
    bureau_dpo = signed_in_client(net.users["FR-dpo"])
    assert bureau_dpo.get("/admin/core/auditentry/", follow=True).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "title"), [("en", "System administration"), ("ar", "إدارة النظام")])
def test_the_admin_wears_polnets_header_colours_and_language_switch(
    net: Network, language: str, title: str
) -> None:
    admin = signed_in_client(net.users["gs-sysadmin"])
    admin.cookies["django_language"] = language
    html = admin.get("/admin/").content.decode()
    assert "polnet/admin.css" in html and 'class="brand"' in html and title in html
    assert 'action="/i18n/setlang/"' in html and 'action="/logout/"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    changed = admin.post("/i18n/setlang/", {"language": "fr", "next": "/admin/"})
    assert changed.status_code == 302 and changed["Location"] == "/admin/"
    assert "Administration du système" in admin.get("/admin/").content.decode()
