"""The action a notice asks of an officer on a hit, chosen by its source.

A notice's subject is a person: the person actions fit (`core.actions`). Left unchosen, a
notice takes its kind's usual action; a Red notice asks for an arrest on its warrant, and
the reference of its first warrant stands for the warrant unless the source names another.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from polnet.core.actions import HitAction, check_action, default_action
from polnet.notices.models import Notice

ACTION_FIELDS = ("hit_action", "hit_action_reference", "hit_action_note")


def warrant_reference(reference: str, authority: str = "", country: str = "") -> str:
    """'AW-2026-114 (Paris Court, FR)': the warrant as an officer names it."""
    reference = (reference or "").strip()
    if not reference:
        return ""
    said = ", ".join(p for p in ((authority or "").strip(), (country or "").strip().upper()) if p)
    return (f"{reference} ({said})" if said else reference)[:200]


def _first_warrant(notice: Notice, data: Mapping[str, Any]) -> str:
    """The reference of the first warrant, as sent or as stored."""
    if data.get("warrants") is not None:
        for w in data["warrants"]:
            ref = warrant_reference(
                w.get("reference", ""), w.get("authority", ""), w.get("issuing_country", "")
            )
            if ref:
                return ref
        return ""
    if notice.pk is None:
        return ""
    for w in notice.warrants.order_by("position", "id"):
        ref = warrant_reference(w.reference, w.authority, w.issuing_country_id)
        if ref:
            return ref
    return ""


def apply_action(notice: Notice, data: Mapping[str, Any]) -> None:
    """Set the action sent, or keep it, or give a new notice its kind's usual one. A chosen
    arrest needs a warrant reference (named, or its first warrant's); the usual arrest of a
    Red draft without a warrant yet waits for it."""
    new = notice.pk is None
    sent = any(data.get(f) is not None for f in ACTION_FIELDS)
    if not (new or sent or data.get("warrants") is not None):
        return
    action = data.get("hit_action") or notice.hit_action or default_action("notice", notice_kind=notice.kind)
    reference = data.get("hit_action_reference")
    note = data.get("hit_action_note")
    reference = notice.hit_action_reference if reference is None else reference
    note = notice.hit_action_note if note is None else note
    derived = not (reference or "").strip() or reference == _first_warrant(notice, {})
    if action == HitAction.ARREST and derived:
        reference = _first_warrant(notice, data)  # the warrant it has (or now has)
    # An arrest the source now chooses needs its warrant at once; the arrest a notice already
    # asks, sent back unchanged by its change form, waits for it as the new draft's did.
    newly_chosen = data.get("hit_action") is not None and (new or data["hit_action"] != notice.hit_action)
    if newly_chosen or reference or action != HitAction.ARREST:
        chosen = check_action("notice", str(action), reference or "", note or "")
        action, reference, note = chosen.action, chosen.reference, chosen.note
    notice.hit_action = str(action)
    notice.hit_action_reference, notice.hit_action_note = reference or "", note or ""
