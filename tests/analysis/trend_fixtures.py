"""Known checks and hits for the trends tests, written through the real query-log writer and
the hit helper the screening tests use."""

from __future__ import annotations

from datetime import UTC, date, datetime

from polnet.screening.querylog import writer
from tests.factories import Network
from tests.screening.confirm_helpers import make_hit

# 2025-12-29 is the Monday of ISO week 2026-W01; 2026-01-05 starts W02.
DAY_W01A = datetime(2025, 12, 29, 9, 0, tzinfo=UTC)
DAY_W01B = datetime(2026, 1, 4, 23, 30, tzinfo=UTC)
DAY_W02 = datetime(2026, 1, 5, 0, 15, tzinfo=UTC)
SINCE, UNTIL = date(2025, 12, 1), date(2026, 1, 31)


def check(net: Network, who: str, kind: str, at: datetime, *, hit: bool = False) -> None:
    writer.add(net.actor(who), kind, {"q": "x"}, {"hit": hit}, at=at)


def known_checks(net: Network) -> None:
    """FR: 3 person checks in W01 (one by its post), 1 document in W02; DE: 2 in W01; the
    secretariat: 1 in W02."""
    check(net, "FR-officer", "person", DAY_W01A, hit=True)
    check(net, "FR-unit-full", "person", DAY_W01A)
    check(net, "FR-unit-full", "person", DAY_W01B)
    check(net, "FR-officer", "document", DAY_W02)
    check(net, "DE-officer", "person", DAY_W01A)
    check(net, "DE-unit-full", "vehicle", DAY_W01B)
    check(net, "gs-reviewer", "person", DAY_W02)


def known_hits(net: Network) -> None:
    """Made in DE on FR records (2), in FR on IT's (1), in ES on ES's own (1)."""
    make_hit(net, owner="FR", screener="DE-unit-full", at=DAY_W01A)
    make_hit(net, owner="FR", screener="DE-unit-full", at=DAY_W02, kind="document")
    make_hit(net, owner="IT", screener="FR-unit-full", at=DAY_W01B)
    make_hit(net, owner="ES", screener="ES-unit-full", at=DAY_W02)
