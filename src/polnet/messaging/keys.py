"""Key directory: users' key pairs, mailbox key generations and the grants that share them.

The server never holds a private key in the clear. It checks what it can (lengths,
signatures, membership) and records who shared which key with whom; the wrapping itself
happens in a member's client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.messaging import envelope
from polnet.messaging.envelope import EnvelopeError
from polnet.messaging.mailboxes import (
    Place,
    mailbox_for,
    members,
    members_q,
    place_of,
    reachable_places,
    secretariat_member_q,
    uid,
)
from polnet.messaging.models import KeyGrant, Mailbox, MailboxKey, UserKey

MIN_KDF_ITERATIONS = envelope.KDF_ITERATIONS
SEALED_32_BYTES = 32 + 12 + 32 + 16  # ephemeral key, nonce, 32-byte key, GCM tag


def _raw(value: str, length: int, field: str) -> bytes:
    try:
        raw = envelope.b64d(value)
    except EnvelopeError:
        raw = b""
    if len(raw) != length:
        raise InvalidInput(
            gettext_lazy("expected %(length)s bytes in base64."),
            code="key_length",
            field=field,
            length=length,
        )
    return raw


def current_user_key(user_id: int) -> UserKey | None:
    return UserKey.objects.filter(user_id=user_id, retired_at__isnull=True).order_by("-version").first()


def _require_user_key(actor: Actor) -> UserKey:
    key = current_user_key(uid(actor))
    if key is None:
        raise Conflict(
            gettext_lazy("Set up your message keys first (unlock your mailbox)."), code="user_keys_missing"
        )
    return key


@transaction.atomic
def put_user_key(actor: Actor, data: dict[str, Any], *, replace: bool = False) -> UserKey:
    """Store the caller's keys. Same public keys: a new password; new ones: a reset (replace=True)."""
    place_of(actor)
    assert actor.user_id is not None
    enc_public = _raw(data["enc_public"], 32, "enc_public")
    _raw(data["sign_public"], 32, "sign_public")
    _raw(data["kdf_salt"], 16, "kdf_salt")
    _raw(data["encrypted_private"], 12 + 64 + 16, "encrypted_private")
    if data["kdf"] != envelope.KDF_NAME:
        raise InvalidInput(
            gettext_lazy("Only %(kdf)s is accepted."), code="kdf_unknown", field="kdf", kdf=envelope.KDF_NAME
        )
    if int(data["kdf_iterations"]) < MIN_KDF_ITERATIONS:
        raise InvalidInput(
            gettext_lazy("At least %(iterations)s iterations."),
            code="kdf_iterations",
            field="kdf_iterations",
            iterations=MIN_KDF_ITERATIONS,
        )
    current = (
        UserKey.objects.select_for_update()
        .filter(user_id=uid(actor), retired_at__isnull=True)
        .order_by("-version")
        .first()
    )
    kdf_fields = {k: data[k] for k in ("kdf", "kdf_iterations", "kdf_salt", "encrypted_private")}
    if current is not None and (current.enc_public, current.sign_public) == (
        data["enc_public"],
        data["sign_public"],
    ):
        if data["version"] != current.version:
            raise InvalidInput(
                gettext_lazy("version must stay the same when only the password changes."),
                code="user_keys_version_kept",
                field="version",
            )
        for name, value in kdf_fields.items():
            setattr(current, name, value)
        current.save(update_fields=list(kdf_fields))
        audit.log(actor, audit.Action.UPDATE, "message_user_key", current.pk, detail={"password": "changed"})
        return current
    if current is not None and not replace:
        raise Conflict(
            gettext_lazy("You already have message keys; replacing them needs replace=true."),
            code="user_keys_exist",
        )
    version = (current.version + 1) if current else 1
    if data["version"] != version:
        raise InvalidInput(
            gettext_lazy("The next key version is %(version)s."),
            code="key_version",
            field="version",
            version=version,
        )
    if current is not None:
        current.retired_at = timezone.now()
        current.save(update_fields=["retired_at"])
    key = UserKey.objects.create(
        user_id=uid(actor),
        version=version,
        enc_public=data["enc_public"],
        sign_public=data["sign_public"],
        **kdf_fields,
    )
    audit.log(
        actor,
        audit.Action.CREATE,
        "message_user_key",
        key.pk,
        detail={
            "version": version,
            "fingerprint": envelope.fingerprint(enc_public),
            "replaced": bool(current),
        },
    )
    return key


