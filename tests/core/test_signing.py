"""The node's signing key: made once in its file, private to its owner, and what it signs
verifies only unchanged and only against its own public half."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from polnet.core import signing


def test_the_key_is_made_once_private_and_signs_verifiably(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keys" / "node.pem"
    monkeypatch.setenv("POLNET_SIGNING_KEY_FILE", str(path))
    key = signing.node_key()
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
    again = signing._load_or_create(path)  # read back from the file, not made anew
    assert signing.key_id(again.public_key()) == key.key_id
    signature = key.sign(b"entries 1..40, head 9f2c")
    public = signing.load_public(key.public_pem)
    assert signing.verify(public, b"entries 1..40, head 9f2c", signature)
    assert not signing.verify(public, b"entries 1..39, head 9f2c", signature)
    other = Ed25519PrivateKey.generate().public_key()
    assert not signing.verify(other, b"entries 1..40, head 9f2c", signature)


def test_a_file_holding_another_kind_of_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rsa.pem"
    path.write_text("-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n")
    with pytest.raises(ValueError):
        signing._load_or_create(path)
