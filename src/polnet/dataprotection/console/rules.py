"""The four rules that find unusual processing, each over fixed windows of time (UTC).

- Reads far above peers (one day): a user's reads of records (audit entries `read` on a
  record kind) exceed max(PEER_FACTOR times the median of their peers, READS_FLOOR); peers are
  the other users of the same role who read any record that day.
- Searches outside a unit's usual hours or scope (one day): the unit's usual hours are the
  hours of the day (UTC) that held at least USUAL_HOUR_SHARE of its checks over the
  LEARNING_DAYS before the day, learned only from at least LEARNING_MIN checks; its scope is
  the kinds of check it made then. OFF_PATTERN_MIN checks or more at other hours, or of
  other kinds, alert.
- Fishing (one clock hour): FISHING_MIN person checks or more by one user whose names are
  near-identical (normalised: accents, case, punctuation and word order removed; at most
  FISHING_DISTANCE edits apart), in at least FISHING_VARIANTS spellings.
- Reads of restricted records (one day): reads of a record whose owner restricted it to listed
  countries, or gave it handling code H2 or H3, by anyone outside the owner bureau who is
  not of a listed country (for H2 and H3: anyone outside the owner bureau). The access rule
  lets the secretariat's readers through, and a listing can change after a read: what is
  allowed may still deserve a look. The record's restriction is read as it is at scan time.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import Count

from polnet.core.models import AuditEntry
from polnet.core.policy import Restriction
from polnet.network.models import Unit
from polnet.records.kinds import KINDS as RECORD_KINDS
from polnet.screening.models import QueryLog

PEER_FACTOR = 3
READS_FLOOR = 50
LEARNING_DAYS = 30
LEARNING_MIN = 50
USUAL_HOUR_SHARE = 0.02
OFF_PATTERN_MIN = 3
FISHING_MIN = 6
FISHING_VARIANTS = 3
FISHING_DISTANCE = 2
RESTRICTED_HANDLING = ("H2", "H3")


@dataclass(frozen=True)
class Finding:
    """What a rule found: the alert to raise, unless its key was raised before."""

    kind: str
    user_id: int | None
    subject_name: str
    affiliation: str
    concerns_country: str | None
    window_start: datetime
    window_end: datetime
    figures: dict[str, Any]

    @property
    def key(self) -> str:
        return "|".join(
            [
                self.kind,
                self.subject_name,
                self.affiliation,
                self.concerns_country or "-",
                self.window_start.isoformat(),
            ]
        )


@lru_cache(maxsize=1024)
def _unit_country(unit_id: int) -> str | None:
    return Unit.objects.filter(pk=unit_id).values_list("bureau__country_id", flat=True).first()


def country_of(affiliation: str) -> str | None:
    """The bureau an affiliation belongs to; None for the secretariat (or nobody)."""
    kind, _, value = affiliation.partition(":")
    if kind == "bureau":
        return value or None
    if kind == "unit" and value.isdigit():
        return _unit_country(int(value))
    return None


def days(start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
    """The whole days (UTC) from the day of `start` up to the day before `end`'s."""
    day = datetime.combine(start.date(), time.min, tzinfo=start.tzinfo)
    while day + timedelta(days=1) <= end:
        yield day, day + timedelta(days=1)
        day += timedelta(days=1)


