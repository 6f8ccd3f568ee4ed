"""The bureau's signing key: made on first use, its private half sealed at rest.

The private key is stored in the database, sealed with AES-256-GCM under a key derived
(HKDF-SHA256) from the server's SECRET_KEY: a copy of the database alone does not give the
key, and a new SECRET_KEY makes the old keys unusable (the bureaus then publish new ones).
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction

from polnet.network.models import Bureau
from polnet.offline.models import BureauKey

_INFO = b"polnet/v1/offline-bureau-key"


def _wrapping_key() -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO)
    return hkdf.derive(settings.SECRET_KEY.encode())


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def key_row(bureau: Bureau) -> BureauKey:
    """The bureau's key row, made with a fresh key the first time."""
    row = BureauKey.objects.filter(bureau=bureau).first()
    if row is not None:
        return row
    key = Ed25519PrivateKey.generate()
    nonce = os.urandom(12)
    sealed = nonce + AESGCM(_wrapping_key()).encrypt(nonce, _raw(key), _INFO + str(bureau.pk).encode())
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    try:
        with transaction.atomic():
            return BureauKey.objects.create(bureau=bureau, public_key=public, private_sealed=sealed)
    except IntegrityError:  # made by another request meanwhile
        return BureauKey.objects.get(bureau=bureau)


def private_key(row: BureauKey) -> Ed25519PrivateKey:
    sealed = bytes(row.private_sealed)
    raw = AESGCM(_wrapping_key()).decrypt(sealed[:12], sealed[12:], _INFO + str(row.bureau_id).encode())
    return Ed25519PrivateKey.from_private_bytes(raw)
