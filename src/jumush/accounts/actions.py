"""Writes of accounts: sign-up, staff accounts, role revocation, ended sessions, TOTP enrolment
and checks, personal access tokens. Callers open the transaction (the edge); each write that
matters is audited inside it."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import pyotp
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jumush.accounts.access import Actor, token_digest
from jumush.accounts.backends import sign_in_name
from jumush.accounts.models import AccessToken, Account, TotpDevice
from jumush.accounts.passwords import MAX_PASSWORD_LENGTH
from jumush.accounts.roles import TOKEN_ACTIONS, Role
from jumush.audit.log import Who, record
from jumush.audit.models import Outcome
from jumush.core.crypto import open_sealed, seal
from jumush.core.errors import Conflict, InvalidInput, NotFound
from jumush.registry.models import Agency, Employer, Worker

TOTP_ISSUER = "Jumush"
#: Wrong TOTP codes allowed in one session before it is ended (sign in again: throttled).
TOTP_MAX_FAILURES = 5
TOKEN_MAX_DAYS = 365


def _check_password(password: str, user: User) -> None:
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            f"a password has at most {MAX_PASSWORD_LENGTH} characters",
            code="password.too_long",
            field="password",
        )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(
            " ".join(str(m) for m in exc.messages), code="password.weak", field="password"
        ) from exc


def _names(identifier: str) -> tuple[str | None, str | None]:
    """(phone, email) from one sign-in name. Raises InvalidInput when it is neither."""
    name = sign_in_name(identifier)
    if name is None:
        raise InvalidInput(
            "give a phone number (+996 ...) or an e-mail address",
            code="account.name_invalid",
            field="username",
        )
    return (None, name) if "@" in name else (name, None)


def create_account(
    *,
    role: Role,
    username: str,
    password: str | None,
    employer: Employer | None = None,
    agency: Agency | None = None,
    consent_text_version: str = "",
    by: Who | None = None,
) -> Account:
    """A user and its account with `role`, signing in by `username` (phone or e-mail).
    `password` None leaves the password unusable (set it later). Raises InvalidInput (bad
    name, weak password, missing scope), Conflict (the name is taken)."""
    phone, email = _names(username)
    if role is Role.employer_staff and employer is None:
        raise InvalidInput("employer staff need their employer", code="account.scope_missing")
    if role is Role.agency_staff and agency is None:
        raise InvalidInput("agency staff need their agency", code="account.scope_missing")
    # The admin sign-in form lets only is_staff users try; the admin site itself lets in only
    # an admin role in force with TOTP passed (admin_site.py), so is_staff grants nothing alone.
    user = User(
        username=f"u-{uuid.uuid4().hex[:20]}", email=email or "", is_staff=role is Role.admin
    )
    if password is None:
        user.set_unusable_password()
    else:
        _check_password(password, user)
        user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            account = Account.objects.create(
                user=user,
                phone=phone,
                email=email,
                role=role,
                employer=employer if role is Role.employer_staff else None,
                agency=agency if role is Role.agency_staff else None,
                consent_text_version=consent_text_version,
                consent_given_at=timezone.now() if consent_text_version else None,
            )
    except IntegrityError as exc:
        raise Conflict(
            "an account with this sign-in name exists already", code="account.exists"
        ) from exc
    who = by or Who(user.pk, role.value, "")
    record(who, "account.create", "account", str(user.pk), Outcome.ok)
    return account


def sign_up_worker(
    *, username: str, password: str, consent_text_version: str, address: str
) -> Account:
    """A worker's own sign-up, with their consent to the registry's use of their data."""
    if not consent_text_version.strip():
        raise InvalidInput("consent is needed to sign up", code="consent.missing", field="consent")
    return create_account(
        role=Role.worker,
        username=username,
        password=password,
        consent_text_version=consent_text_version.strip(),
        by=Who(None, "", address),
    )


def link_worker(account_id: int, worker: Worker, actor: Actor) -> None:
    """Link a worker's account to the registry record they registered themselves."""
    Account.objects.filter(pk=account_id, worker__isnull=True).update(worker=worker)
    record(actor.who, "account.link_worker", "worker", str(worker.public_id), Outcome.ok)


def revoke_role(account: Account, *, by: Who) -> None:
    """Take the account's role away; it loses every action on its next request."""
    Account.objects.filter(pk=account.pk).update(role_revoked_at=timezone.now())
    record(by, "account.revoke_role", "account", str(account.user_id), Outcome.ok)


