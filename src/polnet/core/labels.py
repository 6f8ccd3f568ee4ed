"""Translated labels of stored choices, looked up by group name ({{ value|label:"purpose" }}).

Each domain app registers its groups when it is ready (`AppConfig.ready`), so the kernel's
template filter knows every label without importing a domain.
"""

from __future__ import annotations

from collections.abc import Mapping

from polnet.core.errors import StrOrPromise

_GROUPS: dict[str, Mapping[str, StrOrPromise]] = {}


def register(groups: Mapping[str, Mapping[str, StrOrPromise]]) -> None:
    for name, labels in groups.items():
        if name in _GROUPS and _GROUPS[name] is not labels:
            raise ValueError(f"The label group {name!r} is registered twice.")
        _GROUPS[name] = labels


def label(group: str, value: object) -> str:
    """The translated label of a stored choice; the raw value when there is none."""
    found = _GROUPS.get(group, {}).get(str(value))
    return str(found) if found is not None else str(value)
