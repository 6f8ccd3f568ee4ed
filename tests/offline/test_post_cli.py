"""`polnet post …` speaks the operator's language (POLNET_POST_LANG, else the terminal's locale,
else English) and keeps its refusal codes, the machine-readable part, as they are."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from polnet.offline import services
from polnet.post import cli
from polnet.post.i18n import cli_language
from polnet.post.store import Post
from tests.factories import Network, make_record
from tests.notices.helpers import published

pytestmark = pytest.mark.django_db


def _run(folder: Path, args: list[str], **env: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.app, args, env={"POLNET_POST_DIR": str(folder), "LC_ALL": "", **env})
    return result.exit_code, result.output


def test_the_command_lines_language_comes_from_the_post_then_the_terminal() -> None:
    assert cli_language({"POLNET_POST_LANG": "ar", "LANG": "fr_FR.UTF-8"}) == "ar"
    assert cli_language({"POLNET_POST_LANG": "de", "LANG": "es_ES.UTF-8"}) == "es"
    assert cli_language({"LC_ALL": "fr_CA.UTF-8", "LANG": "es_ES.UTF-8"}) == "fr"
    assert cli_language({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}) == "en"
    assert cli_language({}) == "en"


def test_a_refusal_is_said_in_the_operators_language_with_its_code(
    net: Network, post_of: Callable[..., Post], tmp_path: Path
) -> None:
    post = post_of("DE-full")
    code, out = _run(post.folder, ["check"], POLNET_POST_LANG="fr")
    assert code == 2 and "Refusé (nothing_to_check) : Indiquez un nom" in out
    v0 = post.manifest()["version"]  # type: ignore[index]
    make_record(net.actor("FR-officer"), "document")
    delta = tmp_path / "delta.pkg"
    delta.write_bytes(services.build_package(net.actor("DE-admin"), net.units["DE-full"].pk, v0))
    assert _run(post.folder, ["apply", str(delta)])[0] == 0
    code, out = _run(post.folder, ["apply", str(delta)], LANG="es_ES.UTF-8")
    assert code == 2 and "Rechazado (replayed): Este delta" in out


def test_a_checks_warning_and_advice_are_translated_and_its_answer_stays_json(
    net: Network, post_of: Callable[..., Post]
) -> None:
    doc = make_record(net.actor("FR-officer"), "document")
    post = post_of("DE-hitonly")
    state = post.manifest()
    assert state is not None
    state["expires_at"] = "2000-01-01T00:00:00+00:00"
    post.db.execute("update state set manifest = ?", (json.dumps(state),))
    code, out = _run(post.folder, ["check", "--document", doc.number], POLNET_POST_LANG="ar")
    assert code == 0
    warning, answer = out.strip().splitlines()
    assert warning.startswith("تحذير: انتهت صلاحية حزمة هذا المركز")
    body = json.loads(answer)
    assert body["hit"] and body["advice"].startswith("تطابق محتمل") and len(body["hit_ids"]) == 1


def test_apply_prints_both_versions_and_a_refused_delta_names_both_in_the_operators_language(
    net: Network, post_of: Callable[..., Post], tmp_path: Path
) -> None:
    published(net)
    post = post_of("DE-full", apply=False)
    admin, unit = net.actor("DE-admin"), net.units["DE-full"].pk
    full = tmp_path / "full.pkg"
    full.write_bytes(services.build_package(admin, unit))
    code, out = _run(post.folder, ["apply", str(full)])
    printed = json.loads(out)
    m = post.manifest()
    assert code == 0 and m is not None and m["notice_version"] > 0
    # What the bureau builds the next delta from: --since and --notice-since.
    assert (printed["version"], printed["notice_version"]) == (m["version"], m["notice_version"])
    assert printed["counts"]["notice"] == 1
    published(net, names=[{"given": "Oksana", "family": "Bondarenko", "script": "Latn"}])
    later = tmp_path / "later.pkg"
    later.write_bytes(services.build_package(admin, unit, m["version"], m["notice_version"] + 1))
    code, out = _run(post.folder, ["apply", str(later)], POLNET_POST_LANG="fr")
    held = f"version n° {m['version']}, notices n° {m['notice_version']}"
    assert code == 2 and "Refusé (gap) : Ce delta fait suite à la version n°" in out and held in out