def current_mailbox_key(mailbox: Mailbox | None) -> MailboxKey | None:
    if mailbox is None:
        return None
    return MailboxKey.objects.filter(mailbox=mailbox, retired_at__isnull=True).order_by("-version").first()


def _grant_holder_is_member() -> Q:
    """On KeyGrant rows: the holder is still a member of the key's mailbox."""
    u, m = "user_key__user__", "mailbox_key__mailbox__"
    return Q(**{f"{u}is_active": True, f"{u}is_machine": False}) & (
        Q(**{f"{m}unit__isnull": False, f"{u}unit_id": F(f"{m}unit_id"), f"{u}unit__active": True})
        | Q(**{f"{m}bureau__isnull": False, f"{u}bureau_id": F(f"{m}bureau_id"), f"{u}unit__isnull": True})
        | (Q(**{f"{m}bureau__isnull": True, f"{m}unit__isnull": True}) & secretariat_member_q(u))
    )


def stale_mailboxes(keys: list[MailboxKey]) -> set[int]:
    """Mailboxes whose current key is held by someone no longer a member: the next member rotates it."""
    rows = KeyGrant.objects.filter(mailbox_key__in=keys).exclude(_grant_holder_is_member())
    return set(rows.values_list("mailbox_key__mailbox_id", flat=True))


def rotation_needed(key: MailboxKey) -> bool:
    return bool(stale_mailboxes([key]))


def _check_key_signature(address: str, version: int, public: str, signature: str, signer: UserKey) -> None:
    statement = envelope.mailbox_key_statement(address, version, public)
    if not envelope.verify(
        envelope.b64d(signer.sign_public), envelope.MAILBOX_KEY_SIG_LABEL, statement, signature
    ):
        raise InvalidInput(
            gettext_lazy("The mailbox key is not signed by your signing key."),
            code="mailbox_key_unsigned",
            field="signature",
        )


@dataclass(frozen=True)
class GrantIn:
    user_id: int
    user_key_version: int
    mailbox_key_version: int
    wrapped: str


def _store_grants(
    actor: Actor, mailbox: Mailbox, grants: list[GrantIn], *, new_key: MailboxKey | None
) -> int:
    """Check and store grants; the granter must hold each key it shares (or have just made it)."""
    me = _require_user_key(actor)
    member_ids = set(members(mailbox).values_list("pk", flat=True))
    made = 0
    for g in grants:
        _raw(g.wrapped, SEALED_32_BYTES, "grants.wrapped")
        if g.user_id not in member_ids:
            raise InvalidInput(
                gettext_lazy("User %(user)s is not a member of this mailbox."),
                code="mailbox_not_member",
                field="grants.user_id",
                user=g.user_id,
            )
        user_key = current_user_key(g.user_id)
        if user_key is None or user_key.version != g.user_key_version:
            raise Conflict(
                gettext_lazy("User %(user)s's key changed; reload and try again."),
                code="member_key_changed",
                field="grants",
                user=g.user_id,
            )
        mkey = MailboxKey.objects.filter(mailbox=mailbox, version=g.mailbox_key_version).first()
        if mkey is None:
            raise NotFound(
                gettext_lazy("No mailbox key version %(version)s."),
                code="mailbox_key_version_unknown",
                field="grants",
                version=g.mailbox_key_version,
            )
        holds = mkey == new_key or KeyGrant.objects.filter(mailbox_key=mkey, user_key=me).exists()
        if not holds:
            raise Forbidden(
                gettext_lazy("You can only share a mailbox key you hold."), code="mailbox_key_not_held"
            )
        _, created = KeyGrant.objects.get_or_create(
            mailbox_key=mkey,
            user_key=user_key,
            defaults={"wrapped": g.wrapped, "granted_by_id": uid(actor)},
        )
        if created:
            made += 1
            audit.log(
                actor,
                audit.Action.GRANT,
                "mailbox_key",
                mkey.pk,
                detail={"mailbox": mailbox.address, "version": mkey.version, "user": g.user_id},
            )
    return made


