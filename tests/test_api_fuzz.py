"""Every operation of the API, called with generated input, answers as its OpenAPI document says.

Schemathesis reads the document the app serves and generates requests for each operation:
valid ones (positive) and ones that break the schema (negative). Each answer must not be a
5xx, and its status, content type and body must be among those documented (a 4xx body is the
documented error body). The run is bounded and repeatable: a fixed seed, a few examples per
operation and mode, no shrinking. It authenticates with a real API token that has every scope.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from polnet.core.actor import Role, TokenScope
from polnet.network.services import create_user, issue_token
from polnet.records import services as records
from tests.factories import ALL_DATABASES, Network, make_record

# Per operation and generation mode. 8 keeps every run's share near a minute per database;
# POLNET_FUZZ_EXAMPLES=100 is the deeper sweep to run before a release.
EXAMPLES = int(os.environ.get("POLNET_FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# An event stream answers for STREAM_SECONDS by design: nothing to fuzz in its one parameter-less call.
SKIPPED = {("GET", "/api/screening/hits/stream"), ("GET", "/api/notifications/stream")}


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """The real WSGI app, kept on the test's database connection (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _machine_token(net: Network) -> tuple[int, str]:
    """A bureau administrator's machine client whose token has every scope there is."""
    admin = net.actor("FR-admin")
    machine = create_user(
        admin,
        username="fr-fuzz-client",
        password=None,
        role=Role.BUREAU_ADMIN,
        bureau=net.bureaus["FR"],
        is_machine=True,
    )
    record, secret = issue_token(admin, machine, name="fuzz", scopes=[s.value for s in TokenScope])
    return record.pk, secret


def _seed(net: Network) -> None:
    """A record of each kind, so that lists and reads answer with real bodies to check."""
    owner = net.actor("FR-officer")
    for kind in ALL_DATABASES:
        make_record(owner, kind)
    person, doc = make_record(owner, "person"), make_record(owner, "document")
    records.update_record(owner, "document", doc.pk, {"version": 1, "holder_id": person.pk})


def _run(operation: Any, mode: GenerationMode, app: WSGIHandler, headers: dict[str, str], own: int) -> None:
    # The token in use stays valid: revoking it would leave every later call a 401.
    strategy = operation.as_strategy(generation_mode=mode).filter(
        lambda case: (case.path_parameters or {}).get("token_id") != own
    )

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case: Any) -> None:
        case.call_and_validate(app=app, headers=headers, checks=CHECKS)

    call()


@pytest.mark.fuzz
@pytest.mark.django_db
def test_every_operation_answers_as_documented(net: Network, wsgi_app: WSGIHandler) -> None:
    own, secret = _machine_token(net)
    _seed(net)
    headers = {"Authorization": f"Bearer {secret}", "Host": "testserver"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app, headers={"Host": "testserver"})
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _run(operation, mode, wsgi_app, headers, own)
            except BaseException as exc:  # a check's failure group, or an error the app raised
                if isinstance(exc, KeyboardInterrupt):
                    raise
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}):\n{exc}")
    assert operations > 80, operations  # the whole API was loaded, not an empty document
    assert not failures, f"{len(failures)} failing:\n\n" + "\n\n".join(failures)
