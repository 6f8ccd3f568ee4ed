"""What the comparisons and their levels read like, in the reader's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COMPARISONS: dict[str, Promise] = {
    "name": _("Name"),
    "dob": _("Date of birth"),
    "sex": _("Sex"),
    "nationality": _("Nationality"),
    "identifier": _("Identifiers"),
}

LEVELS: dict[str, dict[str, Promise]] = {
    "name": {
        "exact": _("the same name, in any script or spelling"),
        "consonants": _("the same consonants (a script without vowels)"),
        "family_given": _("family and given names agree, parts missing or swapped"),
        "close": _("nearly the same spelling"),
        "family_initial": _("same family name and initial"),
        "family": _("same family name only"),
        "similar": _("similar spelling"),
        "other": _("different names"),
    },
    "dob": {
        "exact": _("the same date"),
        "year_month": _("same year and month; the day is unknown on one side"),
        "year_only": _("same year; the month is unknown on one side"),
        "swapped": _("day and month swapped"),
        "year_slip": _("the year one apart, the rest agrees"),
        "one_part": _("same year, the day or the month differs"),
        "same_year": _("same year only"),
        "near": _("within two years"),
        "other": _("different dates"),
    },
    "sex": {"agree": _("the same"), "other": _("different")},
    "nationality": {"agree": _("a nationality in common"), "other": _("no nationality in common")},
    "identifier": {"agree": _("an identifier in common"), "other": _("different identifiers")},
}

UNKNOWN: Promise = _("unknown on one side")

STAGES: dict[str, Promise] = {
    "reading": _("Reading the persons you may see"),
    "training": _("Training the model"),
    "u": _("Training the model"),
    "em_dob": _("Training the model"),
    "em_name": _("Training the model"),
    "predicting": _("Comparing the pairs"),
    "storing": _("Storing the pairs"),
}

TRAINING: dict[str, Promise] = {
    "trained": _("Model trained on these persons."),
    "too_few_persons": _(
        "Too few persons to train a model: fixed prior probabilities were used. Read the "
        "probabilities as a ranking."
    ),
}
TRAINING_FAILED: Promise = _("Training did not converge: fixed prior probabilities were used.")


def comparison_label(name: str) -> str:
    return str(COMPARISONS.get(name, name))


def level_label(name: str, level: str) -> str:
    if level == "unknown":
        return str(UNKNOWN)
    return str(LEVELS.get(name, {}).get(level, level))


def training_label(note: str) -> str:
    if note in TRAINING:
        return str(TRAINING[note])
    return str(TRAINING_FAILED) if note.startswith("failed") else ""


def register() -> None:
    """The template label groups of the run's and the pair's states."""
    from polnet.analysis.resolution.models import PairStatus, RunStatus
    from polnet.core import labels as core_labels

    core_labels.register(
        {
            "resolution_run_status": {c.value: c.label for c in RunStatus},
            "resolution_pair_status": {c.value: c.label for c in PairStatus},
        }
    )
