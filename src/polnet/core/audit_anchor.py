"""Signed checkpoints of the audit chain, kept outside the database.

The chain and its head live in the database, so whoever can write the database can drop the
last entries and move the head back, or rebuild the chain from any entry. A checkpoint states
"the chain holds entry #seq with hash H" at a time, signed with the node's key
(`polnet.core.signing`, a file the database does not hold) and appended to a file of its own
(`POLNET_AUDIT_CHECKPOINTS`, opened with O_APPEND). Each line also holds the SHA-256 of the line
before it, so lines cannot be dropped or reordered without breaking the next one.

`verify_against_checkpoints` checks every line (signature, key, chaining) and the chain
against every checkpoint: an entry a checkpoint covers must still be there with its hash.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from polnet.core import signing
from polnet.core.audit import GENESIS_HASH, entry_hash
from polnet.core.models import AuditEntry, AuditHead

HEX = frozenset("0123456789abcdef")


def checkpoints_path() -> Path:
    return Path(settings.POLNET_AUDIT_CHECKPOINTS)


def canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def line_hash(line: str) -> str:
    return hashlib.sha256(line.encode()).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str  # ISO 8601, UTC
    key_id: str
    prev: str  # SHA-256 of the line before (64 zeros for the first)
    sig: str = ""  # base64 Ed25519 signature over the canonical JSON of the fields above

    def signed_part(self) -> bytes:
        fields = asdict(self)
        del fields["sig"]
        return canonical(fields)

    def line(self) -> str:
        return canonical(asdict(self)).decode()

    def signature_holds(self, public: Ed25519PublicKey) -> bool:
        try:
            raw = base64.b64decode(self.sig, validate=True)
        except (binascii.Error, ValueError):
            return False
        return signing.verify(public, self.signed_part(), raw)

    @classmethod
    def parse(cls, data: object) -> Checkpoint:
        """From a decoded line; ValueError names what does not fit."""
        if not isinstance(data, dict) or set(data) != {"seq", "hash", "at", "key_id", "prev", "sig"}:
            raise ValueError("not a checkpoint (fields seq, hash, at, key_id, prev, sig)")
        seq, at = data["seq"], data["at"]
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            raise ValueError("seq is not a whole number")
        for name in ("hash", "prev"):
            if not isinstance(data[name], str) or len(data[name]) != 64 or not set(data[name]) <= HEX:
                raise ValueError(f"{name} is not a SHA-256 in hex")
        if not isinstance(at, str) or len(at) > 40:
            raise ValueError("at is not a time")
        datetime.fromisoformat(at)  # raises ValueError
        if not all(isinstance(data[n], str) and len(data[n]) <= 128 for n in ("key_id", "sig")):
            raise ValueError("key_id or sig is not a short text")
        return cls(
            seq=seq, hash=data["hash"], at=at, key_id=data["key_id"], prev=data["prev"], sig=data["sig"]
        )


@dataclass(frozen=True)
class Line:
    number: int  # from 1
    text: str

    @property
    def hash(self) -> str:
        return line_hash(self.text)


def read_lines(path: Path) -> list[Line]:
    if not path.exists():
        return []
    texts = path.read_text(encoding="utf-8").splitlines()
    return [Line(n, t) for n, t in enumerate(texts, start=1) if t.strip()]


class CheckpointRefused(Exception):
    """The chain in the database does not continue the last checkpoint: nothing is signed."""


def _continues(last: Checkpoint | None, head_seq: int) -> str | None:
    """Why the chain up to the head does not extend the last checkpoint, or None.

    Only the entries after the last checkpoint are walked: the ones before were checked when it
    was written, and `verify_against_checkpoints` sees any later change to them."""
    start_seq, prev_hash = (0, GENESIS_HASH) if last is None else (last.seq, last.hash)
    if head_seq < start_seq:
        return f"the head (#{head_seq}) is behind the last checkpoint (#{start_seq})"
    if last is not None and start_seq > 0:
        at = AuditEntry.objects.filter(seq=start_seq).values_list("hash", flat=True).first()
        if at != prev_hash:
            return f"entry #{start_seq} no longer has the hash of the last checkpoint"
    expected = start_seq + 1
    for e in AuditEntry.objects.filter(seq__gt=start_seq, seq__lte=head_seq).order_by("seq").iterator():
        if e.seq != expected or e.prev_hash != prev_hash or entry_hash(e, prev_hash) != e.hash:
            return f"entry #{e.seq} does not continue the chain"
        prev_hash, expected = e.hash, expected + 1
    if expected != head_seq + 1:
        return f"entries #{expected}..#{head_seq} are missing"
    return None


def write_checkpoint(*, now: datetime | None = None, only_if_moved: bool = False) -> Checkpoint | None:
    """Sign the chain's head and append it to the checkpoint file; None if it had not moved.

    Refuses (CheckpointRefused) to sign a chain that does not continue the last checkpoint:
    a checkpoint never vouches for a truncated or rewritten log."""
    key = signing.node_key()
    path = checkpoints_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # one writer at a time: lines chain in the order written
        lines = read_lines(path)
        last = _last_checkpoint(lines)
        head = AuditHead.objects.filter(id=1).first()
        head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
        if only_if_moved and last is not None and (last.seq, last.hash) == (head_seq, head_hash):
            return None
        problem = _continues(last, head_seq)
        if problem is None and head_seq > 0:
            tip = AuditEntry.objects.filter(seq=head_seq).values_list("hash", flat=True).first()
            problem = None if tip == head_hash else f"the head's hash is not that of entry #{head_seq}"
        if problem:
            raise CheckpointRefused(problem)
        unsigned = Checkpoint(
            seq=head_seq,
            hash=head_hash,
            at=(now or timezone.now()).astimezone(UTC).isoformat(timespec="seconds"),
            key_id=key.key_id,
            prev=lines[-1].hash if lines else GENESIS_HASH,
        )
        signature = base64.b64encode(key.sign(unsigned.signed_part())).decode()
        checkpoint = Checkpoint(**{**asdict(unsigned), "sig": signature})
        os.write(fd, (checkpoint.line() + "\n").encode())
        os.fsync(fd)
        return checkpoint
    finally:
        os.close(fd)  # also releases the lock


def _last_checkpoint(lines: list[Line]) -> Checkpoint | None:
    if not lines:
        return None
    try:
        return Checkpoint.parse(json.loads(lines[-1].text))
    except ValueError as e:
        raise CheckpointRefused(f"line {lines[-1].number} of the checkpoint file cannot be read: {e}") from e


@dataclass(frozen=True)
class AnchorReport:
    path: Path
    lines: int
    latest: Checkpoint | None
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def _read_checkpoints(lines: list[Line], public: Ed25519PublicKey) -> Iterator[tuple[Line, Checkpoint | str]]:
    """Each line with its checkpoint, or what is wrong with it."""
    own_id = signing.key_id(public)
    prev = GENESIS_HASH
    for line in lines:
        try:
            cp: Checkpoint | str = Checkpoint.parse(json.loads(line.text))
        except ValueError as e:
            cp = f"cannot be read ({e})"
        if isinstance(cp, Checkpoint):
            if cp.key_id != own_id:
                cp = f"is signed by another key (key {cp.key_id}; this node's key is {own_id})"
            elif not cp.signature_holds(public):
                cp = "has a signature that does not verify: it was forged or altered"
            elif cp.prev != prev:
                cp = "does not follow the line before it: lines were removed, inserted or reordered"
        yield line, cp
        prev = line.hash


def verify_against_checkpoints(
    *, path: Path | None = None, public: Ed25519PublicKey | None = None
) -> AnchorReport:
    """Check each checkpoint line, then the chain against every checkpoint."""
    path = path or checkpoints_path()
    lines = read_lines(path)
    if not lines:
        return AnchorReport(path, 0, None, [])
    if public is None:
        if not signing.key_path().exists():  # never make a new key here: no line would verify
            missing = (
                f"the node's key file {signing.key_path()} is missing: check with its public key instead."
            )
            return AnchorReport(path, len(lines), None, [missing])
        public = signing.node_key().public
    problems: list[str] = []
    good: list[Checkpoint] = []
    for line, cp in _read_checkpoints(lines, public):
        if isinstance(cp, str):
            problems.append(f"checkpoint line {line.number} {cp}.")
        else:
            if good and cp.seq < good[-1].seq:
                problems.append(
                    f"checkpoint line {line.number} goes back from #{good[-1].seq} to #{cp.seq}: "
                    "the chain was cut and checkpointed again."
                )
            good.append(cp)
    problems += _chain_problems(good)
    return AnchorReport(path, len(lines), good[-1] if good else None, problems)


def _chain_problems(checkpoints: list[Checkpoint]) -> list[str]:
    if not checkpoints:
        return []
    problems: list[str] = []
    last_present = AuditEntry.objects.aggregate(m=Max("seq"))["m"] or 0
    furthest = max(checkpoints, key=lambda c: c.seq)
    if furthest.seq > last_present:
        problems.append(
            f"the checkpoint of {furthest.at} covers entries up to #{furthest.seq} with hash "
            f"{furthest.hash}; the log ends at #{last_present}: entries "
            f"#{last_present + 1}..#{furthest.seq} are missing."
        )
    present = _hashes_at({c.seq for c in checkpoints if 0 < c.seq <= last_present})
    matched = 0  # the last checkpointed entry that still matches, in order of seq
    for cp in sorted(checkpoints, key=lambda c: (c.seq, c.at)):
        if cp.seq == 0 or cp.seq > last_present:
            continue
        actual = present.get(cp.seq)
        if actual == cp.hash:
            matched = max(matched, cp.seq)
            continue
        if actual is None:
            problems.append(f"entry #{cp.seq}, covered by the checkpoint of {cp.at}, is missing.")
        else:
            after = f", after #{matched} (the last checkpointed entry that still matches)" if matched else ""
            problems.append(
                f"entry #{cp.seq} differs from the checkpoint of {cp.at} (hash {cp.hash}): "
                f"the chain was rewritten from #{cp.seq} or earlier{after}."
            )
        break  # later checkpoints only repeat the same break
    return problems


def _hashes_at(seqs: set[int], batch: int = 1000) -> dict[int, str]:
    wanted = sorted(seqs)
    found: dict[int, str] = {}
    for i in range(0, len(wanted), batch):
        rows = AuditEntry.objects.filter(seq__in=wanted[i : i + batch]).values_list("seq", "hash")
        found.update(dict(rows))
    return found
