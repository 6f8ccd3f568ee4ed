"""The graph's one table of its own: the identifiers found inside person records.

Everything else (holders, notices, hits, posts, lists, analysts' links) is read from the
owners' tables at query time. A person's identifiers sit in a JSON list, which no index can
reach; this table holds them normalised, kept current from the records' change feed
(`identifiers.follow_changes`), so two records holding one phone number meet in one look-up.
"""

from __future__ import annotations

from django.db import models

__all__ = ["GraphFeedPosition", "IdentifierEntry"]


class IdentifierEntry(models.Model):
    """One identifier held by one record: ("phone", "+33612345678") in person 12."""

    kind = models.CharField(max_length=16)  # the record's kind
    record_id = models.BigIntegerField()
    type = models.CharField(max_length=16)  # vocabulary.IdentifierType
    value = models.CharField(max_length=80)  # normalised

    class Meta:
        indexes = [
            models.Index(fields=["type", "value", "kind"], name="graph_ident_value"),
            models.Index(fields=["kind", "record_id"], name="graph_ident_record"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.record_id} {self.type}:{self.value}"


class GraphFeedPosition(models.Model):
    """How far the identifier table has followed the records' change feed (one row)."""

    seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"graph feed at {self.seq}"
