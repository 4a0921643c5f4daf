"""`jumush match worker ID | vacancy ID | all --out FILE`: rankings with the reasons."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from jumush.core.errors import DomainError, NotFound
from jumush.core.jsonlines import json_line
from jumush.matching.batch import match_all
from jumush.matching.live import CHUNK
from jumush.matching.profiles import ranked_for_vacancy, ranked_for_worker
from jumush.registry import actions, queries


class Command(BaseCommand):
    help = "Matching: vacancies ranked for a worker, workers ranked for a vacancy, or all."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="target", required=True, metavar="{worker,vacancy,all}")
        worker = sub.add_parser("worker", help="rank the published vacancies for one worker")
        worker.add_argument("id", help="the worker's id (a UUID, as the API shows it)")
        vacancy = sub.add_parser("vacancy", help="rank the matched workers for one vacancy")
        vacancy.add_argument("id", help="the vacancy's id (a number, as the API shows it)")
        for p, default in ((worker, 20), (vacancy, 50)):
            p.add_argument(
                "--limit", type=int, default=default, help=f"how many (1-200, default {default})"
            )
            p.add_argument("--lang", choices=("ky", "ru", "en"), default="ru")
            p.add_argument("--json", action="store_true", help="one JSON object per line")
        every = sub.add_parser("all", help="every matched worker's top vacancies, as JSON Lines")
        every.add_argument("--out", required=True, help="the file to write ('-': standard output)")
        every.add_argument(
            "--limit", type=int, default=20, help="vacancies per worker (default 20)"
        )
        every.add_argument(
            "--processes", type=int, default=None, help="processes (default: 2 on 2+ cores)"
        )
        every.add_argument(
            "--chunk", type=int, default=CHUNK, help=f"worker ids per chunk (default {CHUNK:,})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if not 1 <= limit <= 200:
            raise CommandError(f"--limit {limit}: give 1 to 200")
        if options["target"] == "all":
            self._all(options)
            return
        lang = options["lang"]
        if options["target"] == "worker":
            try:
                worker = queries.get_worker(uuid.UUID(options["id"]))
            except (ValueError, NotFound) as exc:
                raise CommandError(f"no worker with id {options['id']!r}") from exc
            rows = ranked_for_worker(worker, limit, lang)
            columns: tuple[str, ...] = ("vacancy", "title", "country", "score", "why")
            cells: list[tuple[str, ...]] = [
                (
                    str(m["vacancy_id"]),
                    m["title"],
                    m["country"],
                    f"{m['score']:.2f}",
                    "; ".join(m["reasons"]),
                )
                for m in rows
            ]
        else:
            try:
                vacancy = actions.get_vacancy(int(options["id"]))
                rows = ranked_for_vacancy(vacancy, limit, lang)
            except ValueError as exc:
                raise CommandError(f"no vacancy with id {options['id']!r}") from exc
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            columns = ("worker", "occupations", "score", "why")
            cells = [
                (
                    str(m["worker_id"]),
                    " ".join(m["occupations"]),
                    f"{m['score']:.2f}",
                    "; ".join(m["reasons"]),
                )
                for m in rows
            ]
        if options["json"]:
            for m in rows:
                self.stdout.write(json_line(m))
            return
        table = Table()
        for i, name in enumerate(columns):
            # Ids are for copying: never cut or wrapped, whatever the width.
            table.add_column(name, no_wrap=i == 0, min_width=36 if name == "worker" else None)
        for row in cells:
            table.add_row(*map(escape, row))  # names and reasons are text, not markup
        Console(file=cast("IO[str]", self.stdout), highlight=False).print(table)

    def _all(self, options: dict[str, Any]) -> None:
        processes = options["processes"]
        if processes is None:
            processes = 2 if (os.cpu_count() or 1) > 1 else 1
        elif not 1 <= processes <= 16:
            raise CommandError(f"--processes {processes}: give 1 to 16")
        if options["chunk"] < 1:
            raise CommandError(f"--chunk {options['chunk']}: give a positive number")
        target = options["out"]
        if not target.strip():
            raise CommandError("--out: give a file name, or - for standard output")
        final = None if target == "-" else Path(target)
        if final is not None and final.is_dir():
            raise CommandError(f"--out {target}: is a directory")
        # A regular file is written beside the target and renamed at the end: a failed or
        # interrupted run leaves the previous file as it was, never a cut-off one. Anything
        # else (a pipe, a device) is written to directly.
        regular = final is not None and (final.is_file() or not final.exists())
        partial = final.with_name(f".{final.name}.partial") if final and regular else None
        try:
            if final is None:
                out = sys.stdout
            else:
                out = (partial or final).open("w", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"--out {target}: {exc.strerror or exc}") from exc
        stderr = Console(file=sys.stderr)
        run = {
            "k": options["limit"],
            "today": timezone.localdate(),
            "processes": processes,
            "chunk": options["chunk"],
        }
        finished = False
        try:
            if stderr.is_terminal:
                columns = (
                    TextColumn("matching"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                )
                with Progress(*columns, console=stderr, transient=True) as progress:
                    task = progress.add_task("workers", total=None)

                    def advance(done: int, total: int) -> None:
                        progress.update(task, completed=done, total=total)

                    workers, vacancies = match_all(out, **run, on_progress=advance)
            else:
                workers, vacancies = match_all(out, **run)
            if out is not sys.stdout:
                out.close()
            finished = True
        except OSError as exc:
            raise CommandError(f"--out {target}: {exc.strerror or exc} (nothing written)") from exc
        finally:
            if out is not sys.stdout:
                out.close()
                if partial is not None and final is not None and partial.exists():
                    if finished:
                        os.replace(partial, final)
                    else:
                        partial.unlink()
        where = "standard output" if target == "-" else target
        self.stderr.write(
            f"{workers} workers ranked against {vacancies} published vacancies; written to {where}",
            style_func=lambda text: text,  # a summary, not an error: no red
        )
