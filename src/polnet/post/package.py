"""The signed offline package: bytes on the wire, signature and integrity checks.

A file is one header line of JSON (the manifest and its Ed25519 signature) and then the
payload: gzip-compressed JSON lines, one engine row or removal per line. The signature covers
the manifest's canonical JSON under a label; the manifest holds the payload's size and
SHA-256, so the signature covers the payload too. Shared by the bureau (which writes) and the
post (which reads); no Django here.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from polnet.post.i18n import Refusal

# 2: notices' subjects, and the notices' feed position beside the records' (`offline.md`).
# A post reads format 1 too (no notices); a post that knows only 1 refuses 2 with "update".
FORMAT = 2
READABLE = frozenset({1, 2})
SIG_LABEL = b"polnet/v1/offline-package\n"
MAGIC = "polnet-offline-package"


class PackageRefused(Refusal):
    """A package the post must not apply; ``code`` says why, the message what to do."""


def fingerprint(public: bytes) -> str:
    """What a post's operator compares out of band: the first 128 bits of the key's SHA-256."""
    return hashlib.sha256(public).hexdigest()[:32]


def canonical(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def encode_payload(lines: Iterable[dict[str, Any]]) -> bytes:
    raw = b"".join(json.dumps(line, separators=(",", ":")).encode() + b"\n" for line in lines)
    return gzip.compress(raw, compresslevel=6, mtime=0)


def decode_payload(payload: bytes) -> Iterator[dict[str, Any]]:
    for line in gzip.decompress(payload).splitlines():
        if line:
            yield json.loads(line)


def seal(manifest: dict[str, Any], payload: bytes, key: Ed25519PrivateKey) -> bytes:
    """The package file: the manifest gains the payload's size and digest, then is signed."""
    manifest = {
        **manifest,
        "format": FORMAT,
        "payload_size": len(payload),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
    }
    signature = key.sign(SIG_LABEL + canonical(manifest))
    header = {"magic": MAGIC, "manifest": manifest, "signature": base64.b64encode(signature).decode()}
    return json.dumps(header, sort_keys=True).encode() + b"\n" + payload


@dataclass(frozen=True)
class Package:
    manifest: dict[str, Any]
    payload: bytes

    def lines(self) -> Iterator[dict[str, Any]]:
        return decode_payload(self.payload)


def open_package(data: bytes, trusted: Ed25519PublicKey) -> Package:
    """The package if it is whole and signed by the trusted key; else `PackageRefused`."""
    head, sep, payload = data.partition(b"\n")
    try:
        header = json.loads(head) if sep else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("magic") != MAGIC:
        raise PackageRefused(
            "not_a_package",
            "This file is not an offline package (or its start is damaged). Ask your bureau for it again.",
        )
    manifest = header.get("manifest")
    if not isinstance(manifest, dict) or manifest.get("format") not in READABLE:
        raise PackageRefused("format", "This package is of another format. Update polnet on this machine.")
    try:
        signature = base64.b64decode(str(header.get("signature", "")), validate=True)
        trusted.verify(signature, SIG_LABEL + canonical(manifest))
    except (ValueError, InvalidSignature):
        raise PackageRefused(
            "signature",
            "The package's signature does not match the bureau key this post trusts: it was altered or "
            "made with another key. Do not use it; ask your bureau for a new package.",
        ) from None
    size = int(manifest["payload_size"])
    if len(payload) < size:
        raise PackageRefused(
            "truncated",
            "The package is cut short (%(got)s of %(size)s bytes): copy the whole file again.",
            got=len(payload),
            size=size,
        )
    if len(payload) != size or hashlib.sha256(payload).hexdigest() != manifest["payload_sha256"]:
        raise PackageRefused(
            "payload_altered",
            "The package's contents do not match its signed digest: it was altered. Do not use it; "
            "ask your bureau for a new package.",
        )
    return Package(manifest, payload)
