"""`jumush audit verify`: check the audit chain and name every changed or deleted row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jumush.audit.log import verify
from jumush.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Check the hash-chained audit trail: exit 0 when intact, 1 naming each broken row."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify}")
        sub.add_parser("verify", help="recompute the chain; name changed or deleted rows")

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = [str(b) for b in verify()]
        if breaks:
            for line in breaks:
                self.stdout.write(line)
            raise CommandError(f"the audit chain is broken in {len(breaks)} place(s)")
        self.stdout.write(f"audit chain intact: {AuditEvent.objects.count()} rows")
