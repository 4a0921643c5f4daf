"""`jumush reference load|status`: the shipped reference taxonomies in the database."""

from __future__ import annotations

from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from jumush.taxonomy.load import DATASETS, ReferenceDataError, load_reference_data
from jumush.taxonomy.models import ReferenceDataset


class Command(BaseCommand):
    help = (
        "Load the shipped reference data (ISCO-08, ESCO, ISO lists, CEFR) or show what is loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,status}")
        load = sub.add_parser("load", help="load datasets whose files changed (idempotent)")
        load.add_argument("--force", action="store_true", help="reload every dataset")
        sub.add_parser("status", help="show each dataset's loaded version, rows and date")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast("IO[str]", self.stdout), highlight=False, width=120)
        if options["action"] == "status":
            self._status(console)
            return
        quiet = options["verbosity"] == 0
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            disable=quiet or not console.is_terminal,
            transient=True,
        ) as bar:
            tasks: dict[str, TaskID] = {}

            def progress(name: str, done: int, total: int) -> None:
                if name not in tasks:
                    tasks[name] = bar.add_task(name, total=total)
                bar.update(tasks[name], completed=done, total=total)

            try:
                results = load_reference_data(force=options["force"], progress=progress)
            except ReferenceDataError as exc:
                raise CommandError(str(exc)) from exc
        if not quiet:
            for r in results:
                console.print(f"{r.name:<18} {r.status:<10} {r.rows:>7} rows  ({r.version})")

    def _status(self, console: Console) -> None:
        loaded = {d.name: d for d in ReferenceDataset.objects.all()}
        table = Table("dataset", "version", "rows", "loaded at", "current")
        for ds in DATASETS:
            row = loaded.get(ds.name)
            if row is None:
                table.add_row(ds.name, "-", "-", "not loaded", "no")
            else:
                table.add_row(
                    ds.name,
                    row.version,
                    str(row.row_count),
                    row.loaded_at.isoformat(timespec="seconds"),
                    "yes" if row.sha256 == ds.fingerprint else "no (run: jumush reference load)",
                )
        console.print(table)
