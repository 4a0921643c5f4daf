"""schemathesis against our OpenAPI schema (`/openapi.json`), in-process through the WSGI app:
every operation, as an anonymous visitor and as a signed-in officer who passed TOTP (the role
that may attempt the most). Checks: no server error (5xx), every response's status code,
content type and body as the schema says.

Bounded: `MAX_EXAMPLES` examples per operation and actor (the issue allows up to 300 and five
minutes in all; 25 keeps the whole run near a minute on two shared cores), no deadline (the
machine is shared: a slow example is not a failure), the examples derandomised so a run is
repeatable. Everything the fuzzer writes is rolled back after each operation's test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jumush.accounts.roles import Role
from tests.factories import make_world, sign_in

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


# Loaded at collection (schemathesis' lazy fixture loader does not work with pytest 9): the
# schema comes from the app itself, no database needed.
schema = schemathesis.openapi.from_wsgi("/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes "old" database connections at each request's start and end; in
    a test's transaction that closes the test's own connection (PostgreSQL; SQLite's in-memory
    test database ignores it). Django's test Client turns this off in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _officer_headers() -> dict[str, str]:
    world = make_world()
    client = sign_in(Client(), world.accounts[Role.officer])
    client.get("/api/v1/auth/csrf")
    session = client.cookies["sessionid"].value
    csrf = client.cookies["csrftoken"].value
    return {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_as_anonymous(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def officer_headers() -> dict[str, str]:
    headers = _officer_headers()
    # Django's test Client, used to sign in, connects the closing handlers again when done.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    return headers


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_as_officer(case: Any, officer_headers: dict[str, str]) -> None:
    case.call_and_validate(headers=officer_headers, checks=CHECKS)