def restore_role(account: Account, *, by: Who) -> None:
    Account.objects.filter(pk=account.pk).update(role_revoked_at=None)
    record(by, "account.restore_role", "account", str(account.user_id), Outcome.ok)


def end_sessions(account: Account, *, by: Who) -> None:
    """End every session the account has signed in so far (on each one's next request)."""
    Account.objects.filter(pk=account.pk).update(sessions_valid_after=timezone.now())
    record(by, "account.end_sessions", "account", str(account.user_id), Outcome.ok)


# --- TOTP -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    """What an authenticator app needs: the base32 `secret` and the `otpauth://` URI."""

    secret: str
    uri: str


def enrol_totp(user: User, *, label: str) -> Enrolment:
    """A new TOTP secret for `user` (replacing one not yet confirmed). Raises Conflict when a
    confirmed one exists (an admin resets it)."""
    device = TotpDevice.objects.filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        raise Conflict("a TOTP authenticator is set up already", code="totp.enrolled")
    secret = pyotp.random_base32()
    sealed, key_id = seal(secret)
    if device is None:
        TotpDevice.objects.create(user=user, secret_sealed=sealed, key_id=key_id)
    else:
        TotpDevice.objects.filter(pk=device.pk).update(
            secret_sealed=sealed, key_id=key_id, last_step=0
        )
    uri = pyotp.TOTP(secret).provisioning_uri(name=label, issuer_name=TOTP_ISSUER)
    return Enrolment(secret, uri)


def check_totp(user: User, code: str, *, now: float | None = None) -> bool:
    """True when `code` is the user's TOTP code for this 30-second step or the one before or
    after (clock drift), and no code of that step or a later one was accepted before (no
    replay). Confirms the device on its first right code."""
    code = code.strip().replace(" ", "")
    if not (len(code) == 6 and code.isdigit()):
        return False
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            return False
        totp = pyotp.TOTP(open_sealed(bytes(device.secret_sealed), device.key_id))
        now = time.time() if now is None else now
        step = int(now // totp.interval)
        for candidate in (step - 1, step, step + 1):
            if candidate <= device.last_step:
                continue
            if hmac.compare_digest(totp.at(candidate * totp.interval), code):
                TotpDevice.objects.filter(pk=device.pk).update(
                    last_step=candidate, confirmed_at=device.confirmed_at or timezone.now()
                )
                return True
    return False


def reset_totp(user: User, *, by: Who) -> None:
    """Remove the user's authenticator (lost phone); they enrol again at the next sign-in."""
    TotpDevice.objects.filter(user=user).delete()
    record(by, "account.reset_totp", "account", str(user.pk), Outcome.ok)


# --- Personal access tokens -----------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    """A new token: `token` is shown once; only its digest is stored."""

    token: str
    record: AccessToken


def issue_token(actor: Actor, *, name: str, scopes: Iterable[str], days: int) -> IssuedToken:
    """A personal access token for `actor`'s user that may take `scopes` (actions the actor may
    take now, and that tokens may carry) for `days` (1-365). Format `jmsh_<prefix>_<secret>`:
    256 random bits. Raises InvalidInput naming a scope that is not allowed."""
    if actor.user_id is None:
        raise InvalidInput("sign in first", code="token.anonymous")
    wanted = sorted(set(scopes))
    allowed = actor.actions & TOKEN_ACTIONS
    for scope in wanted:
        if scope not in allowed:
            raise InvalidInput(
                f"scope {scope!r} is not one this account may give a token",
                code="token.scope_invalid",
                field="scopes",
            )
    if not wanted:
        raise InvalidInput("give at least one scope", code="token.scope_invalid", field="scopes")
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise InvalidInput(
            f"a token lasts 1 to {TOKEN_MAX_DAYS} days", code="token.days_invalid", field="days"
        )
    prefix = secrets.token_hex(6)
    token = f"jmsh_{prefix}_{secrets.token_urlsafe(32)}"
    stored = AccessToken.objects.create(
        user_id=actor.user_id,
        name=name,
        prefix=prefix,
        digest=token_digest(token),
        scopes=wanted,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    record(actor.who, "token.issue", "token", str(stored.pk), Outcome.ok)
    return IssuedToken(token, stored)


def revoke_token(actor: Actor, token_id: int) -> None:
    """Revoke one of the actor's own tokens. Raises NotFound for another's or a missing one."""
    updated = AccessToken.objects.filter(
        pk=token_id, user_id=actor.uid, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not updated:
        raise NotFound(f"no token {token_id}", code="token.not_found")
    record(actor.who, "token.revoke", "token", str(token_id), Outcome.ok)
