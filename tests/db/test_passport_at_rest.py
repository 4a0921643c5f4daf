"""A seeded passport number is not found in a `pg_dump` of the database (the SQLite file is
scanned in tests/cli/test_cli_import.py, which runs on a file database). People are synthetic."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from jumush.registry.actions import create_worker
from jumush.registry.models import Worker
from jumush.registry.queries import find_workers_by_passport
from tests.factories import worker_data

NUMBER = "QZ 7391847"


def _pg_dump() -> str | None:
    found = shutil.which("pg_dump")
    if found:
        return found
    for directory in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (directory / "pg_dump").exists():
            return str(directory / "pg_dump")
    return None


@pytest.fixture
def committed_worker(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[Worker]:
    """A worker registered through the real action and committed (a pg_dump runs in another
    connection), deleted again afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump needs PostgreSQL: this run is on SQLite (./scripts/test runs it)")
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        worker = create_worker(
            worker_data(
                77,
                passport={"number": NUMBER, "expiry": "01.01.2033"},
                source={"system": "test", "external_id": "passport-at-rest"},
            )
        )
        try:
            yield worker
        finally:
            Worker.objects.filter(pk=worker.pk).delete()


def test_a_seeded_passport_number_is_not_in_a_pg_dump(
    committed_worker: Worker, django_db_blocker: Any
) -> None:
    dump = _pg_dump()
    if dump is None:
        pytest.skip("pg_dump not found (Debian package postgresql-client)")
    db = connection.settings_dict
    environment = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    result = subprocess.run(
        [
            dump,
            "--data-only",
            "-h",
            str(db["HOST"]),
            "-p",
            str(db["PORT"]),
            "-U",
            str(db["USER"]),
            str(db["NAME"]),
        ],
        capture_output=True,
        env=environment,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    text = result.stdout
    assert b"TESTOV" in text  # the dump holds the worker
    for variant in ("QZ7391847", "qz7391847", "QZ 7391847", "qz 7391847", "7391847"):
        assert variant.encode() not in text, variant
    with django_db_blocker.unblock():
        assert [w.pk for w in find_workers_by_passport("qz7391847")] == [committed_worker.pk]
