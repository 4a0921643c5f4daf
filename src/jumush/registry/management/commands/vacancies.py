"""`jumush vacancies import FILE`: bulk import of vacancies (job orders)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jumush.registry.management.importing import add_import_arguments, run_import


class Command(BaseCommand):
    help = "Vacancies (job orders): import from JSONL, CSV, or hh.ru / SuperJob exports."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import}")
        add_import_arguments(
            sub.add_parser("import", help="import vacancies from a file; invalid rows reported"),
            "vacancies",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run_import(self, "vacancies", options)
