"""Request and response shapes of the messaging API: ciphertext in, ciphertext out."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from polnet.core.limits import MAX_INT, RowId
from polnet.messaging.validation import MAX_ATTACHMENTS, MAX_RECIPIENTS

_B64 = "base64"
KeyVersion = Annotated[int, Field(ge=1, le=MAX_INT)]


class UserKeyIn(Schema):
    version: KeyVersion
    enc_public: str = Field(description=f"X25519 public key, 32 bytes, {_B64}")
    sign_public: str = Field(description=f"Ed25519 public key, 32 bytes, {_B64}")
    kdf: str = Field("pbkdf2-sha256")
    kdf_iterations: int = Field(ge=1, le=MAX_INT)
    kdf_salt: str = Field(description=f"16 random bytes, {_B64}")
    encrypted_private: str = Field(description="nonce || AES-256-GCM(X25519 private || Ed25519 private)")
    replace: bool = Field(False, description="Replace the current keys (after a lost password)")


class UserKeyOut(Schema):
    user_id: int
    version: int
    enc_public: str
    sign_public: str
    kdf: str
    kdf_iterations: int
    kdf_salt: str
    encrypted_private: str


class GrantSchema(Schema):
    user_id: RowId
    user_key_version: KeyVersion
    mailbox_key_version: KeyVersion
    wrapped: str = Field(description="The mailbox private key sealed to the user's X25519 key")


class MailboxKeyIn(Schema):
    public: str = Field(description="X25519 public key of the new generation, base64")
    signature: str = Field(description="Ed25519 signature by the caller over the key statement")
    grants: list[GrantSchema]


class RotateIn(MailboxKeyIn):
    from_version: KeyVersion


class GrantsIn(Schema):
    grants: list[GrantSchema] = Field(max_length=500)


class MailboxKeyVersionOut(Schema):
    version: int
    public: str
    fingerprint: str
    retired: bool
    wrapped: str | None = Field(description="This version sealed to the caller's current key, if shared")


class MemberKeyOut(Schema):
    user_id: int
    username: str
    user_key_version: int
    enc_public: str
    fingerprint: str


class PendingGrantOut(MemberKeyOut):
    mailbox_key_versions: list[int]


class MailboxStateOut(Schema):
    user_id: int
    address: str
    name: str
    user_key_version: int | None
    current_version: int | None
    rotation_needed: bool
    keys: list[MailboxKeyVersionOut]
    pending: list[PendingGrantOut]
    keepers: list[MemberKeyOut]


class DirectoryKeyOut(Schema):
    version: int
    public: str
    fingerprint: str
    signature: str
    signed_by: int
    signer_sign_public: str
    rotation_pending: bool


class DirectoryEntryOut(Schema):
    address: str
    name: str
    kind: str
    country: str
    key: DirectoryKeyOut | None


class CountOut(Schema):
    count: int


class BlobOut(Schema):
    id: int
    sha256: str
    size: int


class WrapSchema(Schema):
    mailbox: str = Field(description='"bureau:FR" or "unit:12"')
    key_version: KeyVersion
    wrapped: str = Field(description="The content key sealed to that mailbox key, base64")


class SendIn(Schema):
    idempotency_key: str = Field(
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.:\-]+$",
        description="A retry with the same key never duplicates",
    )
    id: str = Field(description="The message UUID the client chose; signed in the header")
    header: str = Field(max_length=64_000, description="Canonical JSON, signed (docs/messaging-envelope.md)")
    signature: str = Field(max_length=128)
    content: str = Field(description="nonce || AES-256-GCM(content JSON), base64")
    attachments: list[RowId] = Field(
        default_factory=list, max_length=MAX_ATTACHMENTS, description="Blob ids, in the header's order"
    )
    wraps: list[WrapSchema] = Field(
        max_length=MAX_RECIPIENTS + 1, description="One per recipient and one for the sender's own mailbox"
    )


class AttachmentOut(Schema):
    index: int
    size: int
    sha256: str


class WrapOut(Schema):
    mailbox: str
    key_version: int
    wrapped: str


class DeliveryOut(Schema):
    mailbox: str
    name: str
    delivered_at: datetime | None
    read_at: datetime | None
    replied_at: datetime | None
    overdue: bool
    forwarded: bool


class MessageOut(Schema):
    id: str
    thread: str
    in_reply_to: str | None
    reference: str = Field(
        description='What the message is about, in the clear: "hit:123", "operation:7", or empty'
    )
    reference_label: str = Field(
        default="",
        description="The name of what it is about (an operation's code name), if the caller may see it",
    )
    reference_url: str = Field(default="", description="The page of what it is about, with reference_label")
    sender: str
    sender_mailbox: str
    sender_mailbox_name: str
    sender_sign_public: str
    priority: str
    handling: str
    reply_by: datetime | None
    created_at: datetime
    size: int
    header: str
    signature: str
    content: str
    attachments: list[AttachmentOut]
    wrap: WrapOut | None
    role: str
    delivery_id: int | None
    forwarded_by: str | None
    forwarded_from: str | None
    read: bool
    overdue: bool
    deliveries: list[DeliveryOut]


class BoxItemOut(MessageOut):
    seq: int


class FetchOut(Schema):
    items: list[MessageOut]
    cursor: int
    more: bool


class AckIn(Schema):
    ids: list[RowId] = Field(max_length=200)


class ChangesOut(Schema):
    latest: int
    latest_sent: int
    receipts: str
    unread: int
    overdue_in: int
    overdue_out: int


class ForwardIn(Schema):
    wraps: list[WrapSchema] = Field(min_length=1, max_length=300)


class ForwardRequestIn(Schema):
    to: str


class DecisionIn(Schema):
    grant: bool


class ForwardRequestOut(Schema):
    id: int
    message: str
    thread: str
    handling: str
    from_mailbox: str
    to_mailbox: str
    requested_by: str
    requested_at: datetime
    state: str
    decided_by: str | None
    decided_at: datetime | None


class ForwardRequestsOut(Schema):
    to_decide: list[ForwardRequestOut]
    made: list[ForwardRequestOut]
