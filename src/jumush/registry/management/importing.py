"""The CLI side of `jumush vacancies import` and `jumush workers import`: a progress bar on a
terminal, `--report FILE` (invalid rows as JSON lines), `--json` (a summary object as the
last line), and a human summary otherwise."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from jumush.core.jsonlines import json_line
from jumush.registry.formats import FORMATS, FileFormatError, Kind
from jumush.registry.imports import PARALLEL_MIN_ROWS, ImportResult, import_data

MAX_SHOWN = 20


def add_import_arguments(parser: CommandParser, kind: Kind) -> None:
    """FILE, --format, --report, --json."""
    parser.add_argument("file", help="the file to import (may be gzip-compressed)")
    formats = FORMATS if kind == "vacancies" else ("jsonl", "csv")
    parser.add_argument(
        "--format",
        choices=formats,
        help="file format (default: detected from the name and header)",
    )
    parser.add_argument(
        "--report",
        metavar="FILE",
        help="write each invalid row as a JSON line: row, field, value, reason",
    )
    parser.add_argument(
        "--processes",
        type=int,
        help=f"processes storing batches at once (default: 2 on a multi-core machine for "
        f"files over {PARALLEL_MIN_ROWS:,} rows, else 1)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print a summary object {"imported", "duplicates", "invalid"} as the last line',
    )


def run_import(command: BaseCommand, kind: Kind, options: dict[str, Any]) -> None:
    """Import options["file"] as `kind`, report, and exit 0 (all rows stored or already
    there), 1 (some rows invalid) or raise CommandError (file unreadable)."""
    path = Path(options["file"])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc
    report_path = Path(options["report"]) if options["report"] else None
    if report_path is not None:
        if report_path.resolve() == path.resolve():
            raise CommandError("--report must not be the file being imported")
        try:  # Before importing anything: a report that cannot be written is found now.
            report_path.open("w", encoding="utf-8").close()
        except OSError as exc:
            raise CommandError(f"--report {report_path}: {exc.strerror or exc}") from exc
    processes = options.get("processes")
    if processes is None:
        big = data.count(b"\n") > PARALLEL_MIN_ROWS
        processes = 2 if big and (os.cpu_count() or 1) > 1 else 1
    elif not 1 <= processes <= 16:
        raise CommandError(f"--processes {processes}: give 1 to 16")
    stderr = Console(file=sys.stderr)
    try:
        if stderr.is_terminal and not options["json"]:
            columns = (
                TextColumn(f"importing {kind}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=stderr, transient=True) as progress:
                task = progress.add_task(kind, total=None)

                def advance(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                result = import_data(
                    data,
                    kind,
                    file_name=path.name,
                    fmt=options["format"],
                    processes=processes,
                    on_progress=advance,
                    who=options.get("who"),
                )
        else:
            result = import_data(
                data,
                kind,
                file_name=path.name,
                fmt=options["format"],
                processes=processes,
                who=options.get("who"),
            )
    except FileFormatError as exc:
        raise CommandError(f"{path.name}: {exc.message}; nothing was imported") from exc
    except KeyboardInterrupt:
        stderr.print(
            "interrupted: every batch stored so far is complete; run the same command again "
            "to import the rest (stored rows count as duplicates)."
        )
        sys.exit(130)
    if report_path is not None:
        with report_path.open("w", encoding="utf-8") as out:
            for issue in result.issues:
                out.write(json_line(issue.as_dict(), default=str, allow_nan=False) + "\n")
    _print(command, kind, result, options["json"])
    if result.invalid:
        sys.exit(1)


def _print(command: BaseCommand, kind: Kind, result: ImportResult, as_json: bool) -> None:
    if as_json:
        command.stdout.write(json.dumps(result.summary(kind)))
        return
    console = Console(file=cast("IO[str]", command.stdout), highlight=False)
    console.print(
        f"{escape(result.file)} ({result.format}, {result.encoding}): {result.imported} {kind} "
        f"imported, {result.duplicates} already there, {result.invalid} invalid"
        + (
            f", {result.flagged} flagged as possible duplicates for review"
            if result.flagged
            else ""
        )
    )
    for issue in result.issues[:MAX_SHOWN]:
        where = "" if issue.field == "row" else f"{issue.field} = {issue.value!r}: "
        console.print(f"  row {issue.row}: {where}{issue.reason}", markup=False)
    if len(result.issues) > MAX_SHOWN:
        console.print(f"  … and {len(result.issues) - MAX_SHOWN} more (use --report FILE)")
