"""Mailboxes, keys and messages. The server holds ciphertext and routing metadata only.

What each column reveals to whoever reads the database is listed in docs/security.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Priority(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"
    FLASH = "flash", "Flash"


class HandlingCode(models.TextChoices):
    H0 = "H0", "H0 police use only"
    H1 = "H1", "H1 not for court use without permission"
    H2 = "H2", "H2 not to be passed on without permission"
    H3 = "H3", "H3 other restrictions"


class Mailbox(models.Model):
    """The mailbox of a bureau or of a unit; created when its first key is set up."""

    address = models.CharField(max_length=32, unique=True)  # "bureau:FR" or "unit:12"
    bureau = models.OneToOneField(
        "network.Bureau", null=True, blank=True, on_delete=models.PROTECT, related_name="mailbox"
    )
    unit = models.OneToOneField(
        "network.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="mailbox"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "mailboxes"

    def __str__(self) -> str:
        return self.address


class UserKey(models.Model):
    """A user's key pairs. The private halves are stored only under a password-derived key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="message_keys")
    version = models.PositiveIntegerField()
    enc_public = models.CharField(max_length=64)  # X25519, base64
    sign_public = models.CharField(max_length=64)  # Ed25519, base64
    kdf = models.CharField(max_length=32)
    kdf_iterations = models.PositiveIntegerField()
    kdf_salt = models.CharField(max_length=64)
    encrypted_private = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)  # replaced after a lost password

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="user_key_version_unique")]

    def __str__(self) -> str:
        return f"user key {self.user_id} v{self.version}"


class MailboxKey(models.Model):
    """One generation of a mailbox's X25519 key pair; rotated when a member leaves."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="keys")
    version = models.PositiveIntegerField()
    public = models.CharField(max_length=64)
    signature = models.CharField(max_length=128)  # by the creator's signing key
    created_by_key = models.ForeignKey(UserKey, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "version"], name="mailbox_key_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mailbox_id} key v{self.version}"


class KeyGrant(models.Model):
    """A mailbox private key sealed to one member's user key, by a member who held it."""

    mailbox_key = models.ForeignKey(MailboxKey, on_delete=models.PROTECT, related_name="grants")
    user_key = models.ForeignKey(UserKey, on_delete=models.PROTECT, related_name="grants")
    wrapped = models.TextField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mailbox_key", "user_key"], name="key_grant_unique")]

    def __str__(self) -> str:
        return f"grant {self.mailbox_key_id} -> {self.user_key_id}"


class Message(models.Model):
    uuid = models.UUIDField(unique=True)  # chosen by the sender's client; signed
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sender_mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="sent")
    sender_key = models.ForeignKey(UserKey, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(max_length=64)
    thread = models.UUIDField(db_index=True)
    in_reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    priority = models.CharField(max_length=8, choices=Priority.choices)
    handling = models.CharField(max_length=2, choices=HandlingCode.choices)
    reply_by = models.DateTimeField(null=True, blank=True)  # the signed one, or the priority's default
    header = models.TextField()  # canonical JSON, signed; identifiers and codes only
    signature = models.CharField(max_length=128)
    content = models.BinaryField()  # AES-GCM: subject, body, codes, references, attachment names
    # The signed header's "ref", kept in the clear to list the messages about a hit: "hit:123".
    reference = models.CharField(max_length=32, blank=True, db_index=True)
    size = models.PositiveBigIntegerField()  # all ciphertext bytes, attachments included
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sender", "idempotency_key"], name="message_idempotency_unique")
        ]

    def __str__(self) -> str:
        return str(self.uuid)


class Blob(models.Model):
    """An encrypted attachment, uploaded before the message that names it."""

    uploader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    index = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["uploader", "sha256"], name="blob_upload_unique")]

    def __str__(self) -> str:
        return f"blob {self.sha256[:12]}"


class KeyWrap(models.Model):
    """A message's content key sealed to one mailbox key (each recipient's, and the sender's own)."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="wraps")
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="+")
    mailbox_key = models.ForeignKey(MailboxKey, on_delete=models.PROTECT, related_name="+")
    wrapped = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "mailbox"], name="key_wrap_unique")]

    def __str__(self) -> str:
        return f"wrap {self.message_id} -> {self.mailbox_id}"


class Delivery(models.Model):
    """A message in a recipient mailbox, with its receipts."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="deliveries")
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="deliveries")
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)  # first acknowledgement by a member's client
    read_at = models.DateTimeField(null=True, blank=True)  # first opened by a member
    replied_at = models.DateTimeField(null=True, blank=True)  # the mailbox answered in the thread
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forwarded_from = models.ForeignKey(
        Mailbox, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["message", "mailbox"], name="delivery_unique")]

    def __str__(self) -> str:
        return f"delivery {self.message_id} -> {self.mailbox_id}"


class DeliveryAck(models.Model):
    """One member's client has fetched (and perhaps opened) a delivery."""

    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="acks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acked_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["delivery", "user"], name="delivery_ack_unique")]

    def __str__(self) -> str:
        return f"ack {self.delivery_id} by {self.user_id}"


class ForwardState(models.TextChoices):
    PENDING = "pending", "Pending"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    USED = "used", "Used"


class ForwardRequest(models.Model):
    """A holder of an H2 message asks its sender for permission to pass it to a third party."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="forward_requests")
    from_mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="+")
    to_mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=8, choices=ForwardState.choices, default=ForwardState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"forward {self.message_id} {self.from_mailbox_id}->{self.to_mailbox_id} ({self.state})"
