"""`jumush match worker ID`: the published vacancies ranked for one worker, with reasons."""

from __future__ import annotations

import json
import uuid
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from jumush.core.errors import NotFound
from jumush.matching.profiles import ranked_for_worker
from jumush.registry import queries


class Command(BaseCommand):
    help = "Matching: published vacancies ranked for a worker, with the reasons."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="target", required=True, metavar="{worker}")
        worker = sub.add_parser("worker", help="rank the published vacancies for one worker")
        worker.add_argument("id", help="the worker's id (a UUID, as the API shows it)")
        worker.add_argument("--limit", type=int, default=20, help="how many (1-100, default 20)")
        worker.add_argument("--lang", choices=("ky", "ru", "en"), default="ru")
        worker.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["limit"] <= 100:
            raise CommandError(f"--limit {options['limit']}: give 1 to 100")
        try:
            worker = queries.get_worker(uuid.UUID(options["id"]))
        except (ValueError, NotFound) as exc:
            raise CommandError(f"no worker with id {options['id']!r}") from exc
        lang = options["lang"]
        matches = ranked_for_worker(worker, options["limit"], lang)
        if options["json"]:
            for m in matches:
                self.stdout.write(json.dumps(m, ensure_ascii=False))
            return
        table = Table("vacancy", "title", "country", "score", "why")
        for m in matches:
            table.add_row(
                str(m["vacancy_id"]),
                m["title"],
                m["country"],
                f"{m['score']:.2f}",
                "; ".join(m["reasons"]),
            )
        Console(file=cast("IO[str]", self.stdout), highlight=False).print(table)
