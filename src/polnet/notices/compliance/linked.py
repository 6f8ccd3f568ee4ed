"""Who may see a notice, against who may see the records it links.

A notice built from a restricted record must not quietly reach countries the record's owner
kept it from. Two uses: a new notice may take the most restrictive sharing of its linked
records, and the pre-check flags a notice (or a public extract) wider than a linked record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from polnet.core.errors import InvalidInput
from polnet.core.policy import Restriction
from polnet.records.models import Record

# Handling codes that limit passing the record on: H2 "not to be passed on", H3 "other
# conditions" (which the reviewer must read).
PASSING_ON_LIMITED = frozenset({"H2", "H3"})


@dataclass(frozen=True)
class Audience:
    """The member countries an object is shared with: the listed ones (``only``), or all but
    the ``excluded``; and whether only bureaus, not their units, see it."""

    only: frozenset[str] | None = None
    excluded: frozenset[str] = frozenset()
    bureau_only: bool = False

    @classmethod
    def of(cls, restriction: str, listed: Iterable[str], bureau_only: bool) -> Audience:
        codes = frozenset(listed)
        if restriction == Restriction.ONLY_LISTED:
            return cls(only=codes, bureau_only=bureau_only)
        if restriction == Restriction.ALL_EXCEPT_LISTED:
            return cls(excluded=codes, bureau_only=bureau_only)
        return cls(bureau_only=bureau_only)

    def __and__(self, other: Audience) -> Audience:
        """Who both let see."""
        bureau_only = self.bureau_only or other.bureau_only
        if self.only is None and other.only is None:
            return Audience(excluded=self.excluded | other.excluded, bureau_only=bureau_only)
        if self.only is not None and other.only is not None:
            return Audience(only=self.only & other.only, bureau_only=bureau_only)
        only = self.only if self.only is not None else other.only
        excluded = other.excluded if self.only is not None else self.excluded
        assert only is not None
        return Audience(only=only - excluded, bureau_only=bureau_only)

    def reaches_beyond(self, other: Audience, *, owner: str) -> bool:
        """Some country other than ``owner`` sees this but not ``other``."""
        if other.only is None:
            beyond = self.only & other.excluded if self.only is not None else other.excluded - self.excluded
        else:
            if self.only is None:
                return True  # all but a few is wider than a list
            beyond = self.only - other.only
        return bool(beyond - {owner})

    def sharing(self) -> dict[str, Any]:
        """As a notice's restriction, listed countries and bureau-only flag."""
        if self.only is not None:
            return {
                "restriction": Restriction.ONLY_LISTED,
                "listed_countries": sorted(self.only),
                "bureau_only": self.bureau_only,
            }
        if self.excluded:
            return {
                "restriction": Restriction.ALL_EXCEPT_LISTED,
                "listed_countries": sorted(self.excluded),
                "bureau_only": self.bureau_only,
            }
        return {
            "restriction": Restriction.ALL_MEMBERS,
            "listed_countries": [],
            "bureau_only": self.bureau_only,
        }


def audience_of(obj: Any) -> Audience:
    return Audience.of(obj.restriction, obj.listed_codes(), obj.bureau_only)


def narrowest(records: Iterable[Record], owner: str) -> dict[str, Any]:
    """The sharing of a new notice that reaches no country a linked record keeps out."""
    audience = Audience()
    for rec in records:
        audience &= audience_of(rec)
    if audience.only is not None and not (audience.only - {owner}):
        raise InvalidInput(
            gettext_lazy(
                "The linked records are shared with no common country; choose who may see the notice."
            ),
            code="links_share_no_country",
            field="restriction",
        )
    # The owner always sees its own notice: it need not be listed, and is never kept out.
    if audience.only is not None:
        audience = Audience(only=audience.only - {owner}, bureau_only=audience.bureau_only)
    else:
        audience = Audience(excluded=audience.excluded - {owner}, bureau_only=audience.bureau_only)
    return audience.sharing()


def findings(notice: Any, records: Iterable[Record], *, extract: bool) -> Iterator[dict[str, Any]]:
    """Pre-check findings: each linked record the notice (or its public extract) would show
    more widely than the record's owner allows, with the reason."""
    mine = audience_of(notice)
    for rec in records:
        theirs = audience_of(rec)
        reasons = []
        if mine.reaches_beyond(theirs, owner=rec.owner_country_id):
            reasons.append("restriction")
        if theirs.bureau_only and not mine.bureau_only:
            reasons.append("bureau_only")
        if rec.handling_code in PASSING_ON_LIMITED:
            reasons.append("handling")
        if extract and (theirs != Audience() or rec.handling_code in PASSING_ON_LIMITED):
            reasons.append("extract")
        for reason in reasons:
            yield {
                "code": "link_restricted",
                "field": f"links.{rec.RECORD_KIND}",
                "params": {
                    "kind": rec.RECORD_KIND,
                    "record": rec.pk,
                    "reason": reason,
                    "handling": rec.handling_code,
                },
            }
