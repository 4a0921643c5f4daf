"""`jumush accounts create`: an account with a role, e.g. the first admin (the password is asked
for, never taken from the command line)."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jumush.accounts import actions
from jumush.accounts.roles import Role
from jumush.audit.log import Who
from jumush.core.errors import DomainError
from jumush.registry import queries


class Command(BaseCommand):
    help = "Create an account with a role (sign-in by phone or e-mail)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create}")
        create = sub.add_parser("create", help="create an account; the password is asked for")
        create.add_argument("username", help="phone (+996...) or e-mail")
        create.add_argument("--role", required=True, choices=[r.value for r in Role])
        create.add_argument("--employer-id", type=int, help="for employer_staff")
        create.add_argument("--agency", help="licence number, for agency_staff")

    def handle(self, *args: Any, **options: Any) -> None:
        role = Role(options["role"])
        try:
            employer = (
                queries.get_employer(options["employer_id"]) if options["employer_id"] else None
            )
            agency = queries.get_agency(options["agency"]) if options["agency"] else None
            password = getpass.getpass("Password (12 characters or more): ")
            if password != getpass.getpass("Again: "):
                raise CommandError("the two passwords differ")
            with transaction.atomic():
                account = actions.create_account(
                    role=role,
                    username=options["username"],
                    password=password,
                    employer=employer,
                    agency=agency,
                    by=Who(None, "cli", ""),
                )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"account {account.user_id} created with role {role.value}")
        if role.value in ("officer", "case_worker", "auditor", "admin"):
            self.stdout.write(
                "It must set up TOTP at its first sign-in (POST /api/v1/auth/totp/enrol)."
            )
