"""The identifier rules and the screening engine are libraries: no Django, no polnet app.

Read from the source (not by importing), so a forbidden import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "polnet"
# What each library may import from polnet: itself, and the identifier rules.
LIBRARIES = {
    "identifiers": ("polnet.identifiers",),
    "screening/engine": ("polnet.screening.engine", "polnet.identifiers"),
}


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def forbidden_imports(folder: Path, allowed: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        for name in _imports(path):
            outside = name.startswith("polnet") and not name.startswith(allowed)
            if outside or name.split(".")[0] == "django":
                found.append(f"{path.relative_to(folder)}: {name}")
    return found


@pytest.mark.parametrize("library", sorted(LIBRARIES))
def test_a_library_imports_neither_django_nor_an_app(library: str) -> None:
    assert forbidden_imports(SRC / library, LIBRARIES[library]) == []


def test_a_planted_forbidden_import_is_found(tmp_path: Path) -> None:
    (tmp_path / "vin.py").write_text(
        "def f():\n    from django.db import models\n    import polnet.records\n"
    )
    found = forbidden_imports(tmp_path, LIBRARIES["identifiers"])
    assert found == ["vin.py: django.db", "vin.py: polnet.records"]
