"""Entity resolution across bureaus: planted duplicates found, what the analyst may not see
never exported nor shown, decisions kept."""

from __future__ import annotations

import pytest

from polnet.analysis.models import AnalystLink
from polnet.analysis.resolution import export, services
from polnet.analysis.resolution.features import person_features
from polnet.analysis.resolution.models import CandidatePair, PairStatus, RunStatus
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.core.models import AuditEntry
from polnet.notices.models import Notice
from tests.analysis.resolution_fixtures import open_project, person, plant
from tests.factories import Network
from tests.notices.helpers import draft, published


def _found(pairs: list[CandidatePair]) -> set[tuple[str, str]]:
    return {(p.left, p.right) for p in pairs}


def test_planted_duplicates_are_found_across_scripts_and_partial_dates(net: Network) -> None:
    planted = plant(net)
    project = open_project(net)
    run = services.start_run(net.actor("FR-analyst"), project.pk)
    assert run.status == RunStatus.DONE, run.error
    # A few hundred persons cannot train a model: the fixed priors are used, and said so.
    assert (run.trained, run.training_note) == (False, "too_few_persons")
    pairs = services.list_pairs(net.actor("FR-analyst"), project.pk)
    assert _found(pairs) == planted.truth
    by_pair = {(p.left, p.right): p for p in pairs}
    rashid = by_pair[
        min(planted.keys["rashid_fr"], planted.keys["rashid_de"]),
        max(planted.keys["rashid_fr"], planted.keys["rashid_de"]),
    ]
    levels = {c["comparison"]: c["level"] for c in rashid.comparisons}
    assert levels == {
        "name": "exact",  # Mohammed Al-Rashid / Muhammad Rashid / محمد الراشد
        "dob": "year_only",  # 1980-05-03 against 1980: the unknown month is unknown, not a mismatch
        "sex": "agree",
        "nationality": "agree",
        "identifier": "unknown",
    }
    assert all(c["bayes_factor"] > 1 for c in rashid.comparisons if c["level"] not in ("unknown",))
    assert all(p.probability >= run.threshold and not p.same_country for p in pairs)
    # Ivan Petrov shares Ivanov's first name and whole date of birth: not proposed.
    assert not any(planted.keys["petrov_de"] in (p.left, p.right) for p in pairs)


def test_what_the_analyst_may_not_see_is_never_exported_nor_paired(net: Network) -> None:
    planted = plant(net)
    hidden = planted.keys["hidden_es"]
    red = published(net)  # Viktor Petrenko, FR's red notice in force
    german_draft = draft(net, "DE-officer")
    fr_keys = {p.key for p in export.visible_persons(net.actor("FR-analyst"))}
    assert hidden not in fr_keys and f"notice:{red.pk}" in fr_keys
    assert f"notice:{german_draft.pk}" not in fr_keys  # another bureau's draft
    it_keys = {p.key for p in export.visible_persons(net.actor("IT-analyst"))}
    assert hidden in it_keys  # Spain listed Italy

    project = open_project(net)
    services.start_run(net.actor("FR-analyst"), project.pk)
    assert not CandidatePair.objects.filter(left=hidden).exists()
    assert not CandidatePair.objects.filter(right=hidden).exists()


def test_a_notice_and_a_record_of_one_person_make_a_pair(net: Network) -> None:
    red = published(net)  # Viktor Petrenko, born 1981-04-17, Ukrainian
    record = person(
        net, "DE", [{"given": "Wiktor", "family": "Petrenko", "script": "Latn"}], "1981-04", ["UA"]
    )
    project = open_project(net)
    services.start_run(net.actor("FR-analyst"), project.pk)
    pairs = services.list_pairs(net.actor("FR-analyst"), project.pk)
    assert _found(pairs) == {tuple(sorted((f"notice:{red.pk}", record)))}
    assert Notice.objects.filter(pk=red.pk).exists()


def test_another_bureau_sees_only_pairs_of_persons_it_may_see(net: Network) -> None:
    # France records a person only Germany may see besides itself; Germany the same person.
    fr = person(
        net,
        "FR",
        [{"given": "Olga", "family": "Smirnova", "script": "Latn"}],
        "1990-03-04",
        ["RU"],
        sex="F",
        restriction="only_listed",
        listed=["DE"],
    )
    de = person(
        net, "DE", [{"given": "Ольга", "family": "Смирнова", "script": "Cyrl"}], "1990-03-04", ["RU"], sex="F"
    )
    project = open_project(net)
    run = services.start_run(net.actor("FR-analyst"), project.pk)
    assert _found(services.list_pairs(net.actor("FR-analyst"), project.pk)) == {tuple(sorted((fr, de)))}
    assert _found(services.list_pairs(net.actor("DE-analyst"), project.pk)) == {tuple(sorted((fr, de)))}
    italy = net.actor("IT-analyst")
    assert services.list_pairs(italy, project.pk) == []
    state = services.run_state(italy, run)
    assert state["pairs"] == 0 and state["persons"] is None  # neither shown nor counted
    pair = CandidatePair.objects.get(run=run)
    with pytest.raises(NotFound):
        services.confirm(italy, project.pk, pair.pk)
    # Not a participant: the project does not exist for Spain.
    with pytest.raises(NotFound):
        services.list_pairs(net.actor("ES-analyst"), project.pk)


