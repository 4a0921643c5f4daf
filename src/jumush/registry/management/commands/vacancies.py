"""`jumush vacancies import FILE` and `jumush vacancies check FILE.json`."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from jumush.compliance.service import check_vacancy
from jumush.core.jsonlines import json_line
from jumush.registry.management.importing import add_import_arguments, run_import
from jumush.registry.schemas import VacancyIn, error_list

#: Exit codes of `vacancies check`.
EXIT = {"ok": 0, "warning": 1, "blocked": 2}
EXIT_INVALID = 3
MARK = {"block": "[bold red]BLOCK[/]", "warn": "[yellow]WARN[/] ", "info": "[blue]info[/] "}


class Command(BaseCommand):
    help = "Vacancies (job orders): import from files; check one against fair-recruitment rules."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,check}")
        add_import_arguments(
            sub.add_parser("import", help="import vacancies from a file; invalid rows reported"),
            "vacancies",
        )
        check = sub.add_parser(
            "check",
            help="screen one vacancy (the vacancy JSON) without storing it; exit 0 ok, "
            "1 warnings only, 2 blocked, 3 invalid input",
        )
        check.add_argument("file", help="a file holding one vacancy JSON object ('-': stdin)")
        check.add_argument(
            "--json",
            action="store_true",
            help='print {"status", "findings": [{"code", "severity", "message", "facts", '
            '"source"}]}',
        )
        check.add_argument(
            "--lang", choices=("ky", "ru", "en"), default="ru", help="language of the messages"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            run_import(self, "vacancies", options)
            return
        self._check(options)

    def _invalid(self, as_json: bool, errors: list[dict[str, Any]]) -> None:
        if as_json:
            self.stdout.write(json_line({"status": "invalid", "errors": errors}, default=str))
        else:
            for e in errors:
                sys.stderr.write(f"invalid: {e['field']}: {e['reason']}\n")
        sys.exit(EXIT_INVALID)

    def _check(self, options: dict[str, Any]) -> None:
        as_json = options["json"]
        name = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._invalid(
                as_json, [{"field": "file", "reason": f"cannot read {name}: {exc}", "value": None}]
            )
            return
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            self._invalid(as_json, [{"field": "file", "reason": f"not JSON: {exc}", "value": None}])
            return
        try:
            vacancy = VacancyIn.model_validate(data)
        except ValidationError as exc:
            self._invalid(as_json, error_list(exc))
            return
        result = check_vacancy(vacancy, today=timezone.localdate())
        if as_json:
            self.stdout.write(json_line(result.as_dict(options["lang"])))
        else:
            console = Console(file=cast("IO[str]", self.stdout), highlight=False)
            title = escape(vacancy.title)
            console.print(
                f"[bold]{title}[/] → {vacancy.destination.country}, rules in force on "
                f"{result.checked_on.isoformat()}: [bold]{result.status}[/]"
            )
            for f in result.findings:
                line = Text.from_markup(f"  {MARK[f.severity]} {f.code}: ")
                console.print(line + Text(f.message[options["lang"]]))
        sys.exit(EXIT[result.status])
