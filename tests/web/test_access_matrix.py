"""Deny by default: every route of the app (Django's URL resolver and every django-ninja
operation) is in the access matrix (src/jumush/accounts/access_matrix.csv), and each role gets
exactly what the matrix says: `no` is refused (401 anonymous, 403 signed in, 302 to the admin
sign-in), `yes` and `own` are let through, and `own` answers 404 for a record of someone else."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.errors import AuthenticationError

import jumush.accounts
from jumush.accounts.access import CLOSED, Forbidden
from jumush.accounts.roles import Role
from jumush.api import api
from tests.factories import World, sign_in

pytestmark = pytest.mark.django_db

MATRIX = Path(jumush.accounts.__file__).parent / "access_matrix.csv"
ROLES = ["anonymous", *(r.value for r in Role)]


@dataclass(frozen=True)
class Rule:
    methods: str
    route: str
    allowed: dict[str, str]


def read_matrix() -> list[Rule]:
    with MATRIX.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rules = []
    for line, row in enumerate(rows, start=2):
        values = {role: row[role] for role in ROLES}
        assert set(values.values()) <= {"yes", "no", "own"}, f"access_matrix.csv line {line}"
        rules.append(Rule(row["method"], row["route"], values))
    return rules


def ninja_operations() -> Iterator[tuple[str, str]]:
    """(methods "GET|HEAD", route "/api/v1/workers/<anyuuid:worker_id>") of every operation."""
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            route = "/api/" + re.sub(r"/+", "/", f"{prefix}/{path}").strip("/")
            route = re.sub(r"\{([^}]+)\}", r"<\1>", route)
            for operation in path_view.operations:
                yield "|".join(operation.methods), route


def django_routes(patterns: list[URLPattern | URLResolver], prefix: str = "/") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from django_routes(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def every_route() -> set[tuple[str, str]]:
    operations = set(ninja_operations())
    operation_routes = {route for _, route in operations}
    others = {("*", r) for r in django_routes(get_resolver().url_patterns)}
    return operations | {(m, r) for m, r in others if r not in operation_routes}


def rule_for(method: str, route: str, rules: list[Rule]) -> Rule | None:
    for rule in rules:
        if rule.methods != method:
            continue
        if rule.route == route or (rule.route.endswith("*") and route.startswith(rule.route[:-1])):
            return rule
    return None


def test_every_route_is_in_the_access_matrix_and_every_row_is_a_route() -> None:
    rules = read_matrix()
    routes = every_route()
    missing = sorted(f"{m} {r}" for m, r in routes if rule_for(m, r, rules) is None)
    assert not missing, f"routes missing from {MATRIX.name}: {missing}"
    stale = [
        f"{rule.methods} {rule.route}"
        for rule in rules
        if not any(rule_for(m, r, [rule]) for m, r in routes)
    ]
    assert not stale, f"rows of {MATRIX.name} that are no route: {stale}"


def client_as(role: str, world: World) -> Client:
    if role == "anonymous":
        return Client()
    return sign_in(Client(), world.accounts[Role(role)])


def fill(route: str, world: World, *, own: bool) -> str:
    """The route with its parameters naming a record in the role's scope (`own`), or one
    outside every scoped role's scope."""
    i = 0 if own else 1
    values = {
        "vacancy_id": str(world.vacancies[i].pk),
        "worker_id": str(world.workers[i].public_id),
        "employer_id": str(world.employers[i].pk),
        "licence_number": world.agencies[i].licence_number,
        "code": "7212",
        "token_id": "999999",
        "reference": world.cases[i].reference,
        "proposal_id": "999999",
        "evidence_id": "999999",
    }
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)


def call(client: Client, method: str, url: str) -> int:
    if method == "GET":
        return client.get(url).status_code
    if method == "DELETE":
        return client.delete(url).status_code
    if method == "PATCH":
        return client.patch(url, {}, content_type="application/json").status_code
    return client.post(url, {}, content_type="application/json").status_code


API_RULES = [rule for rule in read_matrix() if rule.route.startswith("/api/v1/")]


@pytest.mark.parametrize("rule", API_RULES, ids=[f"{r.methods} {r.route}" for r in API_RULES])
def test_each_role_gets_what_the_matrix_says(rule: Rule, world: World) -> None:
    method = rule.methods.split("|")[0]
    for role in ROLES:
        expected = rule.allowed[role]
        status = call(client_as(role, world), method, fill(rule.route, world, own=True))
        if expected == "no":
            refused = 401 if role == "anonymous" else 403
            assert status == refused, f"{role} {method} {rule.route}: {status}, not {refused}"
        else:
            assert status not in (401, 403), f"{role} {method} {rule.route}: refused ({status})"
        if expected == "own" and "<" in rule.route:
            other = call(client_as(role, world), method, fill(rule.route, world, own=False))
            assert other == 404, f"{role} {method} {rule.route} out of scope: {other}, not 404"


def test_the_admin_site_lets_in_only_the_admin_role(world: World) -> None:
    for role in ROLES:
        status = client_as(role, world).get("/admin/registry/worker/").status_code
        expected = 200 if role == "admin" else 302
        assert status == expected, f"{role}: {status}"


def test_a_route_that_names_no_action_is_closed_to_everyone(world: World) -> None:
    assert CLOSED.action is None
    assert api.auth in (CLOSED, [CLOSED])
    for role in ROLES:
        request = RequestFactory().get("/api/v1/anything")
        request.session = client_as(role, world).session
        request.user = get_user(request)
        with pytest.raises((AuthenticationError, Forbidden)):
            CLOSED(request)
