"""The `jumush` command: Django's management entry point with Jumush's settings.

Every verb is a management command (`jumush help`, `jumush serve --help`).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command; argv defaults to sys.argv."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jumush.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else sys.argv)


if __name__ == "__main__":
    main()
