"""Building a unit's offline package (full or delta) and taking in the hits its post found.

What a package holds is decided by the same rule as an online check by the unit: the
records read by the screening index's row readers, kept when the access policy's predicate
for the unit's actor holds on their access facts; and, for a unit that screens persons, the
subjects of notices in force its person check would find (`screening.notice_subjects`).
Versions are positions in two change feeds: the records' (`version`) and the notices'
(`notice_version`). A full package is the state at (N, M); a delta since V holds every record
changed in (V, N], as its row when the unit may screen it now, else as a removal, and with a
notices' base W every notice changed in (W, M] the same way, without one all the subjects.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import timedelta
from itertools import chain
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit, policy
from polnet.core.actor import Actor, ResultLevel, Role, UnitScope
from polnet.core.errors import Forbidden, InvalidInput, NotFound
from polnet.core.write_queue import one_writer
from polnet.network.models import Bureau, Unit
from polnet.notices.models import NoticeChange
from polnet.offline import keys
from polnet.offline.models import BureauKey, UploadedHit
from polnet.offline.policy import may_build_for, may_upload_for
from polnet.post.package import encode_payload, fingerprint, seal
from polnet.post.rows import ENCODE, HIT_ONLY
from polnet.records.models import RECORD_MODELS, RecordChange
from polnet.screening.engine.engines import KINDS
from polnet.screening.notice_subjects import screenable_notices, screenable_subjects
from polnet.screening.rows import ROW_READERS, access_facts
from polnet.screening.services import record_uploaded_hits

CHUNK = 5000


def unit_actor(unit: Unit) -> Actor:
    """The unit as an online check sees it: its scope, of its bureau's country."""
    scope = UnitScope(
        unit_id=unit.pk,
        kind=unit.kind,
        databases=frozenset(unit.databases) if unit.active else frozenset(),
        result_level=ResultLevel(unit.result_level),
        may_write=False,
    )
    return Actor(
        user_id=None,
        username=f"unit-{unit.pk}",
        role=Role.UNIT_OFFICER,
        country=unit.bureau.country_id,
        bureau_id=unit.bureau_id,
        unit=scope,
        origin="offline",
    )


def public_key(country: str) -> tuple[bytes, str, int]:
    """The bureau's public key, its fingerprint and its packages' maximum age in hours."""
    bureau = Bureau.objects.filter(country_id=country.upper()).first()
    if bureau is None:
        raise NotFound(_("There is no bureau of this country."), code="offline_bureau_not_found")
    row = keys.key_row(bureau)
    public = bytes(row.public_key)
    return public, fingerprint(public), row.max_age_hours


def set_max_age(actor: Actor, hours: int) -> BureauKey:
    if actor.bureau_id is None or actor.role != Role.BUREAU_ADMIN:
        raise Forbidden(_("Only a bureau administrator sets this."), code="offline_not_bureau_admin")
    if not 1 <= hours <= 24 * 90:
        raise InvalidInput(
            _("The maximum age is between 1 hour and 90 days."), code="offline_max_age_range", field="hours"
        )
    row = keys.key_row(Bureau.objects.get(pk=actor.bureau_id))
    row.max_age_hours = hours
    row.save(update_fields=["max_age_hours"])
    return row


def _unit(actor: Actor, unit_id: int) -> Unit:
    unit = Unit.objects.select_related("bureau").filter(pk=unit_id).first()
    if unit is None or not may_build_for(actor, unit.bureau_id):
        raise NotFound(_("There is no such unit in your bureau."), code="offline_unit_not_found")
    return unit


def _kinds(unit_scope: Actor) -> list[str]:
    return [k for k in KINDS if unit_scope.unit is not None and k in unit_scope.unit.databases]


def scope_digest(actor: Actor) -> str:
    """What a delta must share with the package before it: the unit's access, not its records."""
    assert actor.unit is not None
    scope = [actor.country, sorted(actor.unit.databases), str(actor.unit.result_level)]
    return hashlib.sha256(json.dumps(scope).encode()).hexdigest()[:16]


