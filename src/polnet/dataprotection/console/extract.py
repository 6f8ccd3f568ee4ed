"""Signed extracts of the processing log: a JSON Lines file and a detached Ed25519 signature.

The file's first line is a header naming the filters, the time, the number of entries, who
exported it and the id of the signing key; each following line is one entry. The signature
(base64, one line) covers the file's exact bytes and is made with the node's key
(`core/signing.py`), so it can be checked by anyone holding the node's public key:
`polnet audit verify-export FILE SIGNATURE [--public-key PEM]`.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from polnet.core import signing

FORMAT = "polnet-processing-log-extract/1"


@dataclass(frozen=True)
class Extract:
    body: bytes
    signature: bytes  # base64 text and a newline
    count: int
    key_id: str
    name: str  # the file's name, without extension

    def as_zip(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(f"{self.name}.jsonl", self.body)
            z.writestr(f"{self.name}.jsonl.sig", self.signature)
            z.writestr(f"{self.name}.pub.pem", signing.node_key().public_pem)
        return out.getvalue()


def _line(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def build(
    entries: Iterable[dict[str, Any]], *, filters: dict[str, Any], exported_by: str, now: datetime
) -> Extract:
    rows = [_line(e) for e in entries]
    key = signing.node_key()
    header = {
        "format": FORMAT,
        "filters": filters,
        "exported_at": now.isoformat(),
        "exported_by": exported_by,
        "count": len(rows),
        "key_id": key.key_id,
    }
    body = _line(header) + b"".join(rows)
    signature = base64.b64encode(key.sign(body)) + b"\n"
    return Extract(body, signature, len(rows), key.key_id, f"processing-log-{now:%Y%m%dT%H%M%SZ}")


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str  # what is wrong, or empty
    count: int = 0
    key_id: str = ""
    header: dict[str, Any] | None = None


def _signature_bytes(raw: bytes) -> bytes | None:
    text = raw.strip()
    if len(raw) == 64 and len(text) != 88:  # a raw signature, not base64
        return raw
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return decoded if len(decoded) == 64 else None


def verify(body: bytes, signature: bytes, public: Ed25519PublicKey | None = None) -> Verdict:
    """Check an extract against its signature (by default with this node's public key), then
    that its header fits: the format, the key it names and the number of entries."""
    public = public or signing.node_key().public
    sig = _signature_bytes(signature)
    if sig is None:
        return Verdict(False, "the signature file does not hold an Ed25519 signature")
    if not signing.verify(public, body, sig):
        return Verdict(False, "the signature does not match the file (altered, or signed by another key)")
    lines = body.splitlines()
    try:
        header = json.loads(lines[0]) if lines else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return Verdict(False, "the file is not a processing-log extract")
    if header.get("key_id") != signing.key_id(public):
        return Verdict(False, "the header names another signing key")
    if header.get("count") != len(lines) - 1:
        return Verdict(False, "the header's count does not match the entries")
    return Verdict(True, "", len(lines) - 1, str(header["key_id"]), header)
