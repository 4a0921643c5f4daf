"""The `jumush` command: Django's management entry point with Jumush's settings.

Every verb is a management command (`jumush help`, `jumush serve --help`).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command; argv defaults to sys.argv."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jumush.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    from jumush.config import ConfigError

    try:
        execute_from_command_line(argv if argv is not None else sys.argv)
    except (ConfigError, ImproperlyConfigured) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(f"jumush: configuration error: {first_line}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("jumush: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except DatabaseError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(
            f"jumush: database error: {first_line}\n"
            "  Is JUMUSH_DATABASE_URL right, the server running, and `jumush setup` done?\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
