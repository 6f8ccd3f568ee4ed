"""Sign-in throttling: a growing wait per account, and per client address.

An account that failed POLNET_SIGN_IN_ACCOUNT_LIMIT times waits before each further try:
1 minute, then 2, 4, 8 ... up to POLNET_SIGN_IN_LONGEST_WAIT. Guessing from many
addresses slows the account just the same, and an attacker can keep a named account
waiting for at most the longest wait after each guess. A client address that failed
POLNET_SIGN_IN_ADDRESS_LIMIT times waits the same way, except for the accounts that
signed in from it in the last 30 days: one machine trying many accounts is slowed, its
colleagues behind the same address are not. A successful sign-in (password and second
factor) clears the account. Counts are forgotten a day after the last try.

Each try is counted before the password is checked and taken back if it succeeds, so
that a burst of simultaneous tries when a wait ends still gets one try, not one each.

django-axes did this before. It counts failures within one cool-off and deletes them
when the cool-off passes, so its wait cannot grow; it locks for the whole cool-off; and
its limit per address locked out everyone behind that address. One row per account and
one per address do what we need, in the database, so every worker process sees the same counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from polnet.core import audit
from polnet.network.models import SignInThrottle, User

FIRST_WAIT = timedelta(minutes=1)
FORGET_AFTER = timedelta(days=1)
KNOWN_ADDRESS = timedelta(days=30)


@dataclass(frozen=True)
class Verdict:
    wait: timedelta  # zero: the try goes ahead
    first_refusal: bool = False  # the first try refused in this wait (the one that is audited)
    account_waits: bool = False  # the account's own count (which its administrator can clear)


def _now() -> datetime:
    return timezone.now()


def _account_key(username: str) -> str:
    return f"account:{username.strip().casefold()}"[:200]


def _address_key(address: str) -> str:
    return f"address:{address}"[:200]


def wait_after(failures: int, limit: int) -> timedelta:
    """How long the next try waits after `failures` counted tries."""
    if failures < limit:
        return timedelta(0)
    longest: timedelta = settings.POLNET_SIGN_IN_LONGEST_WAIT
    return min(longest, FIRST_WAIT * (1 << min(failures - limit, 20)))


def _remaining(row: SignInThrottle, limit: int, now: datetime) -> timedelta:
    if row.last_at < now - FORGET_AFTER:
        return timedelta(0)
    return max(timedelta(0), row.last_at + wait_after(row.failures, limit) - now)


def _signed_in_from(username: str, address: str, now: datetime) -> bool:
    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first()
    return user_id is not None and audit.signed_in_from(user_id, address, now - KNOWN_ADDRESS)


def _waiting(
    rows: dict[str, SignInThrottle], username: str, address: str, now: datetime
) -> list[SignInThrottle]:
    """The rows that make this try wait."""
    account = rows.get(_account_key(username))
    origin = rows.get(_address_key(address))
    waiting = []
    if account is not None and _remaining(account, settings.POLNET_SIGN_IN_ACCOUNT_LIMIT, now):
        waiting.append(account)
    if (
        origin is not None
        and _remaining(origin, settings.POLNET_SIGN_IN_ADDRESS_LIMIT, now)
        and not _signed_in_from(username, address, now)
    ):
        waiting.append(origin)
    return waiting


def _verdict(waiting: list[SignInThrottle], username: str, address: str, now: datetime) -> Verdict:
    limits = {
        _account_key(username): settings.POLNET_SIGN_IN_ACCOUNT_LIMIT,
        _address_key(address): settings.POLNET_SIGN_IN_ADDRESS_LIMIT,
    }
    wait = max(_remaining(row, limits[row.key], now) for row in waiting)
    first = [row.pk for row in waiting if not row.refusal_logged]
    if first:
        SignInThrottle.objects.filter(pk__in=first).update(refusal_logged=True)
    account_waits = any(row.key == _account_key(username) for row in waiting)
    return Verdict(wait, first_refusal=bool(first), account_waits=account_waits)


def admit(username: str, address: str) -> Verdict:
    """Whether a sign-in try for this account from this address may go ahead now; if so it
    is counted as a failure until `succeeded` takes it back."""
    now = _now()
    keys = sorted({_account_key(username), _address_key(address)})
    # Refusals repeat quickly: the common case reads and does not take the write lock.
    rows = {row.key: row for row in SignInThrottle.objects.filter(key__in=keys)}
    waiting = _waiting(rows, username, address, now)
    if waiting and all(row.refusal_logged for row in waiting):
        return _verdict(waiting, username, address, now)
    with transaction.atomic():
        SignInThrottle.objects.filter(last_at__lt=now - FORGET_AFTER).delete()
        rows = {}
        for key in keys:  # in key order, so that two tries never wait for each other's locks
            rows[key], _ = SignInThrottle.objects.select_for_update().get_or_create(
                key=key, defaults={"last_at": now}
            )
        waiting = _waiting(rows, username, address, now)
        if waiting:
            return _verdict(waiting, username, address, now)
        SignInThrottle.objects.filter(key__in=keys).update(
            failures=F("failures") + 1, last_at=now, refusal_logged=False
        )
    return Verdict(timedelta(0))


def succeeded(username: str, address: str) -> None:
    """The account signed in: its count is cleared and the address's try taken back."""
    SignInThrottle.objects.filter(key=_account_key(username)).delete()
    SignInThrottle.objects.filter(key=_address_key(address), failures__gt=0).update(
        failures=F("failures") - 1
    )


def waiting_accounts(usernames: list[str]) -> dict[str, datetime]:
    """Of these accounts, those that must wait now, with the time their wait ends."""
    now = _now()
    keys = {_account_key(name): name for name in usernames}
    limit = settings.POLNET_SIGN_IN_ACCOUNT_LIMIT
    return {
        keys[row.key]: now + _remaining(row, limit, now)
        for row in SignInThrottle.objects.filter(key__in=keys)
        if _remaining(row, limit, now)
    }


def clear_account(username: str) -> bool:
    """The account may try again at once (its administrator knows the person asking)."""
    deleted, _ = SignInThrottle.objects.filter(key=_account_key(username)).delete()
    return deleted > 0
