"""Network administration endpoints: who am I, units and their scope, users, API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status
from pydantic import Field

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.network import deadlines, services
from polnet.network.auth import ANY_SCOPE, ScopedRouter
from polnet.network.models import ApiToken, Country, Unit, User

router = ScopedRouter(tags=["network"])


class MeOut(Schema):
    username: str
    role: str
    country: str | None
    affiliation: str
    unit_databases: list[str] | None
    unit_result_level: str | None
    token_scopes: list[str] | None


class CountryOut(Schema):
    code: str
    alpha3: str
    name: str
    is_member: bool


class UnitIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: str
    databases: list[str] = Field(default_factory=list)
    result_level: str = "hit_only"
    may_write: bool = False
    location: str = Field("", max_length=200)


class UnitScopeIn(Schema):
    databases: list[str]
    result_level: str
    may_write: bool = False
    active: bool = True


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    location: str
    databases: list[str]
    result_level: str
    may_write: bool
    active: bool


class DeadlinesIO(Schema):
    urgent_hours: int = Field(description="Hours to confirm a hit whose action is urgent (arrest, protect)")
    other_hours: int = Field(description="Hours to confirm any other hit")


class UserIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str | None = Field(None, description="Omit for a machine client that signs in by token")
    role: str
    unit_id: int | None = None
    email: str = ""
    first_name: str = ""
    last_name: str = ""


class UserOut(Schema):
    id: int
    username: str
    role: str
    unit_id: int | None
    is_machine: bool
    is_active: bool


class RoleIn(Schema):
    role: str
    unit_id: int | None = Field(None, description="The unit of a unit officer")


class ResetIn(Schema):
    temporary_password: str = Field(
        min_length=1,
        description="Given to the person; at the next sign-in they enrol a new authenticator "
        "and choose a new password",
    )


class UnlockOut(Schema):
    cleared: bool = Field(description="Whether the account was waiting")


class TokenIn(Schema):
    user_id: int
    name: str = Field(min_length=1, max_length=100)
    scopes: list[str]
    days: int = 90
    default_purpose: str = Field(
        "",
        max_length=32,
        description="The purpose stated for the token's searches that state none (one of the "
        "listed purposes); empty: every search states its own",
    )


class TokenOut(Schema):
    id: int
    user: str
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    default_purpose: str = Field(description="The purpose of its searches that state none; may be empty")


class TokenIssuedOut(TokenOut):
    token: str = Field(description="Shown once; store it in the client now.")


def _token_out(t: ApiToken) -> dict[str, Any]:
    return {
        "id": t.pk,
        "user": t.user.username,
        "name": t.name,
        "prefix": t.prefix,
        "scopes": t.scopes,
        "created_at": t.created_at,
        "expires_at": t.expires_at,
        "revoked_at": t.revoked_at,
        "default_purpose": t.default_purpose,
    }


@router.get(
    "/me", scope=ANY_SCOPE, response={200: MeOut, **ERRORS}, summary="Who the caller is and what it may do"
)
def me(request: HttpRequest) -> dict[str, Any]:
    a = _actor(request)
    return {
        "username": a.username,
        "role": a.role.value,
        "country": a.country,
        "affiliation": a.affiliation,
        "unit_databases": sorted(a.unit.databases) if a.unit else None,
        "unit_result_level": a.unit.result_level.value if a.unit else None,
        "token_scopes": sorted(s.value for s in a.token_scopes) if a.token_scopes is not None else None,
    }


@router.get(
    "/countries",
    scope=ANY_SCOPE,
    response={200: list[CountryOut], **ERRORS},
    summary="ISO 3166 countries and membership",
)
def countries(request: HttpRequest, members_only: bool = False) -> Any:
    qs = Country.objects.all()
    return qs.filter(is_member=True) if members_only else qs


@router.get(
    "/units",
    scope=TokenScope.NETWORK_ADMIN,
    response={200: list[UnitOut], **ERRORS},
    summary="The units of the caller's bureau",
)
def list_units(request: HttpRequest) -> Any:
    actor = _actor(request)
    services.administered_bureau(actor)  # the bureau's officers see its units on pages, not here
    return services.bureau_units(actor)


@router.post(
    "/units",
    scope=TokenScope.NETWORK_ADMIN,
    response={201: UnitOut, **ERRORS},
    summary="Connect a new extended-access unit",
)
def create_unit(request: HttpRequest, payload: UnitIn) -> Status[Unit]:
    actor = _actor(request)
    unit = services.create_unit(actor, services.administered_bureau(actor), **payload.model_dump())
    return Status(201, unit)


@router.put(
    "/units/{int:unit_id}/scope",
    scope=TokenScope.NETWORK_ADMIN,
    response={200: UnitOut, **ERRORS},
    summary="Set a unit's scope",
)
def set_scope(request: HttpRequest, unit_id: int, payload: UnitScopeIn) -> Unit:
    actor = _actor(request)
    unit = services.bureau_unit(actor, unit_id)
    return services.set_unit_scope(actor, unit, **payload.model_dump())


def _deadlines_out(bureau: Any) -> dict[str, int]:
    return {"urgent_hours": bureau.confirm_urgent_hours, "other_hours": bureau.confirm_other_hours}


@router.get(
    "/bureau/deadlines",
    scope=TokenScope.NETWORK_ADMIN,
    response={200: DeadlinesIO, **ERRORS},
    summary="How long the caller's bureau has to confirm a hit on its records",
)
def get_deadlines(request: HttpRequest) -> dict[str, int]:
    return _deadlines_out(services.administered_bureau(_actor(request)))


@router.put(
    "/bureau/deadlines",
    scope=TokenScope.NETWORK_ADMIN,
    response={200: DeadlinesIO, **ERRORS},
    summary="Set how long the caller's bureau has to confirm a hit on its records",
)
def set_deadlines(request: HttpRequest, payload: DeadlinesIO) -> dict[str, int]:
    return _deadlines_out(deadlines.set_confirm_deadlines(_actor(request), **payload.model_dump()))


@router.get(
    "/users",
    scope=TokenScope.NETWORK_ADMIN,
    response={200: list[UserOut], **ERRORS},
    summary="The users of the caller's bureau and its units",
)
def list_users(request: HttpRequest) -> Any:
    return services.bureau_users(_actor(request))


@router.post(
    "/users",
    scope=TokenScope.NETWORK_ADMIN,
    response={201: UserOut, **ERRORS},
    summary="Create a user of the caller's bureau or of one of its units",
)
def create_user(request: HttpRequest, payload: UserIn) -> Status[User]:
    actor = _actor(request)
    bureau = services.administered_bureau(actor)
    unit = None if payload.unit_id is None else services.bureau_unit(actor, payload.unit_id)
    data = payload.model_dump(exclude={"unit_id"})
    user = services.create_user(actor, bureau=bureau, unit=unit, is_machine=payload.password is None, **data)
    return Status(201, user)


@router.post(
    "/users/{int:user_id}/deactivate",
    scope=TokenScope.NETWORK_ADMIN,
    response={200: UserOut, **ERRORS},
    summary="Deactivate a user: no sign-in, no session, no token works; nothing is deleted",
)
def deactivate_user(request: HttpRequest, user_id: int) -> User:
    actor = _actor(request)
    return services.set_user_active(actor, services.managed_user(actor, user_id), active=False)


@router.post(
    "/users/{int:user_id}/reactivate",
    scope=TokenScope.NETWORK_ADMIN,
    response={200: UserOut, **ERRORS},
    summary="Reactivate a deactivated user",
)
def reactivate_user(request: HttpRequest, user_id: int) -> User:
    actor = _actor(request)
    return services.set_user_active(actor, services.managed_user(actor, user_id), active=True)


@router.put(
    "/users/{int:user_id}/role",
    scope=TokenScope.NETWORK_ADMIN,
    response={200: UserOut, **ERRORS},
    summary="Change a user's role (only roles the bureau gives)",
)
def change_role(request: HttpRequest, user_id: int, payload: RoleIn) -> User:
    actor = _actor(request)
    user = services.managed_user(actor, user_id)
    unit = None if payload.unit_id is None else services.bureau_unit(actor, payload.unit_id)
    return services.change_role(actor, user, role=payload.role, unit=unit)


@router.post(
    "/users/{int:user_id}/reset-sign-in",
    scope=TokenScope.NETWORK_ADMIN,
    response={204: None, **ERRORS},
    summary="Reset a user's authenticator and password",
)
def reset_sign_in(request: HttpRequest, user_id: int, payload: ResetIn) -> Status[None]:
    actor = _actor(request)
    user = services.managed_user(actor, user_id)
    services.reset_sign_in(actor, user, temporary_password=payload.temporary_password)
    return Status(204, None)


@router.post(
    "/users/{int:user_id}/unlock",
    scope=TokenScope.NETWORK_ADMIN,
    response={200: UnlockOut, **ERRORS},
    summary="Unlock an account that waits after failed sign-ins",
)
def unlock_user(request: HttpRequest, user_id: int) -> dict[str, bool]:
    actor = _actor(request)
    return {"cleared": services.clear_sign_in_wait(actor, services.managed_user(actor, user_id))}


@router.get(
    "/tokens",
    scope=TokenScope.NETWORK_ADMIN,
    response={200: list[TokenOut], **ERRORS},
    summary="API tokens of the caller's bureau",
)
def list_tokens(request: HttpRequest) -> list[dict[str, Any]]:
    return [_token_out(t) for t in services.bureau_tokens(_actor(request))]


@router.post(
    "/tokens",
    scope=TokenScope.NETWORK_ADMIN,
    response={201: TokenIssuedOut, **ERRORS},
    summary="Issue a scoped API token (the secret is shown once)",
)
def issue_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    user = services.bureau_user(actor, payload.user_id)
    record, secret = services.issue_token(
        actor,
        user,
        name=payload.name,
        scopes=payload.scopes,
        days=payload.days,
        default_purpose=payload.default_purpose,
    )
    return Status(201, {**_token_out(record), "token": secret})


@router.delete(
    "/tokens/{int:token_id}",
    scope=TokenScope.NETWORK_ADMIN,
    response={204: None, **ERRORS},
    summary="Revoke an API token",
)
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    actor = _actor(request)
    services.revoke_token(actor, services.bureau_token(actor, token_id))
    return Status(204, None)