def test_confirm_links_and_reject_is_not_proposed_again(net: Network) -> None:
    planted = plant(net)
    project = open_project(net)
    fr = net.actor("FR-analyst")
    services.start_run(fr, project.pk)
    pairs = {(p.left, p.right): p for p in services.list_pairs(fr, project.pk)}
    keys = planted.keys
    confirmed = pairs[tuple(sorted((keys["rashid_fr"], keys["rashid_de"])))]
    rejected = pairs[tuple(sorted((keys["ivanov_fr"], keys["ivanov_de"])))]

    link = services.confirm(net.actor("DE-analyst"), project.pk, confirmed.pk, note="same fingerprints")
    assert (link.project_id, link.reason, link.source, link.target) == (
        project.pk,
        "same_person",
        confirmed.left,
        confirmed.right,
    )
    assert link.probability == pytest.approx(confirmed.probability)
    confirmed.refresh_from_db()
    assert confirmed.status == PairStatus.CONFIRMED and confirmed.link_id == link.pk
    with pytest.raises(Conflict):
        services.reject(fr, project.pk, confirmed.pk)

    services.reject(fr, project.pk, rejected.pk)
    assert services.list_pairs(fr, project.pk, status="rejected")[0].pk == rejected.pk
    entries = AuditEntry.objects.filter(purpose=project.audit_purpose, object_type="resolution_pair")
    assert sorted(entries.values_list("action", flat=True)) == ["confirm_same_person", "reject_same_person"]

    # A new run proposes neither the confirmed nor the rejected pair again.
    services.start_run(fr, project.pk)
    again = _found(services.list_pairs(fr, project.pk))
    assert again == planted.truth - {(confirmed.left, confirmed.right), (rejected.left, rejected.right)}
    assert AnalystLink.objects.filter(project=project).count() == 1


def test_bad_input_is_refused(net: Network) -> None:
    project = open_project(net)
    fr = net.actor("FR-analyst")
    with pytest.raises(InvalidInput):
        services.start_run(fr, project.pk, threshold=1.5)
    with pytest.raises(InvalidInput):
        services.list_pairs(fr, project.pk, status="maybe")
    with pytest.raises(NotFound):
        services.confirm(fr, project.pk, 999_999)
    with pytest.raises(Forbidden):  # not an analyst
        services.start_run(net.actor("FR-officer"), project.pk)


def test_features_meet_across_scripts() -> None:
    from polnet.analysis.resolution.features import Name, PersonInput

    latin = person_features(PersonInput("person:1", "FR", (Name("Ivan", "Ivanov"),)))
    cyrillic = person_features(PersonInput("person:2", "IT", (Name("Иван", "Иванов"),)))
    swapped = person_features(PersonInput("person:3", "DE", (Name(full="IVANOV Ivan"),)))
    assert latin and cyrillic and swapped
    assert latin["full_keys"] == cyrillic["full_keys"] == swapped["full_keys"]
    # A month without a year says nothing.
    partial = person_features(PersonInput("person:4", "FR", (Name("A", "B"),), None, 5, 3))
    assert partial and (partial["dob_year"], partial["dob_month"], partial["dob_day"]) == (None, None, None)


def test_the_command_runs_as_the_named_analyst(net: Network) -> None:
    from typer.testing import CliRunner

    from polnet.analysis.resolution.cli import app

    planted = plant(net)
    project = open_project(net)
    runner = CliRunner()
    result = runner.invoke(app, [str(project.pk), "--as", "fr-analyst"])
    assert result.exit_code == 0, result.output
    assert "done" in result.output and planted.keys["rashid_fr"] in result.output
    assert planted.keys["hidden_es"] not in result.output
    refused = runner.invoke(app, [str(project.pk), "--as", "es-analyst"])
    assert refused.exit_code == 1 and "project_not_found" in refused.output
    assert runner.invoke(app, [str(project.pk), "--as", "nobody"]).exit_code == 2
