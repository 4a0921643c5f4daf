"""`jumush demo seed`: fill the registry with synthetic workers, employers, agencies and
vacancies, so that matching has something to show."""

from __future__ import annotations

import json
import sys
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from jumush.demo import seed, synthetic
from jumush.demo.seed import DemoDataError, SeedResult


class Command(BaseCommand):
    help = "Demo data: fill the registry with synthetic workers and vacancies."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{seed}")
        fill = sub.add_parser(
            "seed",
            help="add synthetic workers, employers, agencies and vacancies (source 'demo'); "
            "rows already there are skipped",
        )
        fill.add_argument(
            "--workers",
            type=int,
            default=seed.DEFAULT_WORKERS,
            metavar="N",
            help=f"how many workers (default {seed.DEFAULT_WORKERS:,})",
        )
        fill.add_argument(
            "--vacancies",
            type=int,
            default=seed.DEFAULT_VACANCIES,
            metavar="M",
            help=f"how many vacancies (default {seed.DEFAULT_VACANCIES:,}; one employer per "
            "20 and one agency per 200 come with them)",
        )
        fill.add_argument(
            "--seed",
            type=int,
            default=seed.DEFAULT_SEED,
            metavar="S",
            help=f"random seed: the same seed gives the same data (default {seed.DEFAULT_SEED})",
        )
        fill.add_argument(
            "--replace",
            action="store_true",
            help="delete all demo rows first (only rows with source 'demo')",
        )
        fill.add_argument(
            "--json", action="store_true", help="print the summary as one JSON object"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name, limit in (
            ("workers", synthetic.MAX_WORKERS),
            ("vacancies", synthetic.MAX_VACANCIES),
        ):
            if not 0 <= options[name] <= limit:
                raise CommandError(f"--{name} {options[name]}: give 0 to {limit:,}")
        if options["seed"] < 0:
            raise CommandError(f"--seed {options['seed']}: give 0 or more")
        kwargs = {
            "workers": options["workers"],
            "vacancies": options["vacancies"],
            "seed": options["seed"],
            "replace": options["replace"],
        }
        stderr = Console(file=sys.stderr)
        try:
            if stderr.is_terminal and not options["json"]:
                columns = (
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                )
                with Progress(*columns, console=stderr, transient=True) as progress:
                    tasks = {
                        kind: progress.add_task(f"seeding {kind}", total=options[kind])
                        for kind in ("vacancies", "workers")
                    }

                    def advance(kind: str, done: int, total: int) -> None:
                        if kind in tasks:
                            progress.update(tasks[kind], completed=done, total=total)

                    result = seed.seed_demo(**kwargs, on_progress=advance)
            else:
                result = seed.seed_demo(**kwargs)
        except DemoDataError as exc:
            raise CommandError(exc.message) from exc
        except IntegrityError as exc:
            raise CommandError(
                f"cannot store or replace the demo data: {exc} (is a record that is not "
                "demo data linked to a demo employer or agency?)"
            ) from exc
        except KeyboardInterrupt:
            stderr.print(
                "interrupted: every chunk stored so far is complete; run the same command "
                "again to add the rest (stored rows are skipped)."
            )
            sys.exit(130)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
            return
        self._print(result)

    def _print(self, result: SeedResult) -> None:
        console = Console(file=cast("IO[str]", self.stdout), highlight=False, soft_wrap=True)
        if result.deleted:
            console.print(
                "deleted earlier demo data: "
                + ", ".join(f"{n:,} {table}" for table, n in result.deleted.items())
            )
        for kind, counts in (
            ("employers", result.employers),
            ("agencies", result.agencies),
            ("vacancies", result.vacancies),
            ("workers", result.workers),
        ):
            line = f"{kind}: {counts.created:,} created"
            if counts.skipped:
                line += f", {counts.skipped:,} already there (skipped)"
            if kind == "vacancies" and result.vacancy_status:
                line += (
                    " ("
                    + ", ".join(
                        f"{n:,} {status}" for status, n in sorted(result.vacancy_status.items())
                    )
                    + ")"
                )
            console.print(line)
        children = [
            f"{result.rows[t]:,} {label}"
            for t, label in (
                ("workeroccupation", "occupations"),
                ("workerlanguage", "languages"),
                ("workerskill", "skills"),
                ("workerdestination", "wanted destinations"),
            )
            if result.rows[t]
        ]
        if children:
            console.print("with the workers: " + ", ".join(children))
        shown = seed.demo_workers(1)
        if shown:
            console.print(
                "try: jumush match worker "
                f"{shown[0].public_id}   ({shown[0].given_names_latin}, a demo job seeker)"
            )
