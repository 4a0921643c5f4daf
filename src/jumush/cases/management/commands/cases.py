"""`jumush cases escalate`: escalate grievance cases whose deadline passed (run from cron).

Safe to run as often as cron likes: each missed deadline is escalated once (cases/actions.py
`escalate`), all in one transaction. Prints one summary line (and, with --json, JSON).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jumush.cases import actions, queries
from jumush.cases.deadlines import Rag


class Command(BaseCommand):
    help = "Grievance cases: `escalate` raises the severity of cases past their deadline."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{escalate}")
        escalate = sub.add_parser("escalate", help="escalate missed deadlines (idempotent)")
        escalate.add_argument(
            "--now",
            help="the time to judge deadlines at, ISO 8601 with a zone (default: now)",
        )
        escalate.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options.get("now"):
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError(f"--now {options['now']!r} is not an ISO 8601 time") from exc
            if now.tzinfo is None:
                raise CommandError("--now needs a time zone, e.g. 2026-12-01T09:00:00+06:00")
        with transaction.atomic():
            done = actions.escalate(now)
        red = [r for r in queries.overdue(Q(), now=now) if r.rag is Rag.red]
        summary = {
            "at": now.isoformat(),
            "escalated": len(done),
            "references": [c.reference for c in done],
            "overdue_open": len(red),
        }
        if options.get("json"):
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"escalated {len(done)} case(s); {len(red)} open case(s) overdue at "
                f"{now.isoformat(timespec='minutes')}"
            )
