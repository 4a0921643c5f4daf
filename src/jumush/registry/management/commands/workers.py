"""`jumush workers import FILE`: bulk import of job seekers (e.g. a migrant centre's list)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jumush.registry.management.importing import add_import_arguments, run_import


class Command(BaseCommand):
    help = "Workers: import job seekers from JSONL or CSV; possible duplicates flagged."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import}")
        add_import_arguments(
            sub.add_parser("import", help="import workers from a file; invalid rows reported"),
            "workers",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run_import(self, "workers", options)