def hours(start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
    hour = start.replace(minute=0, second=0, microsecond=0)
    while hour + timedelta(hours=1) <= end:
        yield hour, hour + timedelta(hours=1)
        hour += timedelta(hours=1)


# ---- reads far above peers ----------------------------------------------------------------


def read_volume(start: datetime, end: datetime) -> list[Finding]:
    counts = (
        AuditEntry.objects.filter(
            at__gte=start, at__lt=end, action="read", object_type__in=list(RECORD_KINDS), user__isnull=False
        )
        .values("user_id", "actor_name", "actor_role", "affiliation")
        .annotate(reads=Count("pk"))
    )
    by_role: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for counted in counts:
        row: dict[str, Any] = dict(counted)
        by_role[row["actor_role"]].append(row)
    found = []
    for rows in by_role.values():
        for row in rows:
            peers = [r["reads"] for r in rows if r is not row]
            median = statistics.median(peers) if peers else 0
            threshold = max(PEER_FACTOR * median, READS_FLOOR)
            if row["reads"] > threshold:
                found.append(
                    Finding(
                        "read_volume",
                        row["user_id"],
                        row["actor_name"],
                        row["affiliation"],
                        None,
                        start,
                        end,
                        {
                            "reads": row["reads"],
                            "peers": len(peers),
                            "median": median,
                            "threshold": threshold,
                            "factor": PEER_FACTOR,
                            "floor": READS_FLOOR,
                        },
                    )
                )
    return found


# ---- searches outside usual hours or scope ------------------------------------------------


def _usual(history: list[tuple[datetime, str]]) -> tuple[set[int], set[str]]:
    by_hour = Counter(at.hour for at, _ in history)
    hours_ = {h for h, n in by_hour.items() if n / len(history) >= USUAL_HOUR_SHARE}
    return hours_, {kind for _, kind in history}


def off_pattern(start: datetime, end: datetime) -> list[Finding]:
    units = (
        QueryLog.objects.filter(at__gte=start, at__lt=end, affiliation__startswith="unit:")
        .values_list("affiliation", flat=True)
        .distinct()
    )
    found = []
    for affiliation in sorted(set(units)):
        history = list(
            QueryLog.objects.filter(
                affiliation=affiliation, at__gte=start - timedelta(days=LEARNING_DAYS), at__lt=start
            ).values_list("at", "kind")
        )
        if len(history) < LEARNING_MIN:
            continue  # too little to learn from
        usual_hours, usual_kinds = _usual(history)
        day = list(
            QueryLog.objects.filter(affiliation=affiliation, at__gte=start, at__lt=end).values_list(
                "at", "kind", "actor_name"
            )
        )
        off_hours = [(at, name) for at, _, name in day if at.hour not in usual_hours]
        off_kinds = [(kind, name) for _, kind, name in day if kind not in usual_kinds]
        if len(off_hours) < OFF_PATTERN_MIN and len(off_kinds) < OFF_PATTERN_MIN:
            continue
        users = Counter(name for _, name in off_hours) + Counter(name for _, name in off_kinds)
        found.append(
            Finding(
                "off_hours",
                None,
                affiliation,
                affiliation,
                None,
                start,
                end,
                {
                    "searches": len(day),
                    "off_hours": len(off_hours),
                    "at_hours": sorted({at.hour for at, _ in off_hours}),
                    "usual_hours": sorted(usual_hours),
                    "off_kinds": len(off_kinds),
                    "new_kinds": sorted({kind for kind, _ in off_kinds}),
                    "usual_kinds": sorted(usual_kinds),
                    "learned_from": len(history),
                    "learning_days": LEARNING_DAYS,
                    "users": [name for name, _ in users.most_common(5)],
                },
            )
        )
    return found


# ---- fishing -------------------------------------------------------------------------------


def normalise_name(names: Any) -> str:
    """One string for a check's names: letters only, no accents or case, words sorted."""
    if isinstance(names, dict):
        names = list(names.values())
    if not isinstance(names, list):
        names = [names]
    parts: list[str] = []
    for name in names:
        text = " ".join(str(v) for v in name.values()) if isinstance(name, dict) else str(name)
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
        )
        parts += "".join(c if c.isalpha() else " " for c in plain).split()
    return " ".join(sorted(parts))