def _lines(
    unit: Actor, kind: str, only: list[int] | None, counts: dict[str, int]
) -> Iterator[dict[str, Any]]:
    """The kind's rows the unit may screen (and, for a delta, removals of the others)."""
    rule = policy.visibility(unit)  # the online check's rule for this unit
    full = policy.discloses_details(unit)
    model = RECORD_MODELS[kind]
    pending: list[tuple[Any, str]] = []
    visible: set[int] = set()

    def flush() -> Iterator[dict[str, Any]]:
        if not full:  # a hit / no hit unit learns neither whose record it hit nor what it asks
            yield from ({"k": kind, "r": ENCODE[kind](HIT_ONLY[kind](row))} for row, _ in pending)
            pending.clear()
            return
        # What each record asks an officer to do on a hit, as the online hit keeps it.
        actions: dict[int, tuple[str, str, str]] = {}
        access_facts(model, [row.record_id for row, _ in pending], actions)
        for row, owner in pending:
            action = actions.get(row.record_id, ("", "", ""))[0]
            yield {"k": kind, "r": ENCODE[kind](row), "o": owner, "a": action}
        pending.clear()

    for row, facts in ROW_READERS[kind](only=only):
        if not rule.holds(facts):
            continue
        visible.add(row.record_id)
        counts[kind] = counts.get(kind, 0) + 1
        pending.append((row, facts.owner_country))
        if len(pending) >= CHUNK:
            yield from flush()
    yield from flush()
    for rid in only or ():
        if rid not in visible:
            counts["removed"] = counts.get("removed", 0) + 1
            yield {"k": kind, "d": rid}


def _notice_lines(unit: Actor, since: int | None, counts: dict[str, int]) -> tuple[list[dict[str, Any]], int]:
    """The subjects of notices in force the unit's person check would find (with ``since``,
    those changed after it, and removals of the others changed), and the notices' feed position.
    A hit / no hit unit gets names and date of birth only: not the notice's kind, reference,
    owner or action, which would say what the notice is."""
    found = screenable_subjects(unit, since)
    full = policy.discloses_details(unit)
    actions: dict[int, tuple[str, str, str]] = {}
    if full and found.rows:
        screenable_notices(unit, [row.record_id for row, _ in found.rows], actions)
    lines: list[dict[str, Any]] = []
    for row, info in found.rows:
        if full:
            line = {"k": "notice", "r": ENCODE["notice"](row), "o": info.facts.owner_country}
            line |= {
                "a": actions.get(row.record_id, ("", "", ""))[0],
                "n": [info.reference, info.kind, info.channel],
            }
        else:
            line = {"k": "notice", "r": ENCODE["notice"](HIT_ONLY["notice"](row))}
        lines.append(line)
    lines += [{"k": "notice", "d": notice_id} for notice_id in found.removed]
    if found.rows:
        counts["notice"] = len(found.rows)
    if found.removed:
        counts["removed"] = counts.get("removed", 0) + len(found.removed)
    return lines, found.last_seq


def _changed_since(since: int, version: int) -> dict[str, list[int]]:
    """Each kind's records changed in (since, version], from the change feed."""
    ids: dict[str, set[int]] = {k: set() for k in KINDS}
    feed = RecordChange.objects.filter(seq__gt=since, seq__lte=version, kind__in=KINDS)
    for kind, rid, last in feed.values_list("kind", "record_id", "last_record_id").iterator():
        ids[kind].update(range(rid, last + 1) if last is not None else (rid,))
    return {k: sorted(v) for k, v in ids.items()}


