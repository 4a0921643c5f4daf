"""Accounts for tests, made through the real actions: an account of a role, signed in on a
test client, with its TOTP second factor passed for the roles that need one. People are
synthetic; phone numbers are from a range no one holds (+996 700 0xx xxx)."""

from __future__ import annotations

import itertools
import time

import pyotp
from django.contrib.auth.models import User
from django.test import Client

from jumush.accounts import actions
from jumush.accounts.access import TOTP_AT
from jumush.accounts.models import Account
from jumush.accounts.roles import NEEDS_TOTP, Role
from jumush.registry.models import Agency, Employer

_numbers = itertools.count(1)


def make_account(
    role: Role | str,
    *,
    employer: Employer | None = None,
    agency: Agency | None = None,
    username: str | None = None,
    password: str | None = None,
) -> Account:
    """An account of `role` signing in by a fresh synthetic e-mail (or `username`)."""
    role = Role(role)
    name = username or f"test-{role.value}-{next(_numbers)}@example.org"
    return actions.create_account(
        role=role, username=name, password=password, employer=employer, agency=agency
    )


def pass_totp(client: Client, user: User) -> None:
    """Set up the user's authenticator (once) and pass the TOTP check in the client's session,
    as `POST /auth/totp/verify` does."""
    device = getattr(user, "totp_device", None)
    if device is None or device.confirmed_at is None:
        enrolment = actions.enrol_totp(user, label="test")
        user.refresh_from_db()
        assert actions.check_totp(user, pyotp.TOTP(enrolment.secret).now())
    session = client.session
    session[TOTP_AT] = time.time()
    session.save()


def sign_in(client: Client, account: Account, *, totp: bool = True) -> Client:
    """`client` signed in as `account` (a new session), TOTP passed when its role needs it
    (unless `totp` is False)."""
    client.force_login(account.user)
    if totp and Role(account.role) in NEEDS_TOTP:
        pass_totp(client, account.user)
    return client


def signed_in(role: Role | str, **scope: Employer | Agency | None) -> Client:
    """A new client signed in as a new account of `role`."""
    return sign_in(Client(), make_account(role, **scope))
