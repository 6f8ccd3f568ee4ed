"""Planted duplicates across bureaus, built through the real services.

The truth: Ivan Ivanov is recorded by France (Latin), Italy (Cyrillic, year and month of
birth) and Germany (German spelling, year only); Mohammed Al-Rashid by France and Germany
(Muhammad, with the Arabic-script form, year only). Jean Dupont, Maria Rossi and Ivan Petrov
(Ivanov's first name and date of birth) are other people. Spain records an Ivan Ivanov only
Italy may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from polnet.analysis import services as projects
from polnet.analysis.models import Project
from polnet.records import services as records
from tests.factories import Network, access

IVANOV = ("person", "ivanov")


def person(
    net: Network,
    owner: str,
    names: list[dict[str, str]],
    dob: str,
    nationalities: list[str],
    sex: str = "M",
    **restriction: Any,
) -> str:
    data = {
        "names": names,
        "date_of_birth": dob,
        "sex": sex,
        "nationalities": nationalities,
        **access(**restriction),
    }
    record = records.create_record(net.actor(f"{owner}-officer"), "person", data)
    return f"person:{record.pk}"


@dataclass
class Planted:
    keys: dict[str, str]
    truth: set[tuple[str, str]]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def plant(net: Network) -> Planted:
    k: dict[str, str] = {}
    k["ivanov_fr"] = person(
        net, "FR", [{"given": "Ivan", "family": "Ivanov", "script": "Latn"}], "1974-08-12", ["RU"]
    )
    k["ivanov_it"] = person(
        net,
        "IT",
        [{"given": "Иван", "family": "Иванов", "script": "Cyrl", "language": "ru"}],
        "1974-08",
        ["RU"],
    )
    k["ivanov_de"] = person(
        net, "DE", [{"given": "Iwan", "family": "Iwanow", "script": "Latn"}], "1974", ["RU"]
    )
    k["rashid_fr"] = person(
        net, "FR", [{"given": "Mohammed", "family": "Al-Rashid", "script": "Latn"}], "1980-05-03", ["SY"]
    )
    k["rashid_de"] = person(
        net,
        "DE",
        [
            {"given": "Muhammad", "family": "Rashid", "script": "Latn"},
            {"full": "محمد الراشد", "script": "Arab", "language": "ar"},
        ],
        "1980",
        ["SY"],
    )
    k["dupont_fr"] = person(
        net, "FR", [{"given": "Jean", "family": "Dupont", "script": "Latn"}], "1990-01-01", ["FR"]
    )
    k["rossi_it"] = person(
        net, "IT", [{"given": "Maria", "family": "Rossi", "script": "Latn"}], "1985-02-02", ["IT"], sex="F"
    )
    k["petrov_de"] = person(
        net, "DE", [{"given": "Ivan", "family": "Petrov", "script": "Latn"}], "1974-08-12", ["RU"]
    )
    k["hidden_es"] = person(
        net,
        "ES",
        [{"given": "Ivan", "family": "Ivanov", "script": "Latn"}],
        "1974-08-12",
        ["RU"],
        restriction="only_listed",
        listed=["IT"],
    )
    truth = {
        _pair(k["ivanov_fr"], k["ivanov_it"]),
        _pair(k["ivanov_fr"], k["ivanov_de"]),
        _pair(k["ivanov_it"], k["ivanov_de"]),
        _pair(k["rashid_fr"], k["rashid_de"]),
    }
    return Planted(k, truth)


def open_project(net: Network, analyst: str = "FR-analyst", participants: list[str] | None = None) -> Project:
    return projects.open_project(
        net.actor(analyst),
        name="Fugitives across the region",
        purpose="investigation",
        crime_area="fugitives",
        review_date=date.today() + timedelta(days=300),
        participants=participants if participants is not None else ["DE", "IT"],
    )
