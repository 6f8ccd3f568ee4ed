"""Every URL the project serves, with its parameters filled in, for tests that walk them all."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver


def _paths(patterns: list, prefix: str = "") -> list[str]:  # type: ignore[type-arg]
    out: list[str] = []
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            out += _paths(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            path = re.sub(r"<int:\w+>", "1", route)
            path = re.sub(r"<(?:str:|slug:)?\w+>", "person", path)
            path = re.sub(r"[\^$]", "", path).replace("\\Z", "").replace("\\", "")
            if "(?P" in path or "<" in path:
                continue
            out.append("/" + path)
    return sorted(set(out))


def every_path() -> list[str]:
    return _paths(get_resolver().url_patterns)
