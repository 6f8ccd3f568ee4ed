"""ISO 3166-1 countries, from the maintained data in django-countries."""

from __future__ import annotations

from functools import cache

from django_countries import countries


@cache
def _alpha3_to_alpha2() -> dict[str, str]:
    return {countries.alpha3(code): code for code, _ in countries}


def all_countries() -> list[tuple[str, str, str]]:
    """(alpha-2, alpha-3, English name) for every ISO 3166-1 country."""
    return [(code, countries.alpha3(code), str(name)) for code, name in countries]


def to_alpha2(code: str) -> str | None:
    """Accept alpha-2 or alpha-3 (any case); None when it is not an ISO country."""
    code = code.strip().upper()
    if len(code) == 2:
        return code if code in countries else None
    if len(code) == 3:
        return _alpha3_to_alpha2().get(code)
    return None


def to_alpha3(alpha2: str) -> str:
    return countries.alpha3(alpha2)


def name_of(alpha2: str) -> str:
    return str(countries.name(alpha2))
