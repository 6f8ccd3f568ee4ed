"""The rollup of the screening query log: checks counted per day, kind, country and post.

The query log grows by millions of rows and never changes, so its counts are folded into
this table as rows arrive (`rollup.fold`), and a trend reads a few thousand rollup rows
instead of every check. The watermark is the last query-log id folded: a fold adds the rows
after it and moves it in the same transaction, so a row is counted once whatever stops it.
"""

from __future__ import annotations

from django.db import models

__all__ = ["CheckRollup", "RollupWatermark"]


class CheckRollup(models.Model):
    day = models.DateField()  # UTC
    kind = models.CharField(max_length=16)
    # The checking party's country; "" for the secretariat.
    country = models.CharField(max_length=2, blank=True)
    # The post (a screening unit's id); 0 for a check by a bureau or the secretariat itself.
    post = models.BigIntegerField(default=0)
    checks = models.BigIntegerField(default=0)
    hits = models.BigIntegerField(default=0)  # checks that found at least one match

    class Meta:
        ordering = ["day", "kind", "country", "post"]
        constraints = [
            models.UniqueConstraint(fields=["day", "kind", "country", "post"], name="check_rollup_once")
        ]
        indexes = [models.Index(fields=["country", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.country or 'secretariat'}/{self.post}: {self.checks}"


class RollupWatermark(models.Model):
    """How far a rollup has read its source: the last source id folded."""

    name = models.CharField(max_length=32, primary_key=True)
    last_id = models.BigIntegerField(default=0)
    folded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.last_id}"