@transaction.atomic
def create_mailbox_key(actor: Actor, *, public: str, signature: str, grants: list[GrantIn]) -> MailboxKey:
    """The first key of a mailbox, made by whichever member needs it first."""
    place = place_of(actor)
    me = _require_user_key(actor)
    mailbox = mailbox_for(place, create=True)
    assert mailbox is not None
    Mailbox.objects.select_for_update().filter(pk=mailbox.pk).first()
    if MailboxKey.objects.filter(mailbox=mailbox).exists():
        raise Conflict(gettext_lazy("This mailbox already has a key; reload."), code="mailbox_key_exists")
    _raw(public, 32, "public")
    _check_key_signature(place.address, 1, public, signature, me)
    if not any(g.user_id == actor.user_id for g in grants):
        raise InvalidInput(
            gettext_lazy("Share the new key with yourself too."), code="mailbox_key_not_self", field="grants"
        )
    key = MailboxKey.objects.create(
        mailbox=mailbox, version=1, public=public, signature=signature, created_by_key=me
    )
    audit.log(
        actor, audit.Action.CREATE, "mailbox_key", key.pk, detail={"mailbox": place.address, "version": 1}
    )
    _store_grants(actor, mailbox, grants, new_key=key)
    return key


@transaction.atomic
def add_grants(actor: Actor, grants: list[GrantIn]) -> int:
    place = place_of(actor)
    mailbox = mailbox_for(place)
    if mailbox is None:
        raise NotFound(gettext_lazy("Your mailbox has no key yet."), code="mailbox_key_missing")
    return _store_grants(actor, mailbox, grants, new_key=None)


@transaction.atomic
def rotate_mailbox_key(
    actor: Actor, *, from_version: int, public: str, signature: str, grants: list[GrantIn]
) -> MailboxKey:
    """Replace the current key after a member left; shared with exactly the members who held it."""
    place = place_of(actor)
    me = _require_user_key(actor)
    mailbox = mailbox_for(place)
    old = current_mailbox_key(mailbox)
    if mailbox is None or old is None:
        raise NotFound(gettext_lazy("Your mailbox has no key yet."), code="mailbox_key_missing")
    Mailbox.objects.select_for_update().filter(pk=mailbox.pk).first()
    old = MailboxKey.objects.get(pk=old.pk)
    if old.version != from_version or old.retired_at is not None:
        raise Conflict(
            gettext_lazy("The mailbox key was rotated meanwhile; reload."),
            code="mailbox_key_rotated",
            field="from_version",
        )
    if not KeyGrant.objects.filter(mailbox_key=old, user_key=me).exists():
        raise Forbidden(
            gettext_lazy("Only a member who holds the current key may rotate it."),
            code="mailbox_key_rotate_forbidden",
        )
    _raw(public, 32, "public")
    version = old.version + 1
    _check_key_signature(place.address, version, public, signature, me)
    keepers = set(
        KeyGrant.objects.filter(mailbox_key=old, user_key__retired_at__isnull=True)
        .filter(members_q(mailbox, "user_key__user__"))
        .values_list("user_key__user_id", flat=True)
    )
    given = {g.user_id for g in grants}
    if given != keepers or any(g.mailbox_key_version != version for g in grants):
        raise InvalidInput(
            gettext_lazy("Share the new key with exactly the remaining members who held the old one."),
            code="mailbox_key_members",
            field="grants",
        )
    old.retired_at = timezone.now()
    old.save(update_fields=["retired_at"])
    key = MailboxKey.objects.create(
        mailbox=mailbox, version=version, public=public, signature=signature, created_by_key=me
    )
    leavers = KeyGrant.objects.filter(mailbox_key__mailbox=mailbox).exclude(
        members_q(mailbox, "user_key__user__")
    )
    removed = sorted(set(leavers.values_list("user_key__user_id", flat=True)))
    leavers.delete()  # a stolen database then holds nothing a former member could unlock
    audit.log(
        actor,
        audit.Action.UPDATE,
        "mailbox_key",
        key.pk,
        detail={
            "mailbox": place.address,
            "rotated_from": old.version,
            "version": version,
            "removed": removed,
        },
    )
    _store_grants(actor, mailbox, grants, new_key=key)
    return key