def _feed_position(model: Any) -> int:
    return model.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def build_package(
    actor: Actor, unit_id: int, since: int | None = None, notice_since: int | None = None
) -> bytes:
    """The unit's package, signed with its bureau's key: full, or a delta since a version (and,
    to carry only the notices changed, since a notices' version)."""
    unit = _unit(actor, unit_id)
    who = unit_actor(unit)
    version = _feed_position(RecordChange)
    if since is not None and not 0 <= since <= version:
        raise InvalidInput(
            _("There is no such version to build a delta from."), code="offline_since_unknown", field="since"
        )
    if notice_since is not None and since is None:
        raise InvalidInput(
            _("A notices' version is given only with the version of a delta."),
            code="offline_notice_since_alone",
            field="notice_since",
        )
    if notice_since is not None and not 0 <= notice_since <= _feed_position(NoticeChange):
        raise InvalidInput(
            _("There is no such notices' version to build a delta from."),
            code="offline_notice_since_unknown",
            field="notice_since",
        )
    kinds = _kinds(who)
    changed = _changed_since(since, version) if since is not None else None
    counts: dict[str, int] = {}
    if "person" in kinds:
        notice_lines, notice_version = _notice_lines(who, notice_since, counts)
    else:  # the notices' subjects are found by a person check only
        notice_lines, notice_version = [], _feed_position(NoticeChange)
    lines = (ln for kind in kinds for ln in _lines(who, kind, changed[kind] if changed else None, counts))
    payload = encode_payload(chain(lines, notice_lines))
    row = keys.key_row(unit.bureau)
    now = timezone.now()
    manifest = {
        "unit": unit.pk,
        "bureau": unit.bureau.country_id,
        "version": version,
        "base_version": since,
        "notice_version": notice_version,
        "notice_base_version": notice_since,
        "created_at": now.isoformat(),
        "expires_at": (now + timedelta(hours=row.max_age_hours)).isoformat(),
        "kinds": kinds,
        "result_level": str(unit.result_level),
        "scope": scope_digest(who),
        "counts": counts,
    }
    data = seal(manifest, payload, keys.private_key(row))
    audit.log(
        actor,
        audit.Action.EXPORT,
        "offline_package",
        unit.pk,
        detail={
            "version": version,
            "since": since,
            "notice_version": notice_version,
            "notice_since": notice_since,
            "counts": counts,
        },
    )
    return data


# ---- hits uploaded by a post ----------------------------------------------------------------


def upload_hits(actor: Actor, unit_id: int, post_id: str, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each hit made once: by the post's hit id, a second upload is answered "duplicate"."""
    if not may_upload_for(actor, unit_id):
        raise Forbidden(
            _("Only the unit's own accounts upload its post's hits."), code="offline_not_your_unit"
        )
    answers = []
    for h in hits:
        try:
            hit_key, kind, record_id = str(h["id"])[:64], str(h["kind"]), int(h["record_id"])
            score, query, location = (
                float(h.get("score", 1.0)),
                dict(h.get("query") or {}),
                str(h.get("location", "")),
            )
        except (KeyError, TypeError, ValueError):
            raise InvalidInput(
                _("A hit in the upload is not readable."), code="offline_hit_unreadable"
            ) from None
        if kind not in RECORD_MODELS and kind != "notice":  # a notice's subject, hit by a person check
            raise InvalidInput(_("A hit in the upload is not readable."), code="offline_hit_unreadable")
        with one_writer(), transaction.atomic():
            known = UploadedHit.objects.select_for_update().filter(post_hit_id=hit_key).first()
            if known is not None:
                answers.append({"id": hit_key, "status": "duplicate", "hit_id": known.hit_id})
                continue
            query = {**query, "offline": True, "found_at": str(h.get("at", ""))[:40]}
            [made] = record_uploaded_hits(actor, [(kind, record_id, score, query, f"{location} (offline)")])
            UploadedHit.objects.create(post_hit_id=hit_key, post_id=post_id[:64], unit_id=unit_id, hit=made)
        answers.append(
            {"id": hit_key, "status": "created" if made else "gone", "hit_id": made.pk if made else None}
        )
    return answers
