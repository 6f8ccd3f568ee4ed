"""The abstract models of a person subject: identity fields and name forms.

A person record and a notice about a person hold the same identity fields, which screening
matches alike. They live in records, whose persons are the first such subject: notices
already import records, and records import neither notices nor screening. The helpers that
read and write name forms are in `records/names.py`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    UNKNOWN = "U", _("Unknown")


class PersonSubject(models.Model):
    """A person as screening needs them: partial date of birth, sex, nationalities, birthplace."""

    dob_year = models.PositiveSmallIntegerField(null=True, blank=True)
    dob_month = models.PositiveSmallIntegerField(null=True, blank=True)
    dob_day = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    nationalities = models.ManyToManyField("network.Country", blank=True, related_name="+")
    place_of_birth = models.CharField(max_length=200, blank=True)
    country_of_birth = models.ForeignKey(
        "network.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    distinguishing_marks = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def date_of_birth(self) -> str:
        """'1974', '1974-08' or '1974-08-12'; empty when the year is unknown."""
        if self.dob_year is None:
            return ""
        parts = [f"{self.dob_year:04d}"]
        if self.dob_month:
            parts.append(f"{self.dob_month:02d}")
            if self.dob_day:
                parts.append(f"{self.dob_day:02d}")
        return "-".join(parts)


class NameForm(models.Model):
    """One form of a subject's name: native script and Latin forms side by side, aliases.
    A concrete model adds the foreign key to its subject, with related_name "names"."""

    given = models.CharField(max_length=200, blank=True)
    family = models.CharField(max_length=200, blank=True)
    full = models.CharField(max_length=400, blank=True)
    script = models.CharField(max_length=8, blank=True)  # ISO 15924, e.g. Latn, Cyrl, Arab
    language = models.CharField(max_length=8, blank=True)  # e.g. ru, ar
    is_alias = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        return self.full or " ".join(p for p in (self.given, self.family) if p)
