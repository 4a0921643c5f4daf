"""`jumush serve`: serve the application with gunicorn (a production WSGI server)."""

from __future__ import annotations

import socket
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from gunicorn.app.base import BaseApplication

from jumush.coding.service import get_coder
from jumush.matching import live
from jumush.taxonomy.load import missing_datasets


class _Gunicorn(BaseApplication):
    """gunicorn driven from Python (gunicorn docs, "Custom Application")."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from jumush.wsgi import application

        return application


class Command(BaseCommand):
    help = (
        "Serve Jumush over HTTP with gunicorn and whitenoise (static files). "
        "Run `jumush setup` first (scripts/run does)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
        )
        parser.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
        parser.add_argument(
            "--workers", type=int, default=2, help="worker processes (default 2, one per core)"
        )
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
        parser.add_argument(
            "--access-log",
            action="store_true",
            help="log each request line to stderr (off by default: URLs can carry search text)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["port"] <= 65535:
            raise CommandError(f"--port {options['port']} is not a TCP port (1-65535)")
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("the database has unapplied migrations: run `jumush setup` first")
        missing = missing_datasets()
        if missing:
            raise CommandError(
                f"reference data not loaded ({', '.join(missing)}): run `jumush setup` first"
            )
        # Build the occupation coder and the matching indexes once here, so that forked
        # workers share them (copy-on-write) and no first request waits for a build.
        get_coder(settings.CACHE_DIR)
        live.warm()
        connection.close()  # each gunicorn worker opens its own connection after the fork
        try:
            family = socket.AF_INET6 if ":" in options["host"] else socket.AF_INET
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind((options["host"], options["port"]))
        except OSError as exc:
            raise CommandError(
                f"cannot listen on {options['host']}:{options['port']}: {exc.strerror or exc}"
            ) from exc
        bind = f"{options['host']}:{options['port']}"
        if ":" in options["host"]:
            bind = f"[{options['host']}]:{options['port']}"
        self.stdout.write(f"Starting Jumush on http://{bind}/ (Ctrl-C stops)")
        _Gunicorn(
            {
                "bind": bind,
                "workers": options["workers"],
                "threads": options["threads"],
                "worker_class": "gthread",
                "timeout": 60,
                "graceful_timeout": 20,
                "accesslog": "-" if options["access_log"] else None,
                "errorlog": "-",
                "loglevel": settings.CONFIG.log_level.lower(),
                "proc_name": "jumush",
                "control_socket_disable": True,
                "limit_request_line": 8190,
            }
        ).run()
