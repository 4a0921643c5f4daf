"""Shared fixtures. The test database is built by running the migrations, then the shipped
reference data is loaded once per session; each test runs in a transaction rolled back after."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jumush.taxonomy.load import load_reference_data
from tests.factories import World, make_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        load_reference_data()
    yield


@pytest.fixture(autouse=True)
def fresh_matching_indexes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no matching index (a rolled-back test leaves no Removal rows
    behind) and sees every change at once (no poll interval)."""
    from jumush.matching import live

    monkeypatch.setattr(live, "POLL_SECONDS", 0.0)
    live.reset()
    yield
    live.reset()


@pytest.fixture
def world() -> World:
    """tests/factories.py World: two of each record and one account per role (synthetic);
    for tests that use the database."""
    return make_world()
