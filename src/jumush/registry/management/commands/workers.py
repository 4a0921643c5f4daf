"""`jumush workers import FILE`: bulk import of job seekers (e.g. a migrant centre's list).
`jumush workers export ID`: everything held about one worker, as JSON.
`jumush workers erase ID`: erase one worker's personal data (statistics kept).

Each is audited: as the account given with `--actor` (phone or e-mail; its role must allow
the action), else as the operating-system user (role "cli", address "cli:<user>")."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jumush.accounts import personal_data
from jumush.audit.log import Who, record
from jumush.audit.models import Outcome
from jumush.core.errors import DomainError
from jumush.registry import queries
from jumush.registry.management.importing import add_import_arguments, run_import

ACTOR_HELP = (
    "the account (phone or e-mail) the audit names as doing this; default: the "
    "operating-system user"
)


class Command(BaseCommand):
    help = (
        "Workers: import job seekers from JSONL or CSV (possible duplicates flagged); export "
        "or erase one worker's personal data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,export,erase}")
        importing = sub.add_parser(
            "import", help="import workers from a file; invalid rows reported"
        )
        add_import_arguments(importing, "workers")
        importing.add_argument("--actor", help=ACTOR_HELP)
        export = sub.add_parser("export", help="everything held about a worker, as JSON")
        export.add_argument("worker_id", help="the worker's public id (UUID)")
        export.add_argument(
            "--out", metavar="FILE", help="write to FILE (default: standard output)"
        )
        export.add_argument("--actor", help=ACTOR_HELP)
        erase = sub.add_parser(
            "erase", help="erase a worker's personal data; statistics kept; audited"
        )
        erase.add_argument("worker_id", help="the worker's public id (UUID)")
        erase.add_argument("--actor", help=ACTOR_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        verb = {"import": "worker.import", "export": "worker.export", "erase": "worker.erase"}
        try:
            who = personal_data.command_line_who(options.get("actor"), verb[action])
        except DomainError as exc:
            raise CommandError(f"--actor: {exc.message}") from exc
        if action == "import":
            run_import(self, "workers", {**options, "who": who})
            return
        try:
            public_id = uuid.UUID(options["worker_id"])
        except ValueError as exc:
            raise CommandError(f"{options['worker_id']!r} is not a worker id (a UUID)") from exc
        if action == "export":
            self._export(who, public_id, options.get("out"))
        else:
            self._erase(who, public_id)

    def _export(self, who: Who, public_id: uuid.UUID, out: str | None) -> None:
        with transaction.atomic():
            worker = queries.find_worker(public_id)
            if worker is None:
                record(who, "worker.export", "worker", str(public_id), Outcome.missing)
                raise CommandError(f"no worker {public_id}")
            record(who, "worker.export", "worker", str(public_id), Outcome.ok)
            data = personal_data.export_worker(worker)
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if out is None:
            self.stdout.write(text)
            return
        path = Path(out)
        try:
            path.write_text(text + "\n", encoding="utf-8")
            path.chmod(0o600)
        except OSError as exc:
            raise CommandError(f"--out {path}: {exc.strerror or exc}") from exc
        self.stdout.write(f"written to {path} (readable by you only: it holds personal data)")

    def _erase(self, who: Who, public_id: uuid.UUID) -> None:
        with transaction.atomic():
            done = personal_data.already_erased(who, public_id)
            if done is None:
                worker = queries.find_worker(public_id)
                if worker is None:
                    record(who, "worker.erase", "worker", str(public_id), Outcome.missing)
                    raise CommandError(f"no worker {public_id}")
                done = personal_data.erase_worker(who=who, worker=worker)
        if done.already_erased:
            self.stdout.write(
                f"worker {public_id} was erased already, at {done.erased_at:%Y-%m-%d %H:%M} UTC"
            )
        else:
            self.stdout.write(
                f"worker {public_id} erased: personal data removed, statistics kept, "
                f"{done.audit_rows_pseudonymised} audit rows pseudonymised"
            )
