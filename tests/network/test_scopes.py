"""Token scopes: every API operation declares one, and exactly that scope's tokens get through.

The matrix is generated from the OpenAPI document, so an operation added later is covered
without anyone remembering to add it here; one without a declared scope fails.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from ninja import NinjaAPI, Router

from polnet.api import api
from polnet.core.actor import Role, TokenScope
from polnet.core.errors import InvalidInput
from polnet.network.auth import ANY_SCOPE, SCOPE_KEY, ScopedRouter, mount
from polnet.network.models import ApiToken, User
from polnet.network.services import create_user, issue_token
from tests.factories import Network, signed_in_client

METHODS = ("get", "post", "put", "patch", "delete")
# Ids that exist nowhere: an admitted call then changes nothing (no token is revoked mid-test).
PATH_VALUES = {"integer": "987654321", "string": str(uuid.UUID(int=987654321))}


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    doc = api.get_openapi_schema()
    return [
        (method, path, op)
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
        if method in METHODS
    ]


def _concrete(path: str, op: dict[str, Any]) -> str:
    kinds = {p["name"]: p.get("schema", {}).get("type", "string") for p in op.get("parameters", [])}
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(kinds.get(m[1], "string"), "x"), path)


def _call(method: str, url: str, token: str) -> Any:
    client = Client()
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if method in ("post", "put", "patch"):
        kwargs |= {"data": "{}", "content_type": "application/json"}
    return getattr(client, method)(url, **kwargs)


def test_every_operation_declares_a_known_scope() -> None:
    known = {s.value for s in TokenScope} | {ANY_SCOPE}
    undeclared = [f"{m.upper()} {p}" for m, p, op in _operations() if op.get(SCOPE_KEY) not in known]
    assert not undeclared, f"operations without a declared token scope: {undeclared}"
    assert len(_operations()) > 90  # the walk really saw the whole API


@pytest.mark.walk
@pytest.mark.django_db
def test_exactly_the_declared_scope_is_admitted(net: Network) -> None:
    # Tokens of a bureau administrator: the strongest holder, so only the scope can refuse.
    admin = net.actor("FR-admin")
    tokens = {
        scope: issue_token(admin, net.users["FR-admin"], name=f"only {scope}", scopes=[scope.value])[1]
        for scope in TokenScope
    }
    wrong: list[str] = []
    for method, path, op in _operations():
        declared = op[SCOPE_KEY]
        url = _concrete(path, op)
        for scope, token in tokens.items():
            response = _call(method, url, token)
            refused = response.status_code == 403 and response.json().get("error") == "insufficient_scope"
            admitted = declared in (ANY_SCOPE, scope.value)
            if admitted == refused or response.status_code == 401:
                wrong.append(
                    f"{method.upper()} {path} [{declared}] with a {scope} token: {response.status_code}"
                )
    assert not wrong, "\n".join(wrong)
    assert ApiToken.objects.filter(revoked_at=None).count() == len(TokenScope)


@pytest.mark.django_db
def test_a_narrow_token_cannot_take_over_its_bureau(net: Network) -> None:
    """The finding: a messages-only (or screening-only) token of a bureau administrator."""
    admin = net.actor("FR-admin")
    unit = net.users["FR-unit-full"].unit
    assert unit is not None
    for scope in ("messages", "screening", "records:read", "records:write"):
        _, token = issue_token(admin, net.users["FR-admin"], name=scope, scopes=[scope])
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        client = Client()
        attempts = [
            client.post(
                "/api/network/tokens",
                {"user_id": net.users["FR-admin"].pk, "name": "all", "scopes": [s.value for s in TokenScope]},
                content_type="application/json",
                **auth,
            ),
            client.put(
                f"/api/network/units/{unit.pk}/scope",
                {"databases": ["persons", "documents"], "result_level": "full", "may_write": True},
                content_type="application/json",
                **auth,
            ),
            client.post(
                "/api/network/users",
                {"username": f"intruder-{scope}", "password": "Correct-Horse-9", "role": "bureau_admin"},
                content_type="application/json",
                **auth,
            ),
        ]
        assert [r.status_code for r in attempts] == [403, 403, 403], scope
    unit.refresh_from_db()
    assert not unit.may_write and ApiToken.objects.count() == 4
    assert not User.objects.filter(username__startswith="intruder").exists()


@pytest.mark.django_db
def test_hits_need_the_screening_scope(net: Network) -> None:
    _, token = issue_token(net.actor("FR-admin"), net.users["FR-officer"], name="m", scopes=["messages"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()
    assert client.get("/api/screening/hits", **auth).status_code == 403
    assert client.get("/api/screening/hits/stream", **auth).status_code == 403
    r = client.post(
        "/api/screening/hits/1/outcome", {"outcome": "no_action"}, content_type="application/json", **auth
    )
    assert r.status_code == 403 and "screening" in r.json()["detail"]


@pytest.mark.django_db
def test_network_admin_is_granted_only_by_a_person_to_a_bureau_administrator(net: Network) -> None:
    admin = net.actor("FR-admin")
    record, secret = issue_token(admin, net.users["FR-admin"], name="ops", scopes=["network:admin"])
    assert record.scopes == ["network:admin"]
    me = Client().get("/api/network/me", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert me["token_scopes"] == ["network:admin"]
    with pytest.raises(InvalidInput, match="only for a bureau administrator"):
        issue_token(admin, net.users["FR-officer"], name="x", scopes=["network:admin"])
    machine = create_user(
        admin, username="gate-sync", password=None, role=Role.BUREAU_OFFICER, bureau=record.user.bureau
    )
    with pytest.raises(InvalidInput):
        issue_token(admin, machine, name="x", scopes=["network:admin", "records:read"])


@pytest.mark.django_db
def test_a_token_cannot_mint_wider_or_administrative_tokens(net: Network) -> None:
    _, secret = issue_token(
        net.actor("FR-admin"), net.users["FR-admin"], name="ops", scopes=["network:admin"]
    )
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def mint(scopes: list[str]) -> Any:
        body = {"user_id": net.users["FR-admin"].pk, "name": "more", "scopes": scopes}
        return client.post("/api/network/tokens", body, content_type="application/json", **auth)

    r = mint(["network:admin"])
    assert r.status_code == 403 and "second factor" in r.json()["detail"]
    r = mint(["records:write"])
    assert r.status_code == 403 and "does not hold" in r.json()["detail"]
    assert ApiToken.objects.count() == 1
    # A signed-in bureau administrator (password and second factor) still manages tokens.
    person = signed_in_client(net.users["FR-admin"])
    body = {"user_id": net.users["FR-unit-full"].pk, "name": "gate", "scopes": ["screening"]}
    assert person.post("/api/network/tokens", body, content_type="application/json").status_code == 201


def test_a_route_without_a_scope_cannot_be_registered() -> None:
    router = ScopedRouter()
    with pytest.raises(ImproperlyConfigured, match="declares no token scope"):

        @router.get("/x")
        def undeclared(request: Any) -> None: ...

    with pytest.raises(ImproperlyConfigured, match="ScopedRouter"):
        router.add_router("/plain", Router())
    with pytest.raises(ImproperlyConfigured, match="ScopedRouter"):
        mount(NinjaAPI(urls_namespace="scope-test"), "/plain/", Router())


@pytest.mark.django_db
def test_a_bad_token_without_a_cookie_is_not_authenticated(net: Network) -> None:
    client = Client(enforce_csrf_checks=True)
    r = client.post(
        "/api/network/tokens", "{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer pn_x_y"
    )
    assert r.status_code == 401 and r.json()["error"] == "not_authenticated"