def distance(a: str, b: str, limit: int = FISHING_DISTANCE) -> int:
    """Levenshtein distance, stopping once it is over `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def fishing(start: datetime, end: datetime) -> list[Finding]:
    rows = QueryLog.objects.filter(at__gte=start, at__lt=end, kind="person").values_list(
        "user_id_ref", "actor_name", "affiliation", "query"
    )
    by_user: dict[tuple[int | None, str, str], list[str]] = defaultdict(list)
    for user_id, name, affiliation, query in rows:
        key = normalise_name(query.get("names", []) if isinstance(query, dict) else [])
        if key:
            by_user[(user_id, name, affiliation)].append(key)
    found = []
    for (user_id, name, affiliation), keys in by_user.items():
        clusters: list[list[str]] = []
        for n in keys:
            home = next((c for c in clusters if distance(c[0], n) <= FISHING_DISTANCE), None)
            if home is None:
                clusters.append([n])
            else:
                home.append(n)
        for cluster in clusters:
            variants = sorted(set(cluster))
            if len(cluster) >= FISHING_MIN and len(variants) >= FISHING_VARIANTS:
                found.append(
                    Finding(
                        "fishing",
                        user_id,
                        name,
                        affiliation,
                        None,
                        start,
                        end,
                        {
                            "searches": len(cluster),
                            "variants": len(variants),
                            "examples": variants[:5],
                            "minimum": FISHING_MIN,
                            "distance": FISHING_DISTANCE,
                        },
                    )
                )
                break  # one alert per user and hour
    return found


# ---- reads of restricted records ----------------------------------------------------------


def restricted_reads(start: datetime, end: datetime) -> list[Finding]:
    reads = list(
        AuditEntry.objects.filter(
            at__gte=start, at__lt=end, action="read", object_type__in=list(RECORD_KINDS)
        ).values_list("user_id", "actor_name", "affiliation", "object_type", "object_id")
    )
    wanted: dict[str, set[int]] = defaultdict(set)
    for *_, kind, object_id in reads:
        if object_id.isdigit():
            wanted[kind].add(int(object_id))
    facts: dict[tuple[str, int], tuple[str, str, str, frozenset[str]]] = {}
    for kind, ids in wanted.items():
        model = RECORD_KINDS[kind].model
        restricted = model.objects.filter(pk__in=ids).filter(
            restriction=Restriction.ONLY_LISTED
        ) | model.objects.filter(pk__in=ids, handling_code__in=RESTRICTED_HANDLING)
        for rec in restricted.prefetch_related("listed_countries"):
            listed = frozenset(c.code for c in rec.listed_countries.all())
            facts[(kind, rec.pk)] = (rec.owner_country_id, rec.restriction, rec.handling_code, listed)
    grouped: dict[tuple[int | None, str, str, str], list[str]] = defaultdict(list)
    reasons: dict[tuple[int | None, str, str, str], Counter[str]] = defaultdict(Counter)
    for user_id, name, affiliation, kind, object_id in reads:
        fact = facts.get((kind, int(object_id))) if object_id.isdigit() else None
        if fact is None:
            continue
        owner, restriction, handling, listed = fact
        reader = country_of(affiliation)
        if reader == owner:
            continue
        why = []
        if restriction == Restriction.ONLY_LISTED and reader not in listed:
            why.append("only_listed")
        if handling in RESTRICTED_HANDLING:
            why.append(handling)
        if not why:
            continue
        group = (user_id, name, affiliation, owner)
        grouped[group].append(f"{kind}:{object_id}")
        reasons[group].update(why)
    return [
        Finding(
            "restricted_read",
            user_id,
            name,
            affiliation,
            owner,
            start,
            end,
            {
                "reads": len(records),
                "records": sorted(set(records))[:20],
                "owner": owner,
                "only_listed": reasons[(user_id, name, affiliation, owner)]["only_listed"],
                "h2": reasons[(user_id, name, affiliation, owner)]["H2"],
                "h3": reasons[(user_id, name, affiliation, owner)]["H3"],
            },
        )
        for (user_id, name, affiliation, owner), records in grouped.items()
    ]
