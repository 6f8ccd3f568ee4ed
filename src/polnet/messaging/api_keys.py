"""Key endpoints: the caller's own keys, its mailbox's key generations, grants and rotation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.messaging import keys
from polnet.messaging.schemas import (
    CountOut,
    DirectoryEntryOut,
    GrantSchema,
    GrantsIn,
    MailboxKeyIn,
    MailboxStateOut,
    RotateIn,
    UserKeyIn,
    UserKeyOut,
)
from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["messaging keys"])


def _grants(items: list[GrantSchema]) -> list[keys.GrantIn]:
    return [keys.GrantIn(**g.model_dump()) for g in items]


def _user_key_out(k: Any) -> dict[str, Any]:
    return {
        "user_id": k.user_id,
        "version": k.version,
        "enc_public": k.enc_public,
        "sign_public": k.sign_public,
        "kdf": k.kdf,
        "kdf_iterations": k.kdf_iterations,
        "kdf_salt": k.kdf_salt,
        "encrypted_private": k.encrypted_private,
    }


@router.get(
    "/me",
    scope=TokenScope.MESSAGES,
    response={200: UserKeyOut, **ERRORS},
    summary="The caller's key pairs (private halves encrypted)",
)
def my_key(request: HttpRequest) -> dict[str, Any]:
    return _user_key_out(keys.user_key_of(_actor(request)))


@router.put(
    "/me",
    scope=TokenScope.MESSAGES,
    response={200: UserKeyOut, **ERRORS},
    summary="Store the caller's keys: made in the client, private halves under a password-derived key",
)
def put_my_key(request: HttpRequest, payload: UserKeyIn) -> dict[str, Any]:
    data = payload.model_dump(exclude={"replace"})
    return _user_key_out(keys.put_user_key(_actor(request), data, replace=payload.replace))


@router.get(
    "/mailbox",
    scope=TokenScope.MESSAGES,
    response={200: MailboxStateOut, **ERRORS},
    summary="The caller's mailbox keys, and the sharing and rotation its client should do",
)
def mailbox_state(request: HttpRequest) -> dict[str, Any]:
    return keys.mailbox_state(_actor(request))


@router.post(
    "/mailbox",
    scope=TokenScope.MESSAGES,
    response={201: MailboxStateOut, **ERRORS},
    summary="Create the mailbox's first key",
)
def create_mailbox_key(request: HttpRequest, payload: MailboxKeyIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    keys.create_mailbox_key(
        actor, public=payload.public, signature=payload.signature, grants=_grants(payload.grants)
    )
    return Status(201, keys.mailbox_state(actor))


@router.post(
    "/mailbox/grants",
    scope=TokenScope.MESSAGES,
    response={200: CountOut, **ERRORS},
    summary="Share mailbox keys with members (sealed)",
)
def add_grants(request: HttpRequest, payload: GrantsIn) -> dict[str, int]:
    return {"count": keys.add_grants(_actor(request), _grants(payload.grants))}


@router.post(
    "/mailbox/rotate",
    scope=TokenScope.MESSAGES,
    response={200: MailboxStateOut, **ERRORS},
    summary="Replace the mailbox key after a member left",
)
def rotate(request: HttpRequest, payload: RotateIn) -> dict[str, Any]:
    actor = _actor(request)
    keys.rotate_mailbox_key(
        actor,
        from_version=payload.from_version,
        public=payload.public,
        signature=payload.signature,
        grants=_grants(payload.grants),
    )
    return keys.mailbox_state(actor)


@router.get(
    "/directory",
    scope=TokenScope.MESSAGES,
    response={200: list[DirectoryEntryOut], **ERRORS},
    summary="Mailboxes the caller may write to, with their current public keys",
)
def directory(request: HttpRequest) -> list[dict[str, Any]]:
    return keys.directory(_actor(request))