def mailbox_state(actor: Actor) -> dict[str, Any]:
    """What a member's client needs on unlock: its keys, and the work it may do for others."""
    place = place_of(actor)
    me = current_user_key(uid(actor))
    mailbox = mailbox_for(place)
    versions: list[dict[str, Any]] = []
    pending: list[dict[str, Any]] = []
    current = current_mailbox_key(mailbox)
    if mailbox is not None:
        keys = list(MailboxKey.objects.filter(mailbox=mailbox).order_by("version"))
        mine = {
            g.mailbox_key_id: g for g in KeyGrant.objects.filter(user_key=me, mailbox_key__mailbox=mailbox)
        }
        versions = [
            {
                "version": k.version,
                "public": k.public,
                "fingerprint": envelope.fingerprint(envelope.b64d(k.public)),
                "retired": k.retired_at is not None,
                "wrapped": mine[k.pk].wrapped if k.pk in mine else None,
            }
            for k in keys
        ]
        held = {k.pk: k.version for k in keys if k.pk in mine}
        pending = _pending(mailbox, held, me)
    return {
        "user_id": uid(actor),
        "address": place.address,
        "name": place.name,
        "user_key_version": me.version if me else None,
        "current_version": current.version if current else None,
        "rotation_needed": bool(current and rotation_needed(current)),
        "keys": versions,
        "pending": pending,
        "keepers": _keepers(mailbox, current) if current else [],
    }


def _pending(mailbox: Mailbox, held: dict[int, int], me: UserKey | None) -> list[dict[str, Any]]:
    """Members whose current user key lacks a mailbox key version the caller can share."""
    out: list[dict[str, Any]] = []
    if not held:
        return out
    for user in members(mailbox):
        key = current_user_key(user.pk)
        if key is None or key == me:
            continue
        have = set(KeyGrant.objects.filter(user_key=key).values_list("mailbox_key_id", flat=True))
        missing = sorted(v for pk, v in held.items() if pk not in have)
        if missing:
            out.append(_user_key_out(user.pk, user.username, key) | {"mailbox_key_versions": missing})
    return out


def _keepers(mailbox: Mailbox | None, key: MailboxKey) -> list[dict[str, Any]]:
    """Remaining members who hold the current key: a rotation shares the new key with them."""
    if mailbox is None:
        return []
    grants = (
        KeyGrant.objects.select_related("user_key__user")
        .filter(mailbox_key=key, user_key__retired_at__isnull=True)
        .filter(members_q(mailbox, "user_key__user__"))
    )
    return [_user_key_out(g.user_key.user_id, g.user_key.user.username, g.user_key) for g in grants]


def _user_key_out(user_id: int, username: str, key: UserKey) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "username": username,
        "user_key_version": key.version,
        "enc_public": key.enc_public,
        "fingerprint": envelope.fingerprint(envelope.b64d(key.enc_public)),
    }


def _directory_entry(place: Place, key: MailboxKey | None, stale: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "address": place.address,
        "name": place.name,
        "kind": place.kind,
        "country": place.country,
        "key": None,
    }
    if key is not None:
        out["key"] = {
            "version": key.version,
            "public": key.public,
            "fingerprint": envelope.fingerprint(envelope.b64d(key.public)),
            "signature": key.signature,
            "signed_by": key.created_by_key.user_id,
            "signer_sign_public": key.created_by_key.sign_public,
            "rotation_pending": stale,
        }
    return out


def directory(actor: Actor) -> list[dict[str, Any]]:
    """The mailboxes the caller may write to (and its own), with their current public keys."""
    me = place_of(actor)
    places = [*reachable_places(me), me]
    keys = list(
        MailboxKey.objects.select_related("created_by_key", "mailbox").filter(
            mailbox__address__in=[p.address for p in places], retired_at__isnull=True
        )
    )
    stale = stale_mailboxes(keys)
    by_address = {k.mailbox.address: k for k in keys}
    out = []
    for p in places:
        key = by_address.get(p.address)
        out.append(_directory_entry(p, key, key is not None and key.mailbox_id in stale))
    return out


def user_key_of(actor: Actor) -> UserKey:
    place_of(actor)
    key = current_user_key(uid(actor))
    if key is None:
        raise NotFound(gettext_lazy("You have no message keys yet."), code="user_keys_none")
    return key
