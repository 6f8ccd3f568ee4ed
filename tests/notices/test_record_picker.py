"""The request form's record picker: the search lists only what the actor may see (through the
records services and the one access policy), a hit-only unit is refused, and the form takes
the picked values (several checkboxes, chips) as it took typed codes."""

from __future__ import annotations

import pytest

from polnet.core.models import AuditEntry
from polnet.notices.models import Notice
from tests.factories import Network, make_record, signed_in_client


def _search(client: object, kind: str, text: str) -> tuple[int, str]:
    r = client.get(f"/notices/records/{kind}/", {"record_q": text})  # type: ignore[attr-defined]
    return r.status_code, r.content.decode()


@pytest.mark.django_db
def test_the_search_lists_only_the_records_the_actor_may_see(net: Network) -> None:
    own = make_record(net.actor("FR-officer"), "person")
    shared = make_record(net.actor("DE-officer"), "person")
    secret = make_record(net.actor("DE-officer"), "person", restriction="only_listed", listed=["IT"])
    excluded = make_record(net.actor("IT-officer"), "person", restriction="all_except", listed=["FR"])
    fr = signed_in_client(net.users["FR-officer"])

    status, html = _search(fr, "person", "Ivanov")
    assert status == 200
    assert f'data-value="{own.pk}"' in html and f'data-value="{shared.pk}"' in html
    assert f'data-value="{secret.pk}"' not in html and f'data-value="{excluded.pk}"' not in html
    assert "Ivanov" in html and f"No. {own.pk}" in html
    # By number: a visible record is found, a hidden one is not, nor even named.
    status, html = _search(fr, "person", str(shared.pk))
    assert status == 200 and f'data-value="{shared.pk}"' in html
    for hidden in (secret, excluded):
        status, html = _search(fr, "person", str(hidden.pk))
        assert status == 200 and "data-pick" not in html and "Ivanov" not in html
    # The searches are audited as reading personal data.
    assert AuditEntry.objects.filter(action="search", object_type="person", actor_name="fr-officer").exists()

    it = signed_in_client(net.users["IT-officer"])
    status, html = _search(it, "person", "Ivanov")
    assert f'data-value="{secret.pk}"' in html and f'data-value="{excluded.pk}"' in html


@pytest.mark.django_db
def test_other_kinds_and_refusals(net: Network) -> None:
    doc = make_record(net.actor("FR-officer"), "document")
    fr = signed_in_client(net.users["FR-officer"])
    status, html = _search(fr, "document", doc.number)
    assert status == 200 and f'data-value="{doc.pk}"' in html
    assert "No record matches." in _search(fr, "document", "NOTHING-LIKE-IT")[1]
    assert _search(fr, "person", "")[1].strip() == ""
    # Works of art are not linked to notices; an unknown database is not there.
    assert _search(fr, "artwork", "Delft")[0] == 404
    assert _search(fr, "nonsense", "x")[0] == 404
    # A unit that sees hits only may not list record details.
    hit_only = signed_in_client(net.users["FR-unit-hitonly"])
    status, html = _search(hit_only, "document", doc.number)
    assert status == 403 and f'data-value="{doc.pk}"' not in html


@pytest.mark.django_db
def test_the_form_takes_picked_countries_and_records(net: Network) -> None:
    person = make_record(net.actor("FR-officer"), "person")
    hidden = make_record(net.actor("DE-officer"), "person", restriction="only_listed", listed=["IT"])
    fr = signed_in_client(net.users["FR-officer"])
    form = {
        "language": "en",
        "facts": "Armed robbery.",
        "name1_given": "Viktor",
        "name1_family": "Petrenko",
        "sex": "M",
        "nationalities": ["UA", "PL"],
        "country_of_birth": "UA",
        "w_decision": "warrant",
        "w_issuing_country": "FR",
        "w_charge": "Armed robbery",
        "restriction": "only_listed",
        "listed_countries": ["DE", "IT"],
        "link_persons": [str(person.pk)],
        "record_q": "Ivanov",  # the picker's search box is posted too, and ignored
    }
    page = fr.get("/notices/new/red/").content.decode()
    assert 'type="checkbox" name="nationalities" value="UA"' in page
    assert 'type="radio" name="country_of_birth" value="UA"' in page
    assert 'hx-get="/notices/records/person/"' in page
    # A record the officer may not see is refused, and the form does not name it.
    r = fr.post("/notices/new/red/", {**form, "link_persons": [str(person.pk), str(hidden.pk)]})
    assert r.status_code == 422 and Notice.objects.count() == 0
    html = r.content.decode()
    assert f'name="link_persons" value="{hidden.pk}"' in html and f"No. {hidden.pk}<" in html
    # Both are "Ivan Ivanov": only the visible one's chip (its text and its remove button) names it.
    assert html.count("Ivanov") == 2
    assert f'aria-label="Remove No. {hidden.pk}"' in html
    assert 'name="nationalities" value="PL" checked' in html

    r = fr.post("/notices/new/red/", form)
    assert r.status_code == 302, r.content.decode()[:2000]
    notice = Notice.objects.get()
    assert sorted(c.pk for c in notice.nationalities.all()) == ["PL", "UA"]
    assert notice.country_of_birth_id == "UA"
    assert sorted(c.pk for c in notice.listed_countries.all()) == ["DE", "IT"]
    assert list(notice.persons.values_list("pk", flat=True)) == [person.pk]
    # The change form shows what was picked: checked countries and a named chip.
    edit = fr.get(f"/notices/{notice.pk}/edit/").content.decode()
    assert 'name="nationalities" value="PL" checked' in edit
    assert f'name="link_persons" value="{person.pk}"' in edit and "Ivanov" in edit


@pytest.mark.django_db
def test_countries_are_found_by_name_as_typed(net: Network) -> None:
    """The filter matches the name in the reader's language, the English name and the codes,
    also typed without accents or Arabic letter variants."""
    from django.utils import translation

    from polnet.notices.kinds import spec_for
    from polnet.notices.web.forms import NoticeForm

    def search(code: str, language: str) -> str:
        with translation.override(language):
            form = NoticeForm(spec_for("red"))
            return next(s for c, _, s in form.all_countries if c == code)

    assert all(w in search("PE", "fr") for w in ("pérou", "perou", "peru", "pe", "per"))
    assert all(w in search("UA", "ar") for w in ("أوكرانيا", "اوكرانيا", "ukraine", "ua", "ukr"))
    with translation.override("fr"):
        members = [c for c, _, _ in NoticeForm(spec_for("red")).member_countries]
    assert "DE" in members and "UA" not in members
