"""State changes of the network: bureaus, units, users, second factors and API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from polnet.core import audit, purposes
from polnet.core.actor import Actor, Role, TokenScope
from polnet.core.countries import all_countries
from polnet.core.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound
from polnet.core.kinds import RecordKind
from polnet.network import throttle
from polnet.network.models import ApiToken, Bureau, Country, Partner, PartnerKind, Unit, UnitKind, User

BUREAU_ROLES = frozenset({Role.BUREAU_OFFICER, Role.BUREAU_ADMIN, Role.ANALYST, Role.DATA_PROTECTION_OFFICER})
SECRETARIAT_ROLES = frozenset(
    {Role.SECRETARIAT_REVIEWER, Role.ANALYST, Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMIN, Role.TRAINER}
)
# A partner organisation's people: its members, and its trainers who write its courses.
PARTNER_ROLES = frozenset({Role.PARTNER, Role.TRAINER})
TOKEN_PREFIX = "pn_"  # noqa: S105  # a marker, not a secret
MAX_TOKEN_DAYS = 366


def sync_countries() -> int:
    """Load every ISO 3166-1 country; keeps membership flags of existing rows."""
    existing = set(Country.objects.values_list("code", flat=True))
    new = [Country(code=a2, alpha3=a3, name=name) for a2, a3, name in all_countries() if a2 not in existing]
    Country.objects.bulk_create(new)
    return len(new)


def _require_system_admin(actor: Actor) -> None:
    if actor.role != Role.SYSTEM_ADMIN:
        raise Forbidden(_("Only a system administrator may do this."), code="system_admin_only")


def _require_bureau_admin_of(actor: Actor, bureau: Bureau) -> None:
    if actor.role != Role.BUREAU_ADMIN or actor.bureau_id != bureau.pk or actor.unit is not None:
        raise Forbidden(_("Only an administrator of this bureau may do this."), code="bureau_admin_of_other")


@transaction.atomic
def create_bureau(actor: Actor, country_code: str, *, name: str = "", city: str = "") -> Bureau:
    _require_system_admin(actor)
    country = Country.objects.filter(code=country_code.upper()).first()
    if country is None:
        raise InvalidInput(_("This is not a known country."), code="country_unknown", field="country")
    if Bureau.objects.filter(country=country).exists():
        raise InvalidInput(
            _("%(country)s already has a National Central Bureau."),
            code="bureau_exists",
            field="country",
            country=country.name,
        )
    country.is_member = True
    country.save(update_fields=["is_member"])
    bureau = Bureau.objects.create(country=country, name=name or f"NCB {country.name}", city=city)
    audit.log(actor, audit.Action.CREATE, "bureau", bureau.pk, detail={"country": country.code})
    return bureau


@transaction.atomic
def create_partner(
    actor: Actor, name: str, *, kind: str, short_name: str = "", country_code: str = "", city: str = ""
) -> Partner:
    """A partner organisation, created by the system administrator."""
    _require_system_admin(actor)
    if not name.strip():
        raise InvalidInput(
            _("A partner organisation needs a name."), code="partner_name_missing", field="name"
        )
    if kind not in PartnerKind.values:
        raise InvalidInput(
            _("Choose a kind of organisation from the list."), code="partner_kind_unknown", field="kind"
        )
    if Partner.objects.filter(name__iexact=name.strip()).exists():
        raise InvalidInput(
            _("A partner organisation of this name exists."), code="partner_exists", field="name"
        )
    country = None
    if country_code:
        country = Country.objects.filter(code=country_code.upper()).first()
        if country is None:
            raise InvalidInput(_("This is not a known country."), code="country_unknown", field="country")
    partner = Partner.objects.create(
        name=name.strip(), short_name=short_name.strip(), kind=kind, country=country, city=city.strip()
    )
    audit.log(actor, audit.Action.CREATE, "partner", partner.pk, detail={"kind": kind})
    return partner


def _clean_databases(databases: Iterable[str]) -> list[str]:
    allowed = set(RecordKind.values)
    chosen = sorted(set(databases))
    unknown = [d for d in chosen if d not in allowed]
    if unknown:
        raise InvalidInput(_("Choose databases from the list."), code="databases_unknown", field="databases")
    return chosen


@transaction.atomic
def create_unit(
    actor: Actor,
    bureau: Bureau,
    *,
    name: str,
    kind: str,
    databases: Iterable[str],
    result_level: str,
    may_write: bool = False,
    location: str = "",
) -> Unit:
    _require_bureau_admin_of(actor, bureau)
    if kind not in UnitKind.values:
        raise InvalidInput(
            _("Unknown unit kind %(kind)r."), code="unit_kind_unknown", field="kind", kind=kind
        )
    if result_level not in ("hit_only", "full"):
        raise InvalidInput(
            _("result_level must be 'hit_only' or 'full'."), code="result_level_unknown", field="result_level"
        )
    if not name.strip():
        raise InvalidInput(_("A unit needs a name."), code="unit_name_missing", field="name")
    if Unit.objects.filter(bureau=bureau, name=name.strip()).exists():
        raise InvalidInput(
            _("Your bureau already has a unit with this name."), code="unit_name_taken", field="name"
        )
    unit = Unit.objects.create(
        bureau=bureau,
        name=name.strip(),
        kind=kind,
        databases=_clean_databases(databases),
        result_level=result_level,
        may_write=may_write,
        location=location,
    )
    audit.log(
        actor,
        audit.Action.CREATE,
        "unit",
        unit.pk,
        detail={"scope": unit.databases, "result_level": result_level},
    )
    return unit


@transaction.atomic
def set_unit_scope(
    actor: Actor,
    unit: Unit,
    *,
    databases: Iterable[str],
    result_level: str,
    may_write: bool,
    active: bool = True,
) -> Unit:
    _require_bureau_admin_of(actor, unit.bureau)
    if result_level not in ("hit_only", "full"):
        raise InvalidInput(
            _("result_level must be 'hit_only' or 'full'."), code="result_level_unknown", field="result_level"
        )
    unit.databases = _clean_databases(databases)
    unit.result_level = result_level
    unit.may_write = may_write
    unit.active = active
    unit.save()
    audit.log(
        actor,
        audit.Action.UPDATE,
        "unit",
        unit.pk,
        detail={
            "scope": unit.databases,
            "result_level": result_level,
            "may_write": may_write,
            "active": active,
        },
    )
    forget_resolved_tokens()  # a narrower scope applies to the unit's tokens at once
    return unit


def _check_partner_affiliation(role: Role, partner: Partner | None, bureau: Bureau | None) -> None:
    """A partner's people have the partner's roles and belong to no bureau; a partner member
    belongs to a partner organisation."""
    if partner is not None and (role not in PARTNER_ROLES or bureau is not None):
        raise InvalidInput(
            _("A partner organisation's user is a partner member or a trainer, and belongs to no bureau."),
            code="partner_role",
            field="role",
        )
    if partner is None and role == Role.PARTNER:
        raise InvalidInput(
            _("A partner organisation member must belong to a partner organisation."),
            code="partner_missing",
            field="partner",
        )


def _check_affiliation(role: Role, bureau: Bureau | None, unit: Unit | None) -> None:
    if role == Role.UNIT_OFFICER:
        if unit is None:
            raise InvalidInput(
                _("A unit officer must belong to a unit."), code="unit_officer_without_unit", field="unit"
            )
    elif unit is not None:
        raise InvalidInput(
            _("Only unit officers belong to a unit."), code="unit_for_other_role", field="unit"
        )
    elif bureau is None and role not in SECRETARIAT_ROLES:
        raise InvalidInput(
            _("A %(role)s must belong to a bureau."),
            code="role_needs_bureau",
            field="bureau",
            role=role.value,
        )
    elif bureau is not None and role not in BUREAU_ROLES:
        raise InvalidInput(
            _("A %(role)s belongs to the secretariat, not a bureau."),
            code="role_of_secretariat",
            field="bureau",
            role=role.value,
        )


@transaction.atomic
def create_user(
    actor: Actor,
    *,
    username: str,
    password: str | None,
    role: Role | str,
    bureau: Bureau | None = None,
    unit: Unit | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_machine: bool = False,
    partner: Partner | None = None,
) -> User:
    """Bureau administrators create their bureau's users; the system administrator creates
    the secretariat's users, partner organisations' users and each bureau's first administrator."""
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(
            _("Unknown role %(role)r."), code="role_unknown", field="role", role=role
        ) from None
    if unit is not None:
        bureau = unit.bureau
    _check_partner_affiliation(role, partner, bureau)
    if partner is None:
        _check_affiliation(role, None if role == Role.UNIT_OFFICER else bureau, unit)
    if partner is not None:
        _require_system_admin(actor)
    elif bureau is not None and not (actor.role == Role.SYSTEM_ADMIN and role == Role.BUREAU_ADMIN):
        _require_bureau_admin_of(actor, bureau)
    elif bureau is None:
        _require_system_admin(actor)
    if not username.strip():
        raise InvalidInput(_("A user needs a username."), code="username_missing", field="username")
    if User.objects.filter(username__iexact=username.strip()).exists():
        raise InvalidInput(_("This username is taken."), code="username_taken", field="username")
    user = User(
        username=username.strip(),
        role=role,
        bureau=None if unit is not None else bureau,
        unit=unit,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_machine=is_machine,
        is_staff=role == Role.SYSTEM_ADMIN,
        partner=partner,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            # Django's password validators say why, already in the reader's language.
            raise InvalidInput(" ".join(exc.messages), code="password_rejected", field="password") from None
        user.set_password(password)
    user.save()
    audit.log(
        actor,
        audit.Action.CREATE,
        "user",
        user.pk,
        detail={"role": role.value, "affiliation": user.unit_id or user.bureau_id or user.partner_id},
    )
    return user


def add_totp_device(user: User, *, confirmed: bool = True, key: str | None = None) -> TOTPDevice:
    """A TOTP second factor; unconfirmed until the user proves a first code."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, name="authenticator", confirmed=confirmed)
    if key:
        device.key = key
    device.save()
    return device


# ---- API tokens -----------------------------------------------------------------------


def _hash_secret(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_grantable(actor: Actor, user: User, scopes: frozenset[TokenScope]) -> None:
    """No token widens what its issuer holds, and network administration stays with people."""
    if actor.token_scopes is not None and not scopes <= actor.token_scopes:
        raise Forbidden(
            _("A token cannot issue a token with scopes it does not hold itself."),
            code="token_scope_not_held",
        )
    if TokenScope.NETWORK_ADMIN in scopes:
        if actor.token_scopes is not None:
            raise Forbidden(
                _(
                    "The network:admin scope is granted only by a bureau administrator signed in "
                    "with the second factor, not by a token."
                ),
                code="token_admin_by_token",
            )
        if user.role != Role.BUREAU_ADMIN or user.unit_id is not None:
            raise InvalidInput(
                _("The network:admin scope is only for a bureau administrator's token."),
                code="token_admin_holder",
                field="scopes",
            )


@transaction.atomic
def issue_token(
    actor: Actor,
    user: User,
    *,
    name: str,
    scopes: Iterable[str],
    days: int = 90,
    default_purpose: str = "",
) -> tuple[ApiToken, str]:
    """Issue a token for a user of the actor's bureau. The secret is returned once. Its
    ``default_purpose`` is stated for the searches made with it that state none."""
    bureau = Bureau.objects.filter(pk=user.home_bureau_id or 0).first()
    if bureau is None:
        raise Forbidden(
            _("Tokens are issued to users of a bureau or of its units."), code="token_user_outside_bureau"
        )
    _require_bureau_admin_of(actor, bureau)
    try:
        chosen = sorted({TokenScope(s).value for s in scopes})
    except ValueError:
        raise InvalidInput(
            _("Choose scopes from the list."), code="token_scope_unknown", field="scopes"
        ) from None
    if not chosen:
        raise InvalidInput(_("Choose at least one scope."), code="token_scopes_empty", field="scopes")
    _check_grantable(actor, user, frozenset(TokenScope(s) for s in chosen))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput(
            _("A token lasts from 1 to %(days)s days."), code="token_days", field="days", days=MAX_TOKEN_DAYS
        )
    default_purpose = purposes.listed(default_purpose, field="default_purpose")
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    record = ApiToken.objects.create(
        user=user,
        name=name or "token",
        prefix=prefix,
        secret_hash=_hash_secret(token),
        scopes=chosen,
        created_by_id=actor.user_id,  # type: ignore[misc]  # a bureau admin: never None here
        expires_at=timezone.now() + timedelta(days=days),
        default_purpose=default_purpose,
    )
    detail = {"user": user.pk, "scopes": chosen, "default_purpose": default_purpose}
    audit.log(actor, audit.Action.GRANT, "api_token", record.pk, detail=detail)
    return record, token


@transaction.atomic
def revoke_token(actor: Actor, token: ApiToken) -> None:
    bureau = Bureau.objects.filter(pk=token.user.home_bureau_id or 0).first()
    if bureau is None:
        raise NotFound(_("There is no such entry in your bureau."), code="token_not_found")
    _require_bureau_admin_of(actor, bureau)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.log(actor, audit.Action.REVOKE, "api_token", token.pk)
        forget_resolved_tokens()
        transaction.on_commit(forget_resolved_tokens)  # and any resolved meanwhile


# A border post's system sends thousands of checks a minute with one token. Resolving it
# costs a joined query per request, more than the check itself; each server process keeps a
# resolved token for a moment. A revocation made in this process takes effect at once; one
# made elsewhere, or a change to the user or unit, within TOKEN_CACHE_SECONDS.
TOKEN_CACHE_SECONDS = float(getattr(settings, "POLNET_TOKEN_CACHE_SECONDS", 2.0))
_resolved: dict[str, tuple[float, User, ApiToken]] = {}
_resolved_lock = threading.Lock()


def forget_resolved_tokens() -> None:
    with _resolved_lock:
        _resolved.clear()


def authenticate_token(raw: str) -> tuple[User, ApiToken]:
    """Resolve a presented token; any flaw gives the same answer."""
    raw = raw.strip()
    parts = raw.split("_")
    if len(parts) < 3 or not raw.startswith(TOKEN_PREFIX):
        raise NotAuthenticated(_("Invalid or expired API token."), code="token_invalid")
    digest = _hash_secret(raw)
    now = timezone.now()
    cached = _resolved.get(digest)
    if cached is not None and time.monotonic() < cached[0] and cached[2].is_usable(now):
        return cached[1], cached[2]
    record = (
        ApiToken.objects.select_related("user", "user__unit__bureau", "user__bureau")
        .filter(prefix=parts[1])
        .first()
    )
    if (
        record is None
        or not hmac.compare_digest(record.secret_hash, digest)
        or not record.is_usable(now)
        or not record.user.is_active
    ):
        with _resolved_lock:
            _resolved.pop(digest, None)
        raise NotAuthenticated(_("Invalid or expired API token."), code="token_invalid")
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        record.last_used_at = now
    if TOKEN_CACHE_SECONDS > 0:
        with _resolved_lock:
            if len(_resolved) >= 10_000:
                _resolved.clear()
            _resolved[digest] = (time.monotonic() + TOKEN_CACHE_SECONDS, record.user, record)
    return record.user, record


# ---- second-factor enrolment and reset ---------------------------------------------------


def has_second_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def begin_totp_enrolment(user: User) -> TOTPDevice:
    """The unconfirmed second factor a user is setting up at first sign-in.

    The same key is kept until it is confirmed, so reloading the page does not invalidate
    a QR code the user has already scanned."""
    if has_second_factor(user):
        raise Forbidden(_("A second factor is already set up for this account."), code="second_factor_exists")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or add_totp_device(user, confirmed=False)


def check_new_password(user: User, new_password: str) -> None:
    """A password the user sets after a reset: valid, and not the temporary one."""
    if user.check_password(new_password):
        raise InvalidInput(
            _("Choose a password of your own, not the temporary one."),
            code="password_unchanged",
            field="new_password",
        )
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), code="password_rejected", field="new_password") from None


@transaction.atomic
def confirm_totp_enrolment(
    actor: Actor, user: User, code: str, *, new_password: str | None = None
) -> TOTPDevice | None:
    """Confirm the pending second factor with a first code; None when the code is wrong.
    After a reset the user also sets a new password, checked before anything is saved."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or actor.user_id != user.pk:
        raise Forbidden(_("There is no second factor to confirm."), code="second_factor_missing")
    if user.must_set_password:
        if not new_password:
            raise InvalidInput(_("Choose a new password."), code="new_password_missing", field="new_password")
        check_new_password(user, new_password)
    if not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.log(actor, audit.Action.GRANT, "second_factor", device.pk, detail={"user": user.pk})
    if user.must_set_password and new_password:
        user.set_password(new_password)
        user.must_set_password = False
        user.save(update_fields=["password", "must_set_password"])
        audit.log(actor, audit.Action.UPDATE, "user", user.pk, detail={"password": "set"})
    return device


# ---- an administrator's acts on a user -----------------------------------------------------

# The roles a bureau gives its own people and its units' officers; never a secretariat role.
BUREAU_GRANTABLE = frozenset(BUREAU_ROLES | {Role.UNIT_OFFICER})


def _require_user_admin(actor: Actor, user: User) -> None:
    """The one rule for acts on a user: an administrator of the user's own bureau, or the
    system administrator for the secretariat's users and the bureaus' administrators (whom it
    creates, see create_user). Nobody acts on their own account this way."""
    if actor.user_id == user.pk:
        raise Forbidden(_("You cannot do this to your own account."), code="own_account")
    bureau_id = user.home_bureau_id
    if actor.role == Role.SYSTEM_ADMIN and (bureau_id is None or user.role == Role.BUREAU_ADMIN):
        return
    bureau = Bureau.objects.filter(pk=bureau_id or 0).first()
    if bureau is None:
        raise NotFound(_("There is no such entry in your bureau."), code="user_not_found")
    _require_bureau_admin_of(actor, bureau)


def managed_user(actor: Actor, user_id: int) -> User:
    """A user the actor administers (see _require_user_admin); others answer NotFound."""
    if actor.role != Role.SYSTEM_ADMIN:
        return bureau_user(actor, user_id)
    secretariat = Q(bureau__isnull=True, unit__isnull=True)
    found = User.objects.filter(secretariat | Q(role=Role.BUREAU_ADMIN), pk=user_id).first()
    if found is None:
        raise NotFound(_("There is no such entry in your bureau."), code="user_not_found")
    return found


def _forget_tokens_now_and_at_commit() -> None:
    forget_resolved_tokens()
    transaction.on_commit(forget_resolved_tokens)  # and any resolved meanwhile


def _end_sessions(user: User) -> None:
    """The user's open sessions end now, so a reactivated account signs in afresh. Sessions
    last half an hour without activity: the unexpired ones are few."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()


@transaction.atomic
def set_user_active(actor: Actor, user: User, *, active: bool) -> User:
    """Deactivate or reactivate an account. A deactivated user cannot sign in, its sessions
    end at their next request and its tokens stop working; nothing of it is deleted."""
    _require_user_admin(actor, user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.log(actor, audit.Action.UPDATE, "user", user.pk, detail={"active": active})
        if not active:
            _end_sessions(user)
        _forget_tokens_now_and_at_commit()
    return user


@transaction.atomic
def reset_sign_in(actor: Actor, user: User, *, temporary_password: str) -> User:
    """A lost authenticator or a forgotten password: the administrator gives a temporary
    password; at the next sign-in the user sets up a new authenticator and a new password."""
    _require_user_admin(actor, user)
    if user.is_machine:
        raise InvalidInput(
            _("A machine client signs in with API tokens only: revoke its token and issue a new one."),
            code="reset_machine",
        )
    try:
        validate_password(temporary_password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), code="password_rejected", field="password") from None
    user.set_password(temporary_password)  # also ends the user's open sessions
    user.must_set_password = True
    user.save(update_fields=["password", "must_set_password"])
    devices, _kinds = TOTPDevice.objects.filter(user=user).delete()
    audit.log(
        actor, audit.Action.REVOKE, "second_factor", user.pk, detail={"devices": devices, "password": "reset"}
    )
    return user


def _check_role_bound(actor: Actor, user: User, role: Role) -> None:
    """A role is given only where it belongs, and never beyond the giver's own powers."""
    if user.partner_id is not None:
        grantable = PARTNER_ROLES
    elif user.home_bureau_id is not None:
        grantable = BUREAU_GRANTABLE
    else:
        grantable = SECRETARIAT_ROLES
    if role not in grantable:
        raise InvalidInput(
            _("This role cannot be given to this user."), code="role_not_grantable", field="role"
        )
    if role == Role.SYSTEM_ADMIN and actor.role != Role.SYSTEM_ADMIN:
        raise Forbidden(_("Only a system administrator may give this role."), code="role_beyond_own")
    if role == Role.BUREAU_ADMIN and actor.token_scopes is not None:
        raise Forbidden(
            _(
                "The administrator role is given only by an administrator signed in with the "
                "second factor, not by a token."
            ),
            code="role_admin_by_token",
        )


@transaction.atomic
def change_role(actor: Actor, user: User, *, role: Role | str, unit: Unit | None = None) -> User:
    """Give a user of the bureau another role (a unit officer belongs to one of its units)."""
    _require_user_admin(actor, user)
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(
            _("Unknown role %(role)r."), code="role_unknown", field="role", role=role
        ) from None
    _check_role_bound(actor, user, role)
    bureau_id = user.home_bureau_id
    if role != Role.UNIT_OFFICER:
        unit = None
    elif unit is not None and unit.bureau_id != bureau_id:
        raise InvalidInput(_("Choose a unit of your bureau."), code="unit_of_other_bureau", field="unit")
    bureau = Bureau.objects.filter(pk=bureau_id or 0).first()
    _check_affiliation(role, None if role == Role.UNIT_OFFICER else bureau, unit)
    before = {"role": user.role, "unit": user.unit_id}
    user.role = role
    user.unit = unit
    user.bureau = None if unit is not None else bureau
    user.is_staff = role == Role.SYSTEM_ADMIN
    user.save(update_fields=["role", "unit", "bureau", "is_staff"])
    revoked: list[int] = []
    if role != Role.BUREAU_ADMIN:  # network:admin tokens are only for administrators
        for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
            if TokenScope.NETWORK_ADMIN.value in token.scopes:
                token.revoked_at = timezone.now()
                token.save(update_fields=["revoked_at"])
                revoked.append(token.pk)
    audit.log(
        actor,
        audit.Action.UPDATE,
        "user",
        user.pk,
        detail={"from": before, "to": {"role": role.value, "unit": user.unit_id}, "tokens_revoked": revoked},
    )
    _forget_tokens_now_and_at_commit()  # a resolved token carries the old role
    return user


@transaction.atomic
def clear_sign_in_wait(actor: Actor, user: User) -> bool:
    """Unlock an account that waits after failed sign-ins: the user may try again now. The
    address's own limit still holds, so this opens no door to a guessing machine."""
    _require_user_admin(actor, user)
    cleared = throttle.clear_account(user.username)
    if cleared:
        audit.log(actor, audit.Action.UPDATE, "sign_in_wait", user.pk, detail={"cleared": True})
    return cleared


def unlocked_by(username: str) -> Bureau | None:
    """Whose administrators may unlock this account: its bureau; None for the secretariat's
    users (its system administrator) and for a name no account has."""
    users = User.objects.select_related("unit__bureau", "bureau")
    user = users.filter(username__iexact=username.strip()).first()
    if user is None:
        return None
    return user.unit.bureau if user.unit is not None else user.bureau


# ---- what a bureau administrator manages ---------------------------------------------------


def administered_bureau(actor: Actor) -> Bureau:
    """The bureau the actor administers; anyone else is refused."""
    if actor.role != Role.BUREAU_ADMIN or actor.bureau_id is None or actor.unit is not None:
        raise Forbidden(_("Only a bureau administrator may do this."), code="bureau_admin_only")
    return Bureau.objects.select_related("country").get(pk=actor.bureau_id)


def bureau_units(actor: Actor) -> list[Unit]:
    """The units of the actor's own bureau, for the bureau's people (not for its units)."""
    if actor.bureau_id is None or actor.unit is not None:
        return []
    return list(Unit.objects.filter(bureau_id=actor.bureau_id).order_by("name"))


def bureau_users(actor: Actor) -> list[User]:
    bureau = administered_bureau(actor)
    users = User.objects.filter(bureau=bureau) | User.objects.filter(unit__bureau=bureau)
    return list(users.select_related("unit").order_by("username"))


def bureau_tokens(actor: Actor) -> list[ApiToken]:
    bureau = administered_bureau(actor)
    tokens = ApiToken.objects.filter(user__bureau=bureau) | ApiToken.objects.filter(user__unit__bureau=bureau)
    return list(tokens.select_related("user").order_by("-created_at"))


def bureau_user(actor: Actor, user_id: int) -> User:
    """One user of the administered bureau or its units; others answer NotFound."""
    bureau = administered_bureau(actor)
    users = User.objects.filter(bureau=bureau) | User.objects.filter(unit__bureau=bureau)
    found = users.select_related("unit").filter(pk=user_id).first()
    if found is None:
        raise NotFound(_("There is no such entry in your bureau."), code="user_not_found")
    return found


def bureau_unit(actor: Actor, unit_id: int) -> Unit:
    bureau = administered_bureau(actor)
    unit = Unit.objects.filter(pk=unit_id, bureau=bureau).first()
    if unit is None:
        raise NotFound(_("There is no such entry in your bureau."), code="unit_not_found")
    return unit


def bureau_token(actor: Actor, token_id: int) -> ApiToken:
    bureau = administered_bureau(actor)
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None or token.user.home_bureau_id != bureau.pk:
        raise NotFound(_("There is no such entry in your bureau."), code="token_not_found")
    return token


def network_overview(actor: Actor) -> list[Bureau]:
    """The member bureaus with their units, for the system administrator's home page."""
    _require_system_admin(actor)
    return list(Bureau.objects.select_related("country").prefetch_related("units").order_by("country__name"))


def secretariat_users(actor: Actor) -> list[User]:
    _require_system_admin(actor)
    return list(User.objects.filter(bureau__isnull=True, unit__isnull=True).order_by("username"))
