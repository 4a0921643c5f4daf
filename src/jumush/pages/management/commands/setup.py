"""`jumush setup`: migrate the database, load reference data, collect static files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from jumush.coding.service import get_coder


class Command(BaseCommand):
    help = (
        "Prepare the database and files for serving: apply migrations, load (or skip unchanged) "
        "reference data, collect static files, build the occupation coder's cache. "
        "Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force-reference", action="store_true", help="reload reference data even if unchanged"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3") and str(db["NAME"]) != ":memory:":
            Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        args_ref = ["load"] + (["--force"] if options["force_reference"] else [])
        call_command("reference", *args_ref, verbosity=verbosity)
        call_command("collectstatic", interactive=False, verbosity=0)
        get_coder(settings.CACHE_DIR)  # built once here, then loaded from the cache
        self.stdout.write(
            "Setup done: database migrated, reference data loaded, static collected, "
            "occupation coder ready."
        )
