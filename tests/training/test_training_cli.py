"""`polnet training export|import|statements`: the same services and access as the pages."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from polnet.cli import app as cli_app
from polnet.training import xapi
from polnet.training.catalogue.models import Course, CourseState
from polnet.training.packages.export import package_bytes
from tests.factories import Network
from tests.training.test_packages import make_course
from tests.training.test_xapi import check_statement, seed


def test_export_then_import_from_the_command_line(net: Network, tmp_path: Path) -> None:
    original = make_course(net.users["gs-reviewer"])
    target = tmp_path / "border.zip"
    runner = CliRunner()
    done = runner.invoke(cli_app, ["training", "export", "border-basics", str(target), "--as", "gs-reviewer"])
    assert done.exit_code == 0, done.output
    assert target.read_bytes() == package_bytes(original)
    assert zipfile.ZipFile(target).namelist()[0] == "course.json"
    imported = runner.invoke(cli_app, ["training", "import", str(target), "--as", "fr-admin"])
    assert imported.exit_code == 0, imported.output
    copy = Course.objects.get(code="border-basics-2")
    assert copy.state == CourseState.DRAFT and copy.owner_bureau == net.bureaus["FR"]
    assert f"{copy.pk}\tborder-basics-2\ten\tBorder basics" in imported.stdout
    assert "border-basics exists here: imported as border-basics-2" in imported.stderr
    refused = runner.invoke(
        cli_app, ["training", "export", "border-basics", str(target), "--as", "fr-officer"]
    )
    assert refused.exit_code == 1 and "package_export_forbidden" in refused.stderr
    unknown = runner.invoke(cli_app, ["training", "export", "no-such", str(target), "--as", "gs-reviewer"])
    assert unknown.exit_code == 1 and "package_course_not_found" in unknown.stderr
    nobody = runner.invoke(cli_app, ["training", "import", str(target), "--as", "nobody"])
    assert nobody.exit_code == 2


def test_a_bad_package_is_refused_with_its_reason(net: Network, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("course.json", json.dumps({"format": "polnet-course", "format_version": 9}))
    before = Course.objects.count()
    result = CliRunner().invoke(cli_app, ["training", "import", str(bad), "--as", "fr-admin"])
    assert result.exit_code == 1 and "package_version_unknown" in result.stderr
    assert Course.objects.count() == before


def test_statements_are_printed_as_one_json_array(net: Network) -> None:
    seed(net)
    runner = CliRunner()
    result = runner.invoke(
        cli_app, ["training", "statements", "--since", "2026-01-01", "--as", "gs-reviewer"]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert len(found) == 14
    for s in found:
        check_statement(s)
    german = runner.invoke(
        cli_app, ["training", "statements", "--since", "2026-01-01", "--bureau", "DE", "--as", "gs-reviewer"]
    )
    names = {s["actor"]["account"]["name"] for s in json.loads(german.stdout)}
    assert names == {xapi.pseudonym(net.users["DE-officer"].pk)}
    other = runner.invoke(cli_app, ["training", "statements", "--since", "2026-01-01", "--as", "it-admin"])
    assert json.loads(other.stdout) == []
    wrong = runner.invoke(cli_app, ["training", "statements", "--since", "soon", "--as", "gs-reviewer"])
    assert wrong.exit_code == 1 and "xapi_since" in wrong.stderr
