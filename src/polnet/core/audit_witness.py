"""Witnesses: other polnet nodes that keep a copy of each of this node's audit checkpoints.

Receiving side: the operator registers a sending node's public key under a name
(`trust_sender`); a checkpoint is kept only if it verifies against a registered key, and is
never changed afterwards. Sending side: `deliver` posts to each witness, in order, the lines of
the checkpoint file it has not acknowledged yet; a witness that cannot be reached is tried
again on the next run, and a failure never stops the checkpoint itself.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit, signing
from polnet.core.actor import Actor
from polnet.core.audit_anchor import Checkpoint, Line, checkpoints_path, line_hash, read_lines
from polnet.core.errors import Conflict, InvalidInput, NotAuthenticated
from polnet.core.models import AuditWitnessDelivery, AuditWitnessSender, WitnessedCheckpoint

log = logging.getLogger(__name__)
WITNESS_PATH = "/api/audit/witness/"
SEND_TIMEOUT_SECONDS = 10


def trust_sender(
    actor: Actor, name: str, public_pem: str, *, now: datetime | None = None
) -> AuditWitnessSender:
    """Register the node whose checkpoints this node will witness."""
    name = name.strip()
    if not name or len(name) > 64:
        raise InvalidInput(
            _("Give the sending node a name of 1 to 64 characters."), code="witness_name", field="name"
        )
    try:
        public = signing.load_public(public_pem)
    except ValueError as e:
        raise InvalidInput(
            _("This is not an Ed25519 public key in PEM form."),
            code="witness_key_invalid",
            field="public_key",
        ) from e
    kid = signing.key_id(public)
    with transaction.atomic():
        if AuditWitnessSender.objects.filter(name=name).exists():
            raise Conflict(_("A sending node of this name is already registered."), code="witness_name_taken")
        if AuditWitnessSender.objects.filter(key_id=kid).exists():
            raise Conflict(
                _("This key is already registered for another sending node."), code="witness_key_taken"
            )
        sender = AuditWitnessSender.objects.create(
            name=name, public_key=signing.public_pem(public), key_id=kid, registered_at=now or timezone.now()
        )
        audit.log(actor, audit.Action.GRANT, "audit_witness", sender.pk, detail={"name": name, "key_id": kid})
    return sender


@dataclass(frozen=True)
class Received:
    checkpoint: WitnessedCheckpoint
    new: bool


def receive(body: bytes, *, now: datetime | None = None) -> Received:
    """Keep a checkpoint another node sent, if a registered key signed it (a line sent twice is kept once)."""
    try:
        data = json.loads(body)
        key_id = data.get("key_id") if isinstance(data, dict) else None
    except (ValueError, UnicodeDecodeError):
        key_id = None
    if not isinstance(key_id, str) or not key_id:
        raise NotAuthenticated(
            _("Send a checkpoint signed with the key of a node registered here."), code="witness_unsigned"
        )
    sender = AuditWitnessSender.objects.filter(key_id=key_id).first()
    if sender is None:
        raise NotAuthenticated(
            _("No sending node is registered here with this key."), code="witness_sender_unknown"
        )
    try:
        cp = Checkpoint.parse(data)
    except ValueError as e:
        raise InvalidInput(
            _("This is not a checkpoint of the audit chain: it needs seq, hash, at, key_id, prev and sig."),
            code="witness_checkpoint_invalid",
        ) from e
    if not cp.signature_holds(signing.load_public(sender.public_key)):
        raise NotAuthenticated(
            _("The checkpoint's signature does not verify against the registered key."),
            code="witness_signature_invalid",
        )
    digest = line_hash(cp.line())
    held = WitnessedCheckpoint.objects.filter(sender=sender, line_hash=digest).first()
    if held is not None:
        return Received(held, new=False)
    try:
        with transaction.atomic():
            kept = WitnessedCheckpoint.objects.create(
                sender=sender,
                seq=cp.seq,
                hash=cp.hash,
                at=cp.at,
                prev=cp.prev,
                signature=cp.sig,
                line_hash=digest,
                received_at=now or timezone.now(),
            )
    except IntegrityError:  # the same line, sent twice at once
        return Received(WitnessedCheckpoint.objects.get(sender=sender, line_hash=digest), new=False)
    return Received(kept, new=True)


@dataclass(frozen=True)
class WitnessedLine:
    checkpoint: WitnessedCheckpoint
    remark: str  # "" when it follows the one before; else what is wrong


def witnessed(name: str) -> list[WitnessedLine]:
    """The checkpoints kept for a sending node, in the order received, each with what is odd about it."""
    sender = AuditWitnessSender.objects.filter(name=name).first()
    if sender is None:
        raise InvalidInput(_("No sending node is registered here under this name."), code="witness_not_found")
    out: list[WitnessedLine] = []
    previous: WitnessedCheckpoint | None = None
    for cp in sender.checkpoints.order_by("id"):
        remarks = []
        if cp.prev != (previous.line_hash if previous else audit.GENESIS_HASH):
            remarks.append("does not follow the checkpoint before it")
        if previous is not None and cp.seq < previous.seq:
            remarks.append(f"goes back from #{previous.seq}")
        out.append(WitnessedLine(cp, "; ".join(remarks)))
        previous = cp
    return out


def checkpoint_payload(line: Line) -> bytes:
    """What a witness receives: the checkpoint line itself."""
    return line.text.encode()


def deliver(*, urls: list[str] | None = None, path: Path | None = None) -> dict[str, str]:
    """Send each witness the checkpoint lines it has not acknowledged; per witness, "ok" or the failure."""
    urls = settings.POLNET_AUDIT_WITNESS_URLS if urls is None else urls
    lines = read_lines(path or checkpoints_path())
    results: dict[str, str] = {}
    for base in urls:
        results[base] = _deliver_to(base, lines)
    return results


def _deliver_to(base: str, lines: list[Line]) -> str:
    state, _new = AuditWitnessDelivery.objects.get_or_create(url=base)
    hashes = [line.hash for line in lines]
    start = hashes.index(state.delivered_through) + 1 if state.delivered_through in hashes else 0
    error = ""
    for line in lines[start:]:
        error = _post(base, line)
        if error:
            break
        state.delivered_through = line.hash
    state.last_error = error[:300]
    state.last_try = timezone.now()
    state.save(update_fields=["delivered_through", "last_error", "last_try"])
    if error:
        log.warning("Audit checkpoint not delivered to witness %s (tried again next time): %s", base, error)
    return error or "ok"


def _post(base: str, line: Line) -> str:
    if not base.startswith(("https://", "http://")):
        return f"{base!r} is not an http(s) address"
    request = urllib.request.Request(  # noqa: S310  # the scheme was checked above
        base.rstrip("/") + WITNESS_PATH,
        data=checkpoint_payload(line),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=SEND_TIMEOUT_SECONDS) as answer:  # noqa: S310
            return "" if answer.status in (200, 201) else f"HTTP {answer.status}"
    except urllib.error.HTTPError as e:
        return f"HTTP {e.code}: {e.read(300).decode(errors='replace')}"
    except (urllib.error.URLError, OSError, ValueError) as e:
        return f"line {line.number}: {e}"
