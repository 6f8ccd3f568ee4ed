"""Translated labels of the analysis app's stored choices, by group name, for the `label`
template filter ({{ project.crime_area|label:"crime_area" }})."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models

from polnet.analysis.models import ContributionKind, ContributionRestriction, CrimeArea
from polnet.core.errors import StrOrPromise


def _labels(choices: type[models.TextChoices]) -> dict[str, StrOrPromise]:
    return {str(value): label for value, label in choices.choices}


CHOICES: dict[str, Mapping[str, StrOrPromise]] = {
    "crime_area": _labels(CrimeArea),
    "contribution_kind": _labels(ContributionKind),
    "contribution_restriction": _labels(ContributionRestriction),
}
