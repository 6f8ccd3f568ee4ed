"""The house plan holds: the import contracts of docs/import-contracts.ini are kept, and a
forbidden import planted in a copy of the code breaks them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "docs" / "import-contracts.ini"


def _lint(src: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the polnet package found in `src`, with no cache."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", str(CONTRACTS)]
    return subprocess.run(command, cwd=src, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_code_keeps_every_contract() -> None:
    result = _lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


# (the file that gets a planted import, the part it belongs to, the module it imports)
PLANTS = [
    ("core/policy.py", "polnet.core", "polnet.records"),
    ("records/bulk.py", "polnet.records", "polnet.notices"),
    ("records/bulk.py", "polnet.records", "polnet.screening"),
    ("network/services.py", "polnet.network", "polnet.records"),
    ("jobs/scheduler.py", "polnet.jobs", "polnet.core"),  # the kernel declares jobs, not the reverse
    ("notices/services.py", "polnet.notices", "polnet.portal"),
    ("screening/engine/vehicles.py", "polnet.screening.engine", "django"),
    ("identifiers/vin.py", "polnet.identifiers", "polnet.core"),
    ("screening/engine/firearms.py", "polnet.screening.engine", "polnet.screening.services"),
    ("screening/engine/person/store.py", "polnet.screening.engine", "django"),
    ("screening/web/offers.py", "polnet.screening", "polnet.portal"),
]


@pytest.mark.parametrize(("path", "part", "imported"), PLANTS, ids=[f"{p[0]}->{p[2]}" for p in PLANTS])
def test_a_planted_forbidden_import_breaks_a_contract(
    tmp_path: Path, path: str, part: str, imported: str
) -> None:
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "polnet", copy / "polnet", ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "polnet" / path
    target.write_text(
        target.read_text(encoding="utf-8") + f"\nimport {imported}  # planted\n", encoding="utf-8"
    )
    result = _lint(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{part} is not allowed to import {imported}" in " ".join(result.stdout.split()), result.stdout
