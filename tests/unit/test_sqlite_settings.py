"""SQLite is configured for durability and concurrency: WAL, synchronous=FULL, busy timeout,
BEGIN IMMEDIATE. Checked on a real database file through Django's own backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.utils import ConnectionHandler

from jumush.settings import _database


def test_sqlite_connection_uses_wal_full_sync_busy_timeout(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    db = _database(f"sqlite:///{tmp_path / 'jumush.sqlite3'}")
    handler = ConnectionHandler({"default": db})
    conn = handler["default"]
    with django_db_blocker.unblock():
        try:
            cursor = conn.cursor()
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 1000
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
        finally:
            conn.close()
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgresql_url_uses_psycopg_backend() -> None:
    db = _database("postgresql://jumush:pw@db.example:5433/jumush")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == (
        "db.example",
        5433,
        "jumush",
        "jumush",
    )
